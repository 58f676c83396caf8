"""One run per bench: an exclusive lock file that names its holder.

``fcntl.flock`` dies with its process, so a crashed run never leaves a bench
locked; the holder's identity (user, host, pid, start time, command) is written
into the file for the message the next run shows.
"""

from __future__ import annotations

import fcntl
import getpass
import json
import os
import socket
import sys
import time
from pathlib import Path
from typing import Any

from .resources import ResourceError

DEFAULT_LOCK_DIR = Path("/tmp/chargebench-locks")


class RigBusy(ResourceError):
    """Another run holds the bench."""


def lock_dir() -> Path:
    return Path(os.environ.get("CHARGEBENCH_LOCK_DIR", DEFAULT_LOCK_DIR))


def _identity() -> dict[str, Any]:
    return {
        "user": getpass.getuser(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command": " ".join(sys.argv)[:200],
    }


class RigLock:
    def __init__(self, rig_name: str, directory: Path | None = None) -> None:
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in rig_name)
        self.path = (directory or lock_dir()) / f"{safe}.lock"
        self.rig_name = rig_name
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self.holder()
            os.close(fd)
            who = "an unknown run" if holder is None else f"{holder['user']}@{holder['host']} pid {holder['pid']} since {holder['since']} ({holder['command']})"
            raise RigBusy(f"rig {self.rig_name!r} is in use by {who}; lock file {self.path}") from None
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(_identity()).encode())
        self._fd = fd

    def holder(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.path.read_text())
        except (OSError, ValueError):
            return None

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "RigLock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
