"""One part of a load run: a world (or a shard of it) in real time scaled by a factor, its
stations reporting to an external ABS, every request timed.

The model and the stations' reporter are the ones ``chargebench serve`` runs; only the
reporter's base URL is the target's. Requests that fail (no connection, timeout, an HTTP
error) are counted by kind and never stop the run; the back office's outbox goes on with the
next report. Roaming stays on the shard's own hub (in-process) unless a target hub is given.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import aiohttp
from hdrh.histogram import HdrHistogram

from ..api.abs.app import ABS_LINKS, BackOfficeLinks
from ..api.oioi.service import OIOI
from ..clock import ClockMode
from ..model.world import WorldConfig
from ..runtime import Simulation
from ..server import build_app
from .results import collect

LATENCY_MAX_US = 120_000_000
"""The histograms hold 1 µs to 2 minutes at 3 significant digits (far above any client timeout)."""
DRAIN_GRACE_S = 15.0
"""After the run's duration, reports in flight get this long to be answered, then count as cut off."""


def new_histogram() -> HdrHistogram:
    return HdrHistogram(1, LATENCY_MAX_US, 3)


def error_kind(error: BaseException) -> str:
    """A failure's kind as a person reads it in the summary."""
    if isinstance(error, (asyncio.TimeoutError, aiohttp.ServerTimeoutError)):
        return "timeout"
    if isinstance(error, aiohttp.ClientConnectorError):
        return "cannot connect"
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return "disconnected"
    return type(error).__name__


@dataclass
class Record:
    """One request to the target: when it started (wall seconds since the run's start), its kind,
    how long it took and how it ended."""

    shard: int
    at: float
    kind: str
    latency_ms: float | None
    status: int | None
    error: str | None


@dataclass
class LoadPart:
    """What one shard measured; :func:`simulator.run.load.merge` adds the parts up."""

    shard: int
    records: list[Record] = field(default_factory=list)
    histograms: dict[str, bytes] = field(default_factory=dict)
    """Request kind -> its latency histogram (HDR, encoded), µs."""
    queued: int = 0
    """Reports the stations wanted to make (the offered load)."""
    cut_off: int = 0
    """Reports still unanswered when the run ended and the grace period ran out."""
    abs_answers: dict[str, int] = field(default_factory=dict)
    """The back office's statusCode -> answers (the last 100,000 of the shard)."""
    model_seconds: float = 0.0
    sessions: list[dict[str, Any]] = field(default_factory=list)
    """The shard's sessions table; ``abs_session`` is the target's id of a finished visit's session."""
    reported: list[tuple[str, int, int]] = field(default_factory=list)
    """Every session the target accepted, finished or not: (controller, transaction, its id there)."""


class RequestTimer:
    """An aiohttp trace that records every request the stations send."""

    def __init__(self, shard: int, started: float) -> None:
        self.shard, self.started = shard, started
        self.records: list[Record] = []
        self.histograms: dict[str, HdrHistogram] = {}
        self.config = aiohttp.TraceConfig()
        self.config.on_request_start.append(self._start)
        self.config.on_request_end.append(self._end)
        self.config.on_request_exception.append(self._failed)

    async def _start(self, _session: aiohttp.ClientSession, ctx: SimpleNamespace, params: aiohttp.TraceRequestStartParams) -> None:
        ctx.began = time.perf_counter()
        ctx.kind = f"{params.method} {params.url.path}"

    async def _end(self, _session: aiohttp.ClientSession, ctx: SimpleNamespace, params: aiohttp.TraceRequestEndParams) -> None:
        status = params.response.status
        self._record(ctx, status, None if status < 400 else f"HTTP {status}")

    async def _failed(self, _session: aiohttp.ClientSession, ctx: SimpleNamespace, params: aiohttp.TraceRequestExceptionParams) -> None:
        self._record(ctx, None, error_kind(params.exception))

    def _record(self, ctx: SimpleNamespace, status: int | None, error: str | None) -> None:
        seconds = time.perf_counter() - ctx.began
        latency = None
        if status is not None:
            latency = seconds * 1000.0
            self.histograms.setdefault(ctx.kind, new_histogram()).record_value(max(1, min(round(seconds * 1e6), LATENCY_MAX_US)))
        self.records.append(Record(self.shard, ctx.began - self.started, ctx.kind, latency, status, error))

    @property
    def answered(self) -> int:
        return sum(1 for r in self.records if r.status is not None)


class LoadShard:
    """A world shard against the target; ``run`` takes the whole duration (a Ray actor or in-process)."""

    def __init__(self, shard: int, data: dict[str, Any], seed: int | None, factor: float, target_abs: str,
                 socket_ids: dict[str, int]) -> None:
        self.shard = shard
        self.sim = Simulation(WorldConfig.from_dict(data, seed), mode=ClockMode.REALTIME, factor=factor)
        self.target_abs, self.socket_ids = target_abs.rstrip("/"), socket_ids
        self.timer: RequestTimer | None = None
        self.links: BackOfficeLinks | None = None

    def progress(self) -> tuple[float, int, int, int]:
        """Model seconds, reports queued, requests answered, requests failed, so far."""
        if self.timer is None or self.links is None:
            return 0.0, 0, 0, 0
        records = self.timer.records
        answered = self.timer.answered
        return self.sim.clock.now, self.links.stations.queued, answered, len(records) - answered

    async def run(self, start_at: float, duration: float) -> LoadPart:
        """From wall time ``start_at`` (Unix seconds, the same for every shard) for ``duration`` seconds."""
        logging.getLogger("chargebench.abs.outbox").setLevel(logging.CRITICAL)  # failures are counted, not printed
        await asyncio.sleep(max(0.0, start_at - time.time()))
        app = build_app(self.sim)
        self.links = links = app[ABS_LINKS]
        self.timer = timer = RequestTimer(self.shard, time.perf_counter())
        links.trace_configs.append(timer.config)
        links.stations.socket_ids = self.socket_ids
        links.stations.wall_stamps = True
        app[OIOI].in_process()
        links.listening(self.target_abs)
        self.sim.clock.start()
        try:
            await asyncio.sleep(duration)
            await self.sim.clock.stop()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(links.outbox.drain(), DRAIN_GRACE_S)
            return self._part(timer, links.outbox.waiting)
        finally:
            await links.close()
            await app[OIOI].close(app)

    def _part(self, timer: RequestTimer, cut_off: int) -> LoadPart:
        assert self.links is not None
        stations = self.links.stations
        answers: dict[str, int] = {}
        for exchange in stations.log:
            code = str(exchange.get("statusCode"))
            answers[code] = answers.get(code, 0) + 1
        world = self.sim.world
        sessions = []
        if world.fleet is not None:
            for row in collect(world, self.sim.clock.now / 86_400.0).sessions:
                key = (row["controller"], row["transaction"])
                sessions.append(row | {"abs_session": stations.started.get(key) if row["transaction"] is not None else None,
                                       "abs_status": None, "price": None, "currency": None})
        reported = [(cp_id, tx_id, session) for (cp_id, tx_id), session in stations.started.items()]
        return LoadPart(self.shard, timer.records, {kind: h.encode() for kind, h in timer.histograms.items()},
                        stations.queued, cut_off, answers, self.sim.clock.now, sessions, reported)
