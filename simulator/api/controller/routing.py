"""Transport-neutral routing of controller API calls.

REST (aiohttp) and NFC (NDEF messages through the virtual card) both turn what
they received into an :class:`ApiRequest` and hand it to :class:`Dispatcher`;
handlers never see the transport.  Paths are relative to ``/v1`` as in the
spec's NFC header (``"path": "/settings"``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from ...model.controller import Controller
from ...model.logins import LoginSession
from .. import jsonio

MAX_QUERY_CHARS = 4000
"""The longest query value the spec allows anywhere (``params`` of settings)."""


@dataclass(frozen=True)
class ApiRequest:
    method: str
    path: str
    query: Mapping[str, str] = field(default_factory=dict)
    authorization: str | None = None
    body: bytes | None = None


@dataclass(frozen=True)
class ApiResponse:
    status: int
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)
    """HTTP headers for REST (``Allow`` of a 405); NFC carries none."""


class ApiError(Exception):
    """Ends a call with the spec's error shape: ``{"success": false, "cause": ...}``."""

    def __init__(self, status: int, cause: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(cause)
        self.status = status
        self.cause = cause
        self.headers = dict(headers or {})

    def response(self) -> ApiResponse:
        return ApiResponse(self.status, {"success": False, "cause": self.cause}, self.headers)


_NO_BODY = object()


@dataclass
class Call:
    """What a handler gets: the controller, the request, path parameters, the session."""

    controller: Controller
    request: ApiRequest
    params: dict[str, str]
    session: LoginSession | None
    now: float
    _json: Any = _NO_BODY

    def json(self, required: bool = True) -> Any:
        """The request body as JSON; a missing, malformed, too deep or non-finite body is a 400."""
        if self._json is _NO_BODY:
            raw = self.request.body
            if not raw or not raw.strip():
                if required:
                    raise ApiError(400, "missing request body")
                self._json = None
            else:
                try:
                    self._json = jsonio.loads(raw)
                except jsonio.JsonError as error:
                    raise ApiError(400, f"request body: {error}") from None
        return self._json

    def json_object(self, required: bool = True) -> dict[str, Any] | None:
        body = self.json(required)
        if body is None and not required:
            return None
        if not isinstance(body, dict):
            raise ApiError(400, "request body must be a JSON object")
        return body

    def json_fields(self, *allowed: str, required: bool = True) -> dict[str, Any] | None:
        """The body as a JSON object holding only the ``allowed`` fields."""
        body = self.json_object(required)
        unknown = sorted(set(body or {}) - set(allowed))
        if unknown:
            raise ApiError(400, f"unknown field '{unknown[0]}'")
        return body

    def query(self, name: str) -> str | None:
        return self.request.query.get(name)


Handler = Callable[[Call], ApiResponse | Any]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: str
    handler: Handler
    auth: bool
    regex: re.Pattern[str]
    query: tuple[str, ...] = ()
    """The query parameters the route understands; any other is refused."""


RESOLVED_PATHS = 4096
"""Distinct (method, path) pairs whose route is remembered."""


class Router:
    """Decorator routing in the manner of python-ocpp's ``@on``."""

    def __init__(self) -> None:
        self.routes: list[Route] = []
        self._resolved = functools.lru_cache(maxsize=RESOLVED_PATHS)(self._resolve)
        """A path is matched against every route's pattern once, not on every request."""

    def route(self, method: str, pattern: str, *, auth: bool = True, query: tuple[str, ...] = ()) -> Callable[[Handler], Handler]:
        regex = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern) + "$")

        def register(handler: Handler) -> Handler:
            self.routes.append(Route(method.upper(), pattern, handler, auth, regex, query))
            self._resolved.cache_clear()
            return handler

        return register

    def resolve(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        route, params = self._resolved(method.upper(), path)
        return route, dict(params)

    def _resolve(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        allowed = []
        for route in self.routes:
            match = route.regex.match(path)
            if match is None:
                continue
            if route.method == method:
                return route, match.groupdict()
            allowed.append(route.method)
        if allowed:
            raise ApiError(405, f"method {method} not allowed on {path}", {"Allow": ",".join(sorted(allowed))})
        raise ApiError(404, "invalid path")


router = Router()
