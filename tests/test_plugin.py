"""The pytest plugin as a vendor and a QA engineer meet it: from any folder, one file, one typo, one failure."""

from __future__ import annotations

from pathlib import Path

from .plugin_support import ROOT, bench_rig, closed_port, run_elsewhere

FAILING = """\
@rig
Feature: A vendor's own checks

  @certification @req-61851-pwm-offer @needs-ev-emulator
  Scenario: The controller offers half its current with nothing plugged in
    Given the charge controller "CP-1"
    Then the measured PWM duty cycle is 50 % within 1 %
"""


def test_pytest_with_a_rig_path_runs_the_packaged_scenarios_from_any_folder(tmp_path: Path) -> None:
    """Before: `pytest --rig PATH` was 'unrecognized arguments' and outside the checkout found no scenario."""
    rig = bench_rig(tmp_path / "benches" / "lab-3.toml")
    done = run_elsewhere(["pytest", "--rig", str(rig), "-m", "login and not needs-nfc", "-q", "-rA"], cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    passed = [line for line in done.stdout.splitlines() if line.startswith("PASSED")]
    assert len(passed) >= 5 and all("controller/login.feature::" in line for line in passed), done.stdout[-3000:]


def test_one_feature_file_runs_alone(tmp_path: Path) -> None:
    done = run_elsewhere(["pytest", "features/controller/login.feature", "--collect-only", "-q"], cwd=ROOT)
    collected = [line for line in done.stdout.splitlines() if "::" in line]
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert collected and all(line.startswith("features/controller/login.feature::") for line in collected), collected


def test_a_tag_typo_names_its_file_and_line_and_the_tag_meant(tmp_path: Path) -> None:
    """Before: one unregistered tag aborted the collection of every scenario without naming the file."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "typo.feature").write_text(FAILING.replace("@req-61851-pwm-offer", "@req-61851-pwm-ofer"))
    done = run_elsewhere(["pytest", "--rig", "sim", "--features", str(mine), "--collect-only", "-q"], cwd=tmp_path)
    assert done.returncode != 0
    assert "mine/typo.feature:4: tag @req-61851-pwm-ofer is not registered (did you mean @req-61851-pwm-offer?)" in done.stdout, done.stdout[-3000:]
    assert "Traceback" not in done.stdout + done.stderr


def test_a_failure_names_the_gherkin_step_with_its_file_and_line(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "pwm.feature").write_text(FAILING)
    rig = bench_rig(tmp_path / "lab-3.toml")
    done = run_elsewhere(["pytest", str(mine / "pwm.feature"), "--rig", str(rig), "-q"], cwd=tmp_path)
    assert done.returncode == 1, done.stdout[-3000:]
    assert "Gherkin step that failed" in done.stdout
    assert "mine/pwm.feature:7: Then the measured PWM duty cycle is 50 % within 1 %" in done.stdout, done.stdout[-3000:]
    assert "measurement out of limits: PWM duty cycle = 100 %, limits [49, 51] %: FAIL" in done.stdout


def test_an_unknown_rig_is_one_error_not_one_per_scenario(tmp_path: Path) -> None:
    """Before: the error repeated for each of 264 scenarios."""
    done = run_elsewhere(["pytest", "--rig", "no-such-bench", "-q"], cwd=tmp_path)
    out = done.stdout + done.stderr
    assert done.returncode == 4 and out.count("no rig named 'no-such-bench'") == 1, out[-3000:]


def test_an_unreachable_controller_stops_the_run_with_one_table(tmp_path: Path) -> None:
    """Before: 18,625 lines of connection errors, one traceback per scenario."""
    url = f"http://127.0.0.1:{closed_port()}"
    done = run_elsewhere(["pytest", "--rig", url, "-q"], cwd=tmp_path)
    out = done.stdout + done.stderr
    assert done.returncode == 2, out[-3000:]
    assert "is not ready; rig check says:" in out and "CP-1 REST API  FAIL" in out and url in out, out[-3000:]
    assert len(out.splitlines()) < 30, out


def test_a_bench_wait_shows_what_it_waits_for_and_how_long_is_left(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "wait.feature").write_text("@rig\nFeature: Waiting\n\n  Scenario: A bench waits\n    Given the charge controller \"CP-1\"\n    When 3 seconds pass\n")
    rig = bench_rig(tmp_path / "lab-3.toml", drop=("virtual-time",))
    done = run_elsewhere(["pytest", str(mine / "wait.feature"), "--rig", str(rig), "-q"], cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:]
    what = "'When 3 seconds pass' (mine/wait.feature:6, step 2 of 2 of 'A bench waits')"
    assert f"waiting 0:00:03 for {what}" in done.stdout, done.stdout
    assert f"0:00:02 left: {what}" in done.stdout and f"done waiting 0:00:03: {what}" in done.stdout
