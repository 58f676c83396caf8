"""The quick start's first command: `chargebench serve` runs the default world in real
time; a client logs in and reads the system state; Ctrl-C (SIGTERM here) stops it."""

from __future__ import annotations

import re
import resource
import signal
import subprocess
import sys
import urllib.request

from rigs.controller import ControllerClient, RestTransport
from simulator.open_files import files_needed


def test_serve_prints_urls_and_answers_a_logged_in_client() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "simulator", "serve", "--port", "0", "--factor", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Ctrl-C stops"):
                break
        banner = "".join(lines)
        url = re.search(r"controller CP-1\s+(\S+)/v1", banner)
        assert url, banner
        assert "clock x60" in banner and "'operator' / 'chargebench'" in banner
        client = ControllerClient(RestTransport(url.group(1)), "operator", "chargebench")
        client.login()
        state = client.system_state()
        assert state.status == 200 and state.body["systemState"] == "idle", state
        settings = client.get_settings(["SysTime_mon"]).body["result"]["SysTime_mon"]["value"]
        assert settings.startswith("2026-01-05T06:"), settings
        client.transport.close()
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "stopped" in out


def test_serve_explains_a_bad_world_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "world.toml"
    broken.write_text("seed = [")
    result = subprocess.run([sys.executable, "-m", "simulator", "serve", "--world", str(broken)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == f"chargebench: {broken}:1:9: invalid TOML: Invalid value\n"


def _limited(soft: int, hard: int):  # type: ignore[no-untyped-def]
    return lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_serve_names_the_open_files_a_world_needs_when_the_limit_is_too_low() -> None:
    needed = files_needed(4)
    result = subprocess.run([sys.executable, "-m", "simulator", "serve", "--port", "0"], capture_output=True, text=True,
                            timeout=60, preexec_fn=_limited(needed - 1, needed - 1))
    assert result.returncode == 2, result
    assert result.stderr.count("\n") == 1 and f"needs {needed} open files" in result.stderr and "ulimit -n" in result.stderr, result.stderr


def test_serve_raises_a_low_soft_open_files_limit_up_to_the_hard_one() -> None:
    hard = files_needed(4) + 100
    process = subprocess.Popen([sys.executable, "-m", "simulator", "serve", "--port", "0", "--virtual"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, preexec_fn=_limited(64, hard))
    try:
        assert process.stdout is not None
        banner = ""
        for line in process.stdout:
            if line.startswith("Ctrl-C stops"):
                break
            banner += line
        sim_url = re.search(r"sim-control\s+(\S+)", banner)
        assert sim_url, banner
        with urllib.request.urlopen(sim_url.group(1) + "/clock", timeout=10):  # answered: the loop (and SIGTERM's handler) runs
            pass
        limits = open(f"/proc/{process.pid}/limits").read()
        soft_now = re.search(r"Max open files\s+(\d+)\s+(\d+)", limits)
        assert soft_now and int(soft_now.group(1)) == hard, (limits, banner)
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0 and "instrument CP-4" in banner, err
