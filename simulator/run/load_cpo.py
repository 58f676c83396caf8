"""The load run's CPO endpoint: the one OIOI v4 address a hub knows for the simulated CPO.

A hub forwards an app's remote start and stop (``session-start``, ``session-stop``) and pushes
its offline whitelist (``rfid-post``) to the endpoint it knows for the EVSE's partner. A load
run is one CPO however many shards run it, so it serves one endpoint, from the coordinator,
which hands each call to the shard whose site owns the call's EVSE. There the simulated CPO's
own dispatcher (:meth:`RoamingService.handle`: envelope, the hub's key, role, schema, handler)
answers it at the shard's current model time, and that answer goes back to the hub. A whitelist
goes to every shard (each holds the CPO's list for its sites); a call naming no EVSE of the run
goes to the first shard, whose dispatcher answers its error as any shard's would.
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any, Awaitable, Callable

from aiohttp import web
from hdrh.histogram import HdrHistogram

from ..api import jsonio
from ..api.oioi.cpo import cpo_handlers
from ..api.oioi.protocol import Reply
from ..api.oioi.service import CPO_PATH, http_error
from ..api.web_json import json_errors, json_response
from ..server import MAX_BODY_BYTES
from .load_shard import LATENCY_MAX_US, new_histogram

Forward = Callable[[int, bytes, str | None], Awaitable[Reply]]
"""Shard number, the call's body and its Authorization header -> that shard's answer."""
CALLS = frozenset(cpo_handlers(lambda: None))
"""The calls the CPO answers; anything else is counted as ``other``."""
EVERY_SHARD = frozenset({"rfid-post"})
"""Calls each shard's CPO takes (the whitelist); the first shard's answer goes back."""


class CpoEndpoint:
    """An aiohttp server with the CPO's one route, counting the hub's calls by call and result."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.calls: dict[str, dict[str, int]] = {}
        """Call -> its answer's result code (``HTTP <status>`` without one) -> calls."""
        self.latency: dict[str, HdrHistogram] = {}
        """Call -> how long the hub waited for its answers, µs (from the request read to the answer)."""
        self._owners: dict[str, int] = {}
        self._shards = 1
        self._forward: Forward | None = None
        self._routed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> str:
        """Listen; the endpoint's URL (the one to give the hub). Calls wait until :meth:`route_to`."""
        app = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[json_errors([], http_error)])
        app.add_routes([web.post(CPO_PATH, self._serve)])
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, self.host, self.port).start()
        except OSError as error:
            await self._runner.cleanup()
            why = os.strerror(error.errno).lower() if error.errno else str(error)  # asyncio's strerror names the address again
            raise ValueError(f"--cpo-listen {self.host}:{self.port}: cannot listen there ({why})") from None
        port = self._runner.addresses[0][1]
        host = f"[{self.host}]" if ":" in self.host else self.host
        self.url = f"http://{host}:{port}{CPO_PATH}"
        return self.url

    def route_to(self, evse_ids: list[list[str]], forward: Forward) -> None:
        """The shards are built: each shard's EVSE IDs, and how to reach a shard."""
        self._owners = {evse: shard for shard, ids in enumerate(evse_ids) for evse in ids}
        self._shards, self._forward = len(evse_ids), forward
        self._routed.set()

    def shards_for(self, raw: bytes) -> tuple[str, list[int]]:
        """The call's name as counted, and the shards that take it."""
        try:
            body = jsonio.loads(raw)
        except jsonio.JsonError:
            return "other", [0]
        if not isinstance(body, dict) or len(body) != 1:
            return "other", [0]
        ((name, fields),) = body.items()
        if name not in CALLS:
            return "other", [0]
        if name in EVERY_SHARD:
            return name, list(range(self._shards))
        evse = fields.get("connector-id") if isinstance(fields, dict) else None
        return name, [self._owners.get(evse, 0) if isinstance(evse, str) else 0]

    async def _serve(self, request: web.Request) -> web.Response:
        raw, authorization = await request.read(), request.headers.get("Authorization")
        began = time.perf_counter()
        await self._routed.wait()
        assert self._forward is not None
        name, shards = self.shards_for(raw)
        replies = await asyncio.gather(*(self._forward(shard, raw, authorization) for shard in shards))
        reply = replies[0]
        codes = self.calls.setdefault(name, {})
        outcome = _outcome(reply)
        codes[outcome] = codes.get(outcome, 0) + 1
        waited = max(1, min(round((time.perf_counter() - began) * 1e6), LATENCY_MAX_US))
        self.latency.setdefault(name, new_histogram()).record_value(waited)
        return json_response(reply.body, reply.status, reply.headers)

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


def _outcome(reply: Reply) -> str:
    result: Any = reply.body.get("result")
    code = result.get("code") if isinstance(result, dict) else None
    return str(code) if isinstance(code, int) else f"HTTP {reply.status}"
