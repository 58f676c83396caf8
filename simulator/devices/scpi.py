"""A small SCPI line interpreter: header matching, parameters and the error queue.

Transport-neutral (a pty, a TCP socket or a test feed it lines); the instrument
that uses it decides what each command does.  Errors never escape: they land in
the error queue with their standard SCPI code, as a real instrument's would.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from typing import Callable

MAX_LINE_CHARS = 256
ERROR_QUEUE_DEPTH = 10

NO_ERROR = (0, "No error")
SYNTAX_ERROR = -102
MISSING_PARAMETER = -109
UNDEFINED_HEADER = -113
DATA_TYPE_ERROR = -104
PARAMETER_NOT_ALLOWED = -108
EXECUTION_ERROR = -200
SETTINGS_CONFLICT = -221
DATA_OUT_OF_RANGE = -222
ILLEGAL_PARAMETER_VALUE = -224
QUEUE_OVERFLOW = -350


class ScpiError(Exception):
    """A command failed; ``code`` is the SCPI error number it leaves in the queue."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


Handler = Callable[[str | None], str | None]
"""Gets the parameter text (None if absent); returns the reply of a query."""


def _keywords(pattern: str) -> tuple[tuple[str, str], ...]:
    """'MEASure:POWer?' -> (('MEAS', 'MEASURE'), ('POW', 'POWER')): short and long forms."""
    parts = pattern.rstrip("?").lstrip("*").split(":")
    return tuple((re.sub(r"[a-z]", "", p), p.upper()) for p in parts)


@dataclass(frozen=True)
class Command:
    pattern: str
    handler: Handler

    @property
    def is_query(self) -> bool:
        return self.pattern.endswith("?")

    @property
    def common(self) -> bool:
        return self.pattern.startswith("*")

    def matches(self, header: str) -> bool:
        query = header.endswith("?")
        if query != self.is_query or header.startswith("*") != self.common:
            return False
        words = header.rstrip("?").lstrip("*").lstrip(":").upper().split(":")
        forms = _keywords(self.pattern)
        return len(words) == len(forms) and all(w in form for w, form in zip(words, forms))


class Interpreter:
    """Runs one line at a time against registered commands; keeps the error queue."""

    def __init__(self) -> None:
        self.commands: list[Command] = []
        self.errors: deque[tuple[int, str]] = deque()

    def command(self, pattern: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.commands.append(Command(pattern, handler))
            return handler

        return register

    def push_error(self, code: int, message: str) -> None:
        if len(self.errors) >= ERROR_QUEUE_DEPTH:
            self.errors[-1] = (QUEUE_OVERFLOW, "Queue overflow")
            return
        self.errors.append((code, message))

    def pop_error(self) -> str:
        code, message = self.errors.popleft() if self.errors else NO_ERROR
        return f'{code},"{message}"'

    def execute(self, line: str) -> str | None:
        """The reply to a query line, or None; failures go to the error queue."""
        line = line.strip()
        if not line:
            return None
        try:
            if len(line) > MAX_LINE_CHARS:
                raise ScpiError(SYNTAX_ERROR, f"Syntax error; line longer than {MAX_LINE_CHARS} characters")
            if not line.isascii() or not line.isprintable():
                raise ScpiError(SYNTAX_ERROR, "Syntax error; only printable ASCII is allowed")
            header, _, rest = line.partition(" ")
            parameter = rest.strip() or None
            for command in self.commands:
                if command.matches(header):
                    return command.handler(parameter)
            raise ScpiError(UNDEFINED_HEADER, f"Undefined header; {header}")
        except ScpiError as error:
            self.push_error(error.code, str(error))
        return None


# -- parameter parsing shared by instruments -------------------------------------


def no_parameter(parameter: str | None) -> None:
    if parameter is not None:
        raise ScpiError(PARAMETER_NOT_ALLOWED, "Parameter not allowed")


def required(parameter: str | None) -> str:
    if parameter is None:
        raise ScpiError(MISSING_PARAMETER, "Missing parameter")
    return parameter


def number(parameter: str | None, low: float, high: float, unit: str = "") -> float:
    text = required(parameter)
    try:
        value = float(text)
    except ValueError:
        raise ScpiError(DATA_TYPE_ERROR, f"Data type error; '{text}' is not a number") from None
    if not low <= value <= high:
        raise ScpiError(DATA_OUT_OF_RANGE, f"Data out of range; {text} not in {low:g}..{high:g}{unit}")
    return value


def boolean(parameter: str | None) -> bool:
    text = required(parameter).upper()
    if text in ("ON", "1"):
        return True
    if text in ("OFF", "0"):
        return False
    raise ScpiError(ILLEGAL_PARAMETER_VALUE, f"Illegal parameter value; '{text}' is not ON, OFF, 1 or 0")


def string(parameter: str | None) -> str:
    """A quoted SCPI string ("..." or '...'), or a bare word."""
    text = required(parameter)
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text
