"""The benchmarks still run to their verdict: small sizes, the figures themselves are not judged here.

``nfc_vs_rest.py`` is not run here: it needs a free vpcd slot, and the test
session's simulator holds them for the NFC scenarios."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def run(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_model_event_rate_reports_ratio_and_allowance() -> None:
    out = run("model_event_rate.py", "--controllers", "20", "--hours", "6", "--rounds", "1")
    assert re.search(r"ratio\s+: \d+% of bare SimPy, .* \(goal >= 50%\) -> (PASS|FAIL)", out), out
    assert re.search(r"fleet\s+: 20 controllers for 6 h of model time take [\d.]+ s", out), out
    assert re.search(r"trace\s+: [\d.]+ records per event", out), out


def test_controller_throughput_reports_ratio() -> None:
    out = run("controller_throughput.py", "--requests", "300", "--concurrency", "4", "--rounds", "1")
    assert re.search(r"\d+% .*goal", out), out
