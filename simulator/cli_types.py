"""Option values for ``chargebench``: argparse types that refuse bad values with one line.

A bad value on the command line is the user's typo, not a crash: ``OneLineParser``
prints one line naming the option and exits with status 2 (argparse's own code),
and the types below say what a good value looks like.
"""

from __future__ import annotations

import argparse
import math
import os
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

MAX_PORT = 65535


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, not the usage block and a line."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def port(text: str) -> int:
    """A TCP port: 0 (any free one) to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number from 0 to {MAX_PORT}") from None
    if not 0 <= value <= MAX_PORT:
        raise argparse.ArgumentTypeError(f"{value} is not a port number from 0 to {MAX_PORT} (0 picks a free one)")
    return value


def positive_number(text: str) -> float:
    """A finite number above zero (a time factor: nan, inf, 0 or -1 would freeze or reverse the clock)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be a finite number above 0")
    return value


def positive_int(text: str) -> int:
    """A whole number from 1 (a count of shards, of workers)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be 1 or more")
    return value


def duration(text: str) -> float:
    """Wall seconds from 90, 90s, 10m or 1h (up to a week)."""
    units = {"s": 1.0, "m": 60.0, "h": 3600.0}
    number, unit = (text[:-1], units[text[-1]]) if text and text[-1] in units else (text, 1.0)
    try:
        seconds = float(number) * unit
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration such as 90, 90s, 10m or 1h") from None
    if not 0 < seconds <= 7 * 86_400:
        raise argparse.ArgumentTypeError(f"{text!r}: a duration is more than 0 and at most a week")
    return seconds


def http_url(text: str) -> str:
    """An http(s) base URL with a host, without a trailing slash."""
    parsed = urlsplit(text)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise argparse.ArgumentTypeError(f"{text!r} is not an http:// or https:// URL with a host")
    try:
        parsed.port
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} has a bad port") from None
    return text.rstrip("/")


def host_port(text: str) -> tuple[str, int]:
    """``HOST:PORT`` to listen on (``[::1]:8091`` for an IPv6 address; port 0 picks a free one);
    ValueError says what is wrong with it (the world file's rules use it too)."""
    host, colon, number = text.rpartition(":")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if not colon or not host or any(ch.isspace() or ch in "[]/" for ch in host) or not number.isdigit():
        raise ValueError("is not HOST:PORT, e.g. 127.0.0.1:8091")
    if int(number) > MAX_PORT:
        raise ValueError(f"has a port above {MAX_PORT}")
    return host, int(number)


def listen_address(text: str) -> tuple[str, int]:
    """An address to listen on, as :func:`host_port` reads it."""
    try:
        return host_port(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} {error}") from None


def nonempty_text(text: str) -> str:
    """A value such as an API key: 1 to 255 characters, none of them a space or a line break."""
    if not 1 <= len(text) <= 255 or any(ch.isspace() for ch in text):
        raise argparse.ArgumentTypeError(f"{text!r} must be 1 to 255 characters without spaces")
    return text


def existing_file(text: str) -> Path:
    """A file that exists (``~`` expanded)."""
    path = Path(text).expanduser()
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{text} is not a file")
    return path


def existing_folder(text: str) -> Path:
    """A folder that exists (``~`` expanded)."""
    path = Path(text).expanduser()
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is not a folder")
    return path


def writable_folder(text: str) -> Path:
    """A folder we can write into, created if missing: checked before hours of work are written there."""
    path = Path(text).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".chargebench-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise argparse.ArgumentTypeError(f"cannot write to {text}: {error.strerror or error}") from None
    return path
