"""Every bad option value is one line and exit code 2, checked before any work; no traceback."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.clock import ClockMode, SimClock


def run_cli(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exit:
        return int(exit.code or 0)


@pytest.mark.parametrize(("argv", "named"), [
    (["serve", "--port", "70000"], "--port: 70000 is not a port number from 0 to 65535"),
    (["serve", "--port", "-1"], "--port: -1 is not a port number"),
    (["serve", "--port", "http"], "--port: 'http' is not a port number"),
    (["serve", "--factor", "nan"], "--factor: 'nan' must be a finite number above 0"),
    (["serve", "--factor", "inf"], "--factor: 'inf' must be a finite number above 0"),
    (["serve", "--factor", "0"], "--factor: '0' must be a finite number above 0"),
    (["serve", "--factor", "-1"], "--factor: '-1' must be a finite number above 0"),
    (["serve", "--seed", "x"], "--seed: invalid int value: 'x'"),
    (["serve", "--bogus"], "unrecognized arguments: --bogus"),
    (["certify", "--features", "/no/such/folder"], "--features: /no/such/folder is not a folder"),
])
def test_a_bad_option_value_is_one_line_naming_it_and_exit_code_2(argv: list[str], named: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(argv) == 2
    err = capsys.readouterr().err
    assert named in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err


def test_an_unwritable_certify_folder_is_refused_before_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before: the whole certification ran, then writing its report raised a traceback."""
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert run_cli(["certify", "--rig", "sim", "--out", str(blocker / "reports")]) == 2
    err = capsys.readouterr().err
    assert f"--out: cannot write to {blocker / 'reports'}" in err and len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize("command", [["rig", "check"], ["certify"]])
def test_an_unknown_rig_is_named_once(command: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run_cli([*command, "--rig", "no-such-bench", *(["--out", str(tmp_path)] if command == ["certify"] else [])]) == 2
    err = capsys.readouterr().err
    assert err.count("no rig named 'no-such-bench'") == 1 and "Traceback" not in err, err


@pytest.mark.parametrize("factor", [math.nan, math.inf, 0.0, -1.0])
def test_the_clock_refuses_a_factor_that_would_freeze_it_or_answer_invalid_json(factor: float) -> None:
    """``--factor nan`` froze the clock and /sim/clock answered ``"factor": NaN``, which is no JSON."""
    with pytest.raises(ValueError, match="finite number above 0"):
        SimClock(ClockMode.REALTIME, factor)
