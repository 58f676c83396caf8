"""The rigs end to end, as a vendor runs them: other rig files, rig check, certify (subprocesses)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHARGEBENCH = [sys.executable, "-m", "simulator"]


def run(args: list[str], timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_the_charging_scenarios_pass_with_the_instrument_over_socket() -> None:
    """sim-socket.toml reaches every instrument over socket://: nothing depends on a local device."""
    done = run([sys.executable, "-m", "pytest", "features/", "-q", "-p", "no:randomly", "--rig", "sim-socket",
                "-m", "charging and needs-ev-emulator", "-k", "not nfc"])
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout


def test_rig_check_prints_what_works_on_the_simulator_rig() -> None:
    done = run(CHARGEBENCH + ["rig", "check", "--rig", "sim-socket"])
    assert "CP-1 REST API    ok" in done.stdout and "firmware" in done.stdout, done.stdout + done.stderr
    assert "CP-1 instrument  ok      socket://127.0.0.1:" in done.stdout


def test_rig_check_fails_on_a_broken_resource_even_if_no_feature_needs_it(tmp_path: Path) -> None:
    """Before: FAIL rows of resources no feature needs left the exit code at 0."""
    rig = (ROOT / "rigs/benches/sim.toml").read_text().replace("{pty[CP-2]}", "/dev/ttyNOSUCH8").replace('name = "sim"', 'name = "sim-api-only"')
    rig = rig.replace('"ev-emulator", "ev-evccid", "card-presenter", "power-switch", "meter", ', "").replace(', "nfc"]', "]")
    (tmp_path / "api-only.toml").write_text(rig)
    done = run(CHARGEBENCH + ["rig", "check", "--rig", str(tmp_path / "api-only.toml")])
    assert "CP-2 instrument  FAIL" in done.stdout and "/dev/ttyNOSUCH8" in done.stdout, done.stdout + done.stderr
    assert done.returncode == 1


def test_rig_check_names_an_unreachable_instrument(tmp_path: Path) -> None:
    rig = (ROOT / "rigs/benches/sim.toml").read_text().replace("{pty[CP-1]}", "/dev/ttyNOSUCH7")
    (tmp_path / "broken.toml").write_text(rig.replace('name = "sim"', 'name = "sim-broken"'))
    done = run(CHARGEBENCH + ["rig", "check", "--rig", str(tmp_path / "broken.toml")])
    assert done.returncode == 1
    assert "CP-1 instrument  FAIL" in done.stdout and "/dev/ttyNOSUCH7" in done.stdout, done.stdout + done.stderr
