"""The rigs end to end, as a vendor runs them: other rig files, rig check, certify (subprocesses)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHARGEBENCH = [sys.executable, "-m", "simulator"]


def run(args: list[str], timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_the_charging_scenarios_pass_with_the_instrument_over_socket() -> None:
    """sim-socket.toml reaches every instrument over socket://: nothing depends on a local device."""
    done = run([sys.executable, "-m", "pytest", "tests/test_features.py", "-q", "-p", "no:randomly", "--rig", "sim-socket",
                "-m", "charging and needs-ev-emulator", "-k", "not nfc"])
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout


def test_rig_check_prints_what_works_on_the_simulator_rig() -> None:
    done = run(CHARGEBENCH + ["rig", "check", "--rig", "sim-socket"])
    assert "CP-1 REST API    ok" in done.stdout and "firmware" in done.stdout, done.stdout + done.stderr
    assert "CP-1 instrument  ok      socket://127.0.0.1:" in done.stdout


def test_rig_check_names_an_unreachable_instrument(tmp_path: Path) -> None:
    rig = (ROOT / "rigs/benches/sim.toml").read_text().replace("{pty[CP-1]}", "/dev/ttyNOSUCH7")
    (tmp_path / "broken.toml").write_text(rig.replace('name = "sim"', 'name = "sim-broken"'))
    done = run(CHARGEBENCH + ["rig", "check", "--rig", str(tmp_path / "broken.toml")])
    assert done.returncode == 1
    assert "CP-1 instrument  FAIL" in done.stdout and "/dev/ttyNOSUCH7" in done.stdout, done.stdout + done.stderr


def test_certify_lists_every_requirement_and_skips_what_the_rig_lacks(tmp_path: Path) -> None:
    rig = (ROOT / "rigs/benches/sim.toml").read_text()
    # Without "nfc" too: this very test run holds the vpcd slots, and the nested run must not need them.
    rig = rig.replace('name = "sim"', 'name = "sim-no-mains-switch"').replace('"power-switch", ', "").replace(', "nfc"]', "]")
    (tmp_path / "rig.toml").write_text(rig)
    done = run(CHARGEBENCH + ["certify", "--rig", str(tmp_path / "rig.toml"), "--out", str(tmp_path / "out")])
    out = next((tmp_path / "out").iterdir())
    summary = json.loads((out / "certification.json").read_text())
    assert done.returncode == 0, done.stdout[-3000:]
    assert summary["rig"] == "sim-no-mains-switch" and summary["firmwareVersion"] and summary["chargebenchVersion"]
    results = {r["requirement"]: r for r in summary["requirements"]}
    assert results["req-001-login-token"]["result"] == "pass"
    assert results["req-61851-pwm-offer"]["result"] == "pass"
    power_loss = results["req-001-power-loss"]
    assert power_loss["result"] == "skip"
    assert "lacks feature 'power-switch'" in power_loss["scenarios"][0]["reason"]
    measured = [m for s in results["req-61851-pwm-offer"]["scenarios"] for m in s["measurements"]]
    duty = [m for m in measured if m["name"] == "PWM duty cycle" and m["passed"] and m["low"] < 26.67 < m["high"]]
    assert duty and duty[0]["unit"] == "%" and abs(duty[0]["value"] - 26.67) < 0.05, measured
    page = (out / "certification.html").read_text()
    for requirement in results:
        assert requirement in page
    assert "lacks feature &#x27;power-switch&#x27;" in page
    assert any((out / "allure-results").glob("*-attachment.json")), "no evidence attached in the Allure results"
