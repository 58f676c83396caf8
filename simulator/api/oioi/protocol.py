"""One OIOI endpoint: envelope, API key, role, schema, then the call's handler.

The hub and the simulated CPO's endpoint share it; they differ in their call
tables and in whose keys they accept.  HTTP status and result code follow the
spec's "Response" section; the decisions are listed in docs/oioi.md.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Mapping

from ...model.roaming.codes import Code, RoamingError
from ...model.roaming.config import ApiKey
from .. import jsonio
from . import schema

log = logging.getLogger(__name__)

RETRY_AFTER_S = 1
"""What a 5xx answer asks the caller to wait before retrying (``Retry-After``)."""


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any]
    headers: Mapping[str, str] = field(default_factory=dict)

    def encode(self) -> bytes:
        return jsonio.dumps(self.body)


def result(code: Code) -> dict[str, Any]:
    return {"code": int(code), "message": code.message}


def failure(status: int, code: Code, error: str) -> Reply:
    """A 4xx/5xx answer: ``error`` says what was wrong, ``result`` carries the code."""
    headers = {"Retry-After": str(RETRY_AFTER_S)} if status >= 500 else {}
    return Reply(status, {"error": error, "result": result(code)}, headers)


HTTP_ERROR_CODES = {404: Code.CLIENT_ERROR, 405: Code.CLIENT_ERROR, 413: Code.INVALID_FORMAT}


def http_failure(status: int, error: str) -> Reply:
    """What the HTTP layer refuses before a call is read (no such path, not POST, too large)."""
    code = Code.SYSTEM_ERROR if status >= 500 else HTTP_ERROR_CODES.get(status, Code.INVALID_FORMAT)
    return failure(status, code, error)


@dataclass
class Outage:
    """Fault injection: the next ``remaining`` requests get ``status`` and ``Retry-After``."""

    remaining: int = 0
    status: int = 503

    def take(self) -> bool:
        if self.remaining <= 0:
            return False
        self.remaining -= 1
        return True


@dataclass(frozen=True)
class Request:
    """A call that passed the envelope, key, role and schema checks."""

    name: str
    fields: dict[str, Any]
    key: ApiKey


Handler = Callable[[Request], Awaitable[dict[str, Any]]]
KEY_PREFIX = "key="


def api_key(header: str | None) -> str | None:
    """The key of ``Authorization: key=<api-key>`` (prefix case-insensitive), else None."""
    if header is None:
        return None
    text = header.strip()
    if not text.lower().startswith(KEY_PREFIX):
        return None
    return text[len(KEY_PREFIX):].strip() or None


def parse_envelope(raw: bytes) -> tuple[str, Any]:
    """The call name and its fields, or a RoamingError(230) saying what is wrong."""
    try:
        body = jsonio.loads(raw)
    except jsonio.JsonError as error:
        raise RoamingError(Code.INVALID_FORMAT, f"the body is not JSON this hub reads: {error}") from None
    if not isinstance(body, dict) or len(body) != 1:
        raise RoamingError(Code.INVALID_FORMAT, "the body must be a JSON object with exactly one call name")
    ((name, fields),) = body.items()
    return name, fields


async def answer(
    raw: bytes,
    authorization: str | None,
    keys: Mapping[str, ApiKey],
    handlers: Mapping[str, Handler],
    outage: Outage,
    may_send: Callable[[ApiKey, str], bool],
) -> Reply:
    """Everything an OIOI endpoint does with one HTTP request."""
    if outage.take():
        return failure(outage.status, Code.HUB_ERROR, "temporarily unavailable, retry later")
    key = keys.get(api_key(authorization) or "")
    if key is None:
        return failure(401, Code.INVALID_API_KEY, "missing or unknown API key (Authorization: key=...)")
    try:
        name, fields = parse_envelope(raw)
    except RoamingError as error:
        return failure(400, error.code, error.reason)
    handler = handlers.get(name)
    if handler is None:
        return failure(400, Code.INVALID_FORMAT, f"unknown call {name[:60]!r}")
    if not may_send(key, name):
        return failure(403, Code.KEY_NOT_ALLOWED, f"this API key may not send {name}")
    problem = schema.problem(name, fields)
    if problem is not None:
        return failure(400, Code.INVALID_FORMAT, problem)
    try:
        payload = await handler(Request(name, fields, key))
    except RoamingError as error:
        if error.code is Code.INVALID_FORMAT:
            return failure(400, error.code, error.reason)
        return Reply(200, {"reason": error.reason, "result": result(error.code)})
    except Exception:
        log.exception("OIOI %s failed", name)
        return failure(500, Code.SYSTEM_ERROR, "internal error; retry later")
    return Reply(200, {**payload, "result": result(Code.SUCCESS)})
