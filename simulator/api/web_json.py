"""JSON replies on aiohttp, and errors aiohttp raises itself, in the shape of each API.

aiohttp answers a path with no route (404), a wrong method (405) or a body over
the size limit (413) in plain text, and an unexpected exception as a plain-text
500.  :func:`json_errors` turns each into a JSON reply in the error shape of the
API the path belongs to (the controller's ``{"success": false, "cause"}``, the
ABS ``statusCode``, OIOI's ``error`` and ``result``), keeping ``Allow`` and
``Retry-After``.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Mapping, Sequence

from aiohttp import web

from . import jsonio

LOG = logging.getLogger("chargebench.http")
ErrorReply = Callable[[int, str], web.Response]
"""An API's error shape: HTTP status and one-line message -> the reply."""
KEPT_HEADERS = ("Allow", "Retry-After")


def json_response(body: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
    """The one way a server reply carries JSON: strict (never ``NaN``), UTF-8."""
    return web.Response(status=status, body=jsonio.dumps(body), headers=headers,
                        content_type="application/json", charset="utf-8")


def _message(request: web.Request, error: web.HTTPException) -> str:
    if isinstance(error, web.HTTPMethodNotAllowed):
        return f"method {request.method} not allowed on {request.path[:200]}; allowed: {', '.join(sorted(error.allowed_methods))}"
    if isinstance(error, web.HTTPNotFound):
        return f"no such path: {request.path[:200]}"
    text = (error.text or "").strip()
    return text if text and not text.startswith(f"{error.status}:") else error.reason


def json_errors(shapes: Sequence[tuple[str, ErrorReply]], fallback: ErrorReply) -> Callable[..., Awaitable[web.StreamResponse]]:
    """Middleware: every 4xx/5xx aiohttp raises, and every exception a handler lets out,
    answered by the error shape of the first path prefix in ``shapes`` that matches."""

    def shape_of(path: str) -> ErrorReply:
        return next((reply for prefix, reply in shapes if path.startswith(prefix)), fallback)

    @web.middleware
    async def middleware(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
        try:
            return await handler(request)
        except web.HTTPException as error:
            if error.status < 400:
                raise
            response = shape_of(request.path)(error.status, _message(request, error))
            for name in KEPT_HEADERS:
                if name in error.headers:
                    response.headers[name] = error.headers[name]
            return response
        except Exception:
            LOG.exception("%s %s failed", request.method, request.path[:200])
            return shape_of(request.path)(500, "internal error")

    return middleware
