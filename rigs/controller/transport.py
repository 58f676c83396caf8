"""How a controller API request reaches the controller; every exchange is kept as evidence."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping, Protocol

import aiohttp

from ..aio import LoopThread


class TransportError(Exception):
    """The request did not get an answer (connection refused, timeout, reader gone)."""


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class Exchange:
    """One request and its reply, with wall-clock latency: the report's evidence."""

    transport: str
    method: str
    path: str
    query: dict[str, str]
    request_body: Any
    status: int | None = None
    reply_body: Any = None
    seconds: float = 0.0
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))

    @contextmanager
    def timed(self) -> Iterator[None]:
        """Time the call and keep what went wrong: a failed exchange is evidence too."""
        started = time.perf_counter()
        try:
            yield
        except Exception as error:
            self.error = f"{type(error).__name__}: {error}"
            raise
        finally:
            self.seconds = time.perf_counter() - started


class Transport(Protocol):
    name: str
    transcript: list[Exchange]

    def exchange(
        self,
        method: str,
        path: str,
        query: Mapping[str, str] | None = None,
        body: Any = None,
        authorization: str | None = None,
        raw_body: bytes | None = None,
    ) -> Reply: ...

    def close(self) -> None: ...


@dataclass
class RestTransport:
    """HTTP(S) to ``{base_url}{prefix}{path}``; the session id goes in ``Authorization``."""

    base_url: str
    prefix: str = "/v1"
    timeout: float = 10.0
    name: str = "rest"
    transcript: list[Exchange] = field(default_factory=list)
    _session: aiohttp.ClientSession | None = None

    def __post_init__(self) -> None:
        self._loop = LoopThread.shared()

    async def _request(self, method: str, url: str, query: Mapping[str, str], data: bytes | None, headers: dict[str, str]) -> Reply:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        async with self._session.request(method, url, params=query or None, data=data, headers=headers) as response:
            raw = await response.read()
            if not raw:
                return Reply(response.status)
            try:
                return Reply(response.status, json.loads(raw))
            except ValueError:
                return Reply(response.status, raw.decode("utf-8", "replace"))

    def exchange(
        self,
        method: str,
        path: str,
        query: Mapping[str, str] | None = None,
        body: Any = None,
        authorization: str | None = None,
        raw_body: bytes | None = None,
    ) -> Reply:
        headers = {"Authorization": authorization} if authorization else {}
        data = raw_body
        if data is None and body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        record = Exchange(self.name, method, path, dict(query or {}), body if raw_body is None else raw_body.decode("utf-8", "replace"))
        self.transcript.append(record)
        url = f"{self.base_url}{self.prefix}{path}"
        try:
            with record.timed():
                reply = self._loop.run(self._request(method, url, query or {}, data, headers))
        except (aiohttp.ClientError, TimeoutError) as error:
            raise TransportError(f"{method} {url}: {record.error}") from error
        record.status, record.reply_body = reply.status, reply.body
        return reply

    def close(self) -> None:
        if self._session is not None:
            self._loop.run(self._session.close())
            self._session = None
