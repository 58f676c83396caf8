"""The ABS web services as calls: every input a URI query parameter, the session in a header."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping

import aiohttp

from ..aio import LoopThread

SESSION_HEADER = "ABS-Session-Id"


@dataclass(frozen=True)
class AbsReply:
    http_status: int
    body: Any

    @property
    def status_code(self) -> str | None:
        return self.body.get("statusCode") if isinstance(self.body, dict) else None


@dataclass
class AbsClient:
    base_url: str
    session_id: str | None = None
    timeout: float = 30.0
    transcript: list[dict[str, Any]] = field(default_factory=list)
    """Every exchange (method, path, query, HTTP status, body): the report's evidence."""
    _http: aiohttp.ClientSession | None = None

    def __post_init__(self) -> None:
        self._loop = LoopThread.shared()

    async def _request(self, method: str, path: str, query: Mapping[str, str], headers: dict[str, str]) -> AbsReply:
        if self._http is None:
            self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        async with self._http.request(method, f"{self.base_url}{path}", params=dict(query), headers=headers) as response:
            raw = await response.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        return AbsReply(response.status, body)

    def call(self, method: str, path: str, query: Mapping[str, str] | None = None, session_id: str | None = None) -> AbsReply:
        sid = self.session_id if session_id is None else session_id
        headers = {SESSION_HEADER: sid} if sid else {}
        reply = self._loop.run(self._request(method, path, query or {}, headers))
        self.transcript.append({"method": method, "path": path, "query": dict(query or {}), "http": reply.http_status, "body": reply.body})
        return reply

    def login(self, username: str, password: str) -> AbsReply:
        reply = self.call("POST", "/abs/authentication", {"username": username, "password": password}, session_id="")
        self.session_id = reply.body.get("sessionId") if reply.status_code == "100" else None
        return reply

    def close(self) -> None:
        if self._http is not None:
            self._loop.run(self._http.close())
            self._http = None
