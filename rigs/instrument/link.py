"""One SCPI conversation over pyserial: any pyserial URL, timeouts, the error queue as exceptions.

Every line in either direction is kept in ``transcript`` with its wall-clock
time: the serial evidence of the report.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

import serial

from ..resources import ResourceError

MAX_ERRORS_READ = 16
"""An instrument reports at most this many queued errors per check (SCPI queues are 10 deep)."""

ERROR_REPLY = re.compile(r'^\s*([+-]?\d+)\s*,\s*"(.*)"\s*$')


class InstrumentError(Exception):
    """The instrument refused a command: its error queue said why."""

    def __init__(self, command: str, errors: list[tuple[int, str]]) -> None:
        self.command = command
        self.errors = errors
        listed = "; ".join(f"{code} {message}" for code, message in errors)
        super().__init__(f"instrument refused {command!r}: {listed}")


class InstrumentTimeout(InstrumentError):
    """No complete reply line within the timeout."""

    def __init__(self, command: str, timeout: float, partial: str) -> None:
        super().__init__(command, [])
        self.args = (f"instrument gave no reply to {command!r} within {timeout:g} s" + (f" (got {partial!r})" if partial else ""),)


@dataclass(frozen=True)
class SerialLine:
    at: float
    direction: str
    """'>' to the instrument, '<' from it."""
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"at": self.at, "direction": self.direction, "text": self.text}

    def __str__(self) -> str:
        stamp = time.strftime("%H:%M:%S", time.localtime(self.at)) + f".{int(self.at * 1000) % 1000:03d}"
        return f"{stamp} {self.direction} {self.text}"


@dataclass
class ScpiLink:
    """``url`` is anything ``serial.serial_for_url`` takes: /dev/ttyUSB0, socket://, rfc2217://."""

    url: str
    baudrate: int = 115200
    timeout: float = 2.0
    name: str = "instrument"
    transcript: list[SerialLine] = field(default_factory=list)
    _port: serial.SerialBase | None = None

    def open(self) -> None:
        try:
            self._port = serial.serial_for_url(self.url, baudrate=self.baudrate, timeout=self.timeout, write_timeout=self.timeout)
        except (serial.SerialException, ValueError, OSError) as error:
            raise ResourceError(f"{self.name} at {self.url!r} cannot be opened: {error}") from error

    def close(self) -> None:
        if self._port is not None:
            self._port.close()
            self._port = None

    def _send(self, *lines: str) -> None:
        """All lines in one write: a command and its error check never wait on Nagle's algorithm."""
        if self._port is None:
            self.open()
        assert self._port is not None
        now = time.time()
        self.transcript.extend(SerialLine(now, ">", line) for line in lines)
        try:
            self._port.write(b"".join(line.encode("ascii") + b"\n" for line in lines))
        except serial.SerialException as error:
            raise ResourceError(f"{self.name} at {self.url!r}: write failed: {error}") from error

    def _receive(self, command: str) -> str:
        assert self._port is not None
        try:
            raw = self._port.read_until(b"\n")
        except serial.SerialException as error:
            raise ResourceError(f"{self.name} at {self.url!r}: read failed: {error}") from error
        text = raw.decode("ascii", "replace")
        if not text.endswith("\n"):
            self.transcript.append(SerialLine(time.time(), "<", text + " [timeout]"))
            raise InstrumentTimeout(command, self.timeout, text)
        text = text.rstrip("\r\n")
        self.transcript.append(SerialLine(time.time(), "<", text))
        return text

    def _error_replies(self, first_sent: bool) -> list[tuple[int, str]]:
        """Drain the instrument's error queue (the first ``SYST:ERR?`` may already be on its way)."""
        found: list[tuple[int, str]] = []
        for attempt in range(MAX_ERRORS_READ):
            if attempt or not first_sent:
                self._send("SYST:ERR?")
            reply = self._receive("SYST:ERR?")
            match = ERROR_REPLY.match(reply)
            if match is None:
                raise InstrumentError("SYST:ERR?", [(0, f"unreadable error reply {reply!r}")])
            code, message = int(match.group(1)), match.group(2)
            if code == 0:
                break
            found.append((code, message))
        return found

    def errors(self) -> list[tuple[int, str]]:
        return self._error_replies(first_sent=False)

    def write(self, command: str) -> None:
        """Send a setting command and raise if the instrument's error queue objects."""
        self._send(command, "SYST:ERR?")
        errors = self._error_replies(first_sent=True)
        if errors:
            raise InstrumentError(command, errors)

    def query(self, command: str) -> str:
        self._send(command, "SYST:ERR?")
        reply = self._receive(command)
        errors = self._error_replies(first_sent=True)
        if errors:
            raise InstrumentError(command, errors)
        return reply

    def query_float(self, command: str) -> float:
        reply = self.query(command)
        try:
            return float(reply)
        except ValueError:
            raise InstrumentError(command, [(0, f"expected a number, got {reply!r}")]) from None
