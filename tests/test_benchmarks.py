"""The benchmarks still run to their verdict: small sizes, the figures themselves are not judged here.

``nfc_vs_rest.py`` is not run here: it needs a free vpcd slot, and the test
session's simulator holds them for the NFC scenarios."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"


def run(script: str, *args: str) -> str:
    """The benchmark on this checkout's code (a script's own folder comes first on its path)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_model_event_rate_reports_ratio_and_allowance() -> None:
    out = run("model_event_rate.py", "--controllers", "20", "--hours", "6", "--rounds", "1")
    assert re.search(r"ratio\s+: \d+% of bare SimPy, .* \(goal >= 33%\) -> (PASS|FAIL)", out), out
    assert re.search(r"fleet\s+: 20 controllers for 6 h of model time take [\d.]+ s of CPU time", out), out
    assert re.search(r"trace\s+: [\d.]+ records per event", out), out


def test_api_throughput_reports_a_ratio_for_each_api_under_wrk() -> None:
    out = run("api_throughput.py", "--duration", "1", "--rounds", "1", "--connections", "4")
    for name in ("controller", "ABS", "OIOI"):
        assert re.search(rf"{name} +simulator +: +[\d,]+ req/s .* us CPU per request", out), out
    verdicts = re.findall(r"simulator / bare handler: rate \d+% \(pairs ranged \d+%-\d+%\) \(goal >= \d+%\) -> (?:PASS|FAIL); "
                          r"by CPU per request \d+%", out)
    assert len(verdicts) == 3, out


def test_model_cost_reports_flatness_and_the_big_run() -> None:
    out = run("model_cost.py", "--sizes", "20", "60", "--days", "1", "--rounds", "1")
    assert re.search(r"flatness: the dearest size costs [\d.]+ \([\d.]+-[\d.]+\)x the cheapest", out), out
    assert re.search(r"60 controllers x 1 days: [\d.]+ s CPU .* MB", out), out
    assert re.search(r"gc tuned / default at 60 controllers: [\d.]+", out), out


def test_roaming_lookup_reports_each_call_at_both_sizes() -> None:
    out = run("roaming_lookup.py", "--sizes", "10", "300", "--rounds", "1", "--calls", "50")
    for name in (r"bare dict \(baseline\)", "lookup by EVCO ID", "rfid-verify request"):
        assert re.search(rf"{name} +300 users: [\d.]+ \([\d.]+-[\d.]+\) us", out), out
        assert re.search(rf"{name} +300 / 10 users: [\d.]+ \([\d.]+-[\d.]+\)x", out), out
    verdicts = re.findall(r"growth / baseline's growth: [\d.]+ \([\d.]+-[\d.]+\) \(goal <= 1.25\) -> (?:PASS|FAIL)", out)
    assert len(verdicts) == 2, out


TWO_SITES = """seed = 5
epoch = "2026-01-05T00:00:00Z"
[fleet]
[[fleet.sites]]
name = "Work"
kind = "workplace"
controllers = 4
drivers = { count = 6 }
[[fleet.sites]]
name = "Town"
kind = "public"
controllers = 3
drivers = { count = 8 }
"""


def test_shards_benchmark_reports_both_sides_and_the_speedup(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="the optional extra 'scale' (Ray) is not installed")
    world = tmp_path / "two-sites.toml"
    world.write_text(TWO_SITES)
    out = run("shards.py", "--world", str(world), "--days", "1", "--rounds", "1")
    assert re.search(r"shards 1 : median [\d.]+ s \(range", out), out
    assert re.search(r"shards 2 : median [\d.]+ s \(range", out), out
    assert re.search(r"speed-up : [\d.]+x .*same merged result; goal >= 1.6x -> (PASS|FAIL)", out), out


def test_world_startup_reports_each_size_under_the_open_files_limit() -> None:
    out = run("world_startup.py", "--sizes", "100", "--rounds", "1")
    assert re.search(r"under ulimit -n 1024", out), out
    assert re.search(r"104 controllers \(100 in the fleet\): answers after [\d.]+ s .* CPU \(no goal at this size\)", out), out


def test_served_fleet_reports_clock_advance_and_each_api_against_the_small_world() -> None:
    out = run("served_fleet.py", "--controllers", "100", "--hours", "2", "--rounds", "1", "--duration", "1", "--connections", "4")
    assert re.search(r"clock advance: [\d,.]+ \([\d,.]+-[\d,.]+\) model hours per wall second .* -> (PASS|FAIL)", out), out
    verdicts = re.findall(r"104 controllers / 4 controllers: rate \d+% .* -> (?:PASS|FAIL); by CPU per request \d+%", out)
    assert len(verdicts) == 3, out
