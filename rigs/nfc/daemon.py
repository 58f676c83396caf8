"""Restarting pcscd, to show that a new PC/SC context works after the daemon came back.

Only where the run may control the daemon (``CHARGEBENCH_PCSCD_RESTART=1``, set
by ``.ci/run``, which starts pcscd itself): a restart cuts every other PC/SC
user on the host.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from .probe import pcsc_problem

PID_FILE = Path("/run/pcscd/pcscd.pid")
ALLOW_ENV = "CHARGEBENCH_PCSCD_RESTART"
POLL_S = 0.05


def restart_allowed() -> str | None:
    """None if this run may restart pcscd, else why not."""
    if os.environ.get(ALLOW_ENV) != "1":
        return f"restarting pcscd cuts every PC/SC user on this host: set {ALLOW_ENV}=1 to allow it"
    if not PID_FILE.is_file():
        return f"no running pcscd ({PID_FILE} is missing)"
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def restart_pcscd(timeout: float = 10.0) -> int:
    """Stop the running pcscd (SIGTERM to its pid), start ``pcscd -f`` anew, wait until it answers; its pid."""
    old = int(PID_FILE.read_text().split()[0])  # pcscd pads the file with a NUL
    os.kill(old, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(old) or PID_FILE.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"pcscd (pid {old}) did not stop within {timeout:g} s")
        time.sleep(POLL_S)
    daemon = subprocess.Popen(["pcscd", "-f"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    while pcsc_problem() is not None:
        if time.monotonic() > deadline or daemon.poll() is not None:
            raise TimeoutError(f"pcscd did not come back within {timeout:g} s (exit status {daemon.poll()})")
        time.sleep(POLL_S)
    return daemon.pid
