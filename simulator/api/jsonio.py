"""The one JSON reader and writer of every API the simulator serves (and of its clients).

Python's ``json`` alone is too lenient for a server facing any client: it reads
``NaN``, ``Infinity`` and ``1e400`` (as infinity), which no other JSON parser
accepts, recurses once per nesting level until the interpreter gives up (a
``RecursionError``, i.e. an HTTP 500, at about 1,000 levels), turns a
5,000-digit integer into a ``ValueError`` of its own, and writes ``NaN`` back
out.  :func:`loads` refuses all of these with a :class:`JsonError` naming the
problem, which each API answers in its own error shape; :func:`dumps` never
writes anything but strict JSON (RFC 8259).
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any, NoReturn

MAX_DEPTH = 64
"""Deepest nesting of arrays and objects read; the APIs' documents nest fewer than 10 levels."""
MAX_INTEGER = 2**63 - 1
"""Integers beyond a signed 64-bit range are refused: no API field holds one, and clients in
other languages could not read them back."""
_MAX_INTEGER_DIGITS = len(str(MAX_INTEGER)) + 1
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class JsonError(ValueError):
    """The text is not JSON this project reads; the message says why, in one line."""


def _refuse_constant(name: str) -> NoReturn:
    raise JsonError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JsonError(f"number {text[:40]} is out of range")
    return value


def _bounded_int(text: str) -> int:
    if len(text) > _MAX_INTEGER_DIGITS or abs(value := int(text)) > MAX_INTEGER:
        raise JsonError(f"integer {text[:40]}{'...' if len(text) > 40 else ''} is out of range (64-bit)")
    return value


_DECODER = json.JSONDecoder(parse_float=_finite_float, parse_int=_bounded_int, parse_constant=_refuse_constant)


def _brackets(text: str) -> str:
    """The brackets of ``text`` outside strings, in order."""
    return _NOT_BRACKET.sub("", _STRING.sub("", text)) if "[" in text or "{" in text else ""


def _deepest(brackets: str) -> int:
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def depth(text: str) -> int:
    """How deep arrays and objects nest in ``text`` (brackets inside strings do not count)."""
    return _deepest(_brackets(text))


def _text(raw: bytes | str) -> str:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise JsonError("the body is not UTF-8") from None


def _checked_depth(text: str) -> None:
    brackets = _brackets(text)
    if len(brackets) > MAX_DEPTH and _deepest(brackets) > MAX_DEPTH:
        raise JsonError(f"JSON nested deeper than {MAX_DEPTH} levels")


def loads(raw: bytes | str) -> Any:
    """One JSON document (RFC 8259, no ``NaN``/``Infinity``, at most :data:`MAX_DEPTH` deep)."""
    text = _text(raw)
    _checked_depth(text)
    try:
        value = _DECODER.decode(text)
    except JsonError:
        raise
    except ValueError as error:
        raise JsonError(f"malformed JSON: {getattr(error, 'msg', error)}") from None
    if _SURROGATE_ESCAPE.search(text):
        _check_text(value)
    return value


def _check_text(value: Any) -> None:
    """Refuses a ``\\ud800``-style escape that pairs with nothing: it is no character (RFC 7493)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise JsonError("a string holds an unpaired surrogate escape") from None
    elif isinstance(value, list):
        for item in value:
            _check_text(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_text(item)


def decode_prefix(text: str) -> tuple[Any, int]:
    """The JSON value ``text`` starts with and where it ends (the NFC mapping's header)."""
    _checked_depth(text)
    try:
        value, end = _DECODER.raw_decode(text)
    except JsonError:
        raise
    except ValueError as error:
        raise JsonError(f"malformed JSON: {getattr(error, 'msg', error)}") from None
    if _SURROGATE_ESCAPE.search(text, 0, end):
        _check_text(value)
    return value, end


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
_ASCII_ENCODER = json.JSONEncoder(separators=(",", ":"), allow_nan=False)
"""Made once: ``json.dumps`` with options builds an encoder per call, and every reply is one."""


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON; a non-finite float raises ``ValueError`` instead of writing ``NaN``."""
    try:
        return _ENCODER.encode(value).encode("utf-8")
    except UnicodeEncodeError:
        return _ASCII_ENCODER.encode(value).encode("ascii")


def dumps_text(value: Any) -> str:
    """Compact JSON text, as UTF-8 as it goes: a string no UTF-8 can hold goes out escaped."""
    text = _ENCODER.encode(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _ASCII_ENCODER.encode(value)
    return text
