"""One part of a load run: a world (or a shard of it) in real time scaled by a factor, its
stations reporting to an external ABS and its CPO roaming with an external OIOI hub, every
request timed.

The model, the stations' reporter and the CPO are the ones ``chargebench serve`` runs; only
their destinations are the targets'. Requests that fail (no connection, timeout, an HTTP
error) are counted by kind and never stop the run: the back office's outbox goes on with the
next report, the CPO's retries with back-off as it always does. A target left out is served
in-process by the shard's own back office or hub, as in ``chargebench run``.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import aiohttp
from hdrh.histogram import HdrHistogram

from ..api.abs.app import ABS_LINKS, BackOfficeLinks, local_calls
from ..api.oioi.client import CallContext, Delivery
from ..api.oioi import schema
from ..api.oioi.cpo import cpo_handlers
from ..api.oioi.protocol import Reply, http_failure
from ..api.oioi.service import OIOI, RoamingService
from ..clock import ClockMode
from ..model.world import World, WorldConfig
from ..runtime import Simulation
from ..server import build_app
from .results import collect

LATENCY_MAX_US = 120_000_000
"""The histograms hold 1 µs to 2 minutes at 3 significant digits (far above any client timeout)."""
DRAIN_GRACE_S = 15.0
"""After the run's duration, reports in flight get this long to be answered, then count as cut off."""
OIOI_KIND = "OIOI "
"""Request kinds of the hub's calls: ``OIOI session-post`` (every call is a POST to one endpoint)."""


@dataclass(frozen=True)
class Targets:
    """Where a load run's traffic goes; None: the shard's own back office or hub, in-process."""

    abs: str | None = None
    """The back office's base URL: the stations call ``{abs}/abs/cs/...``."""
    oioi: str | None = None
    """The hub's endpoint: the CPO POSTs every call there."""
    oioi_key: str | None = None
    """The CPO's API key at that hub."""

    def __post_init__(self) -> None:
        if self.abs is None and self.oioi is None:
            raise ValueError("a load run needs a target: --target-abs URL, --target-oioi URL, or both")
        if (self.oioi is None) != (self.oioi_key is None):
            raise ValueError("--target-oioi and --oioi-key go together: the hub's endpoint and the CPO's API key there")


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
    retry: bool = False
    """Another attempt of a call that failed before (the CPO's back-off)."""

    @property
    def answered_at(self) -> float | None:
        """Wall seconds since the run's start when the answer came; None if none came."""
        return None if self.error is not None or self.latency_ms is None else self.at + self.latency_ms / 1000.0


@dataclass(frozen=True)
class RoamingRecord:
    """One roaming session of the CPO (a roaming card's or an app start's) and what became of its
    CDR at the target hub."""

    controller: str
    transaction: int | None
    session_id: str
    remote: bool
    """Started from the app (the hub's session-start), not by a card."""
    cdr: str
    """``accepted`` (result code 0), ``refused <code>`` (another code, or an HTTP 4xx without
    one), ``no answer`` (the retries ran out), ``waiting`` (still queued or backing off when the
    run ended), ``running`` (not stopped yet), ``not sent`` (stopped, its CDR not queued yet)."""


@dataclass
class LoadPart:
    """What one shard measured; :class:`simulator.run.load.LoadReport` adds the parts up."""

    shard: int
    records: list[Record] = field(default_factory=list)
    histograms: dict[str, bytes] = field(default_factory=dict)
    """Request kind -> its latency histogram (HDR, encoded), µs."""
    offered: list[int] = field(default_factory=list)
    """Requests the model wanted sent to a target, by the wall second it wanted them (the
    stations' reports and online authorizations, the CPO's calls): the offered load."""
    cut_off: int = 0
    """Offered requests still unanswered when the run ended and the grace period ran out."""
    abs_answers: dict[str, int] = field(default_factory=dict)
    """The back office's statusCode -> answers (the last 100,000 of the shard)."""
    oioi_answers: dict[str, dict[str, int]] = field(default_factory=dict)
    """The hub's call -> its last answer's result code (``HTTP 503``, ``none``: no answer) -> calls."""
    model_seconds: float = 0.0
    sessions: list[dict[str, Any]] = field(default_factory=list)
    """The shard's sessions table; ``abs_session`` is the target's id of a finished visit's
    session, ``cdr_id`` the roaming session whose CDR the target hub accepted."""
    reported: list[tuple[str, int, int]] = field(default_factory=list)
    """Every session the target accepted, finished or not: (controller, transaction, its id there)."""
    roaming: list[RoamingRecord] = field(default_factory=list)


class RequestTimer:
    """An aiohttp trace that records every request the stations and the CPO send."""

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
        call = ctx.trace_request_ctx
        ctx.kind = OIOI_KIND + call.call if isinstance(call, CallContext) else f"{params.method} {params.url.path}"
        ctx.retry = isinstance(call, CallContext) and call.retry

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
        self.records.append(Record(self.shard, ctx.began - self.started, ctx.kind, latency, status, error, ctx.retry))

    @property
    def answered(self) -> int:
        return sum(1 for r in self.records if r.status is not None)


def with_hub(config: WorldConfig, endpoint: str, key: str) -> WorldConfig:
    """The world with its CPO roaming at ``endpoint`` with ``key`` instead of the simulator's hub."""
    cpo = config.roaming.cpo
    if cpo is None:
        raise ValueError("--target-oioi: the world has no roaming CPO (no fleet site with roaming = true, no [roaming.cpo])")
    return dataclasses.replace(config, roaming=dataclasses.replace(config.roaming, cpo=dataclasses.replace(cpo, hub=endpoint, key=key)))


class LoadShard:
    """A world shard against the targets; ``run`` takes the whole duration (a Ray actor or in-process)."""

    def __init__(self, shard: int, data: dict[str, Any], seed: int | None, factor: float, targets: Targets,
                 socket_ids: dict[str, int]) -> None:
        self.shard = shard
        config = WorldConfig.from_dict(data, seed)
        if targets.oioi is not None and targets.oioi_key is not None:
            config = with_hub(config, targets.oioi, targets.oioi_key)
        self.sim = Simulation(config, mode=ClockMode.REALTIME, factor=factor)
        self.targets, self.socket_ids = targets, socket_ids
        self.timer: RequestTimer | None = None
        self.links: BackOfficeLinks | None = None
        self.roaming: RoamingService | None = None
        self.offered: list[int] = []
        self._running = asyncio.Event()
        self._ended = False
        if targets.oioi is not None:
            schema.prepare(cpo_handlers(lambda: None))  # the hub's first remote start does not wait for it (up to 1.2 s loaded)

    def evse_ids(self) -> list[str]:
        """The EVSE IDs of this shard's roaming controllers: the calls the run's CPO endpoint sends here."""
        operator = self.sim.world.roaming.operator
        return [] if operator is None else [operator.evse_id(cp_id) for cp_id in operator.controllers]

    async def cpo_call(self, raw: bytes, authorization: str | None) -> Reply:
        """A call the hub sent the run's CPO endpoint, answered by the CPO's own dispatcher at the
        shard's current model time (it waits for the run's start; after the end it gets a 503)."""
        await self._running.wait()
        assert self.roaming is not None
        if self._ended:
            return http_failure(503, "the load run has ended: its CPO takes no more calls")
        return await self.roaming.handle(raw, authorization, "cpo")

    def offered_so_far(self) -> int:
        """Requests the model has wanted sent to a target so far."""
        count = 0
        if self.targets.abs is not None and self.links is not None:
            count += self.links.stations.queued
        return count + len(self._hub_deliveries())

    def progress(self) -> tuple[float, int, int, int]:
        """Model seconds, requests offered, requests answered, requests failed, so far."""
        if self.timer is None:
            return 0.0, 0, 0, 0
        records = self.timer.records
        answered = self.timer.answered
        return self.sim.clock.now, self.offered_so_far(), answered, len(records) - answered

    async def run(self, start_at: float, duration: float) -> LoadPart:
        """From wall time ``start_at`` (Unix seconds, the same for every shard) for ``duration`` seconds."""
        logging.getLogger("chargebench.abs.outbox").setLevel(logging.CRITICAL)  # failures are counted, not printed
        await asyncio.sleep(max(0.0, start_at - time.time()))
        app = build_app(self.sim)
        self.links = links = app[ABS_LINKS]
        self.roaming = roaming = app[OIOI]
        self.timer = timer = RequestTimer(self.shard, time.perf_counter())
        roaming.in_process()
        if self.targets.oioi is not None:
            roaming.client.trace_configs.append(timer.config)
        if self.targets.abs is not None:
            links.trace_configs.append(timer.config)
            links.stations.socket_ids = self.socket_ids
            links.stations.wall_stamps = True
            self._price_elsewhere(self.sim.world)
            self.sim.world_listeners.append(self._price_elsewhere)
            links.listening(self.targets.abs.rstrip("/"))
        else:
            links.stations.local = local_calls(self.sim)
            links.listening("in-process:")
        self.sim.clock.start()
        self._running.set()
        counter = asyncio.ensure_future(self._count_offered(timer.started))
        try:
            await asyncio.sleep(duration)
            self._ended = True
            await self.sim.clock.stop()
            counter.cancel()
            self.offered.append(self.offered_so_far())  # the last (part of a) second: the model offers nothing after it
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._drain(), DRAIN_GRACE_S)
            return self._part(timer)
        finally:
            counter.cancel()
            await links.close()
            await roaming.close(app)

    @staticmethod
    def _price_elsewhere(world: World) -> None:
        """The target back office prices the sessions: the CPO's CDRs do not wait for this one's."""
        if world.roaming.operator is not None:
            world.roaming.operator.priced_by_backoffice = False

    async def _count_offered(self, started: float) -> None:
        """The offered requests, sampled at each wall second of the run."""
        while True:
            await asyncio.sleep(max(0.0, started + len(self.offered) + 1 - time.perf_counter()))
            self.offered.append(self.offered_so_far())

    async def _drain(self) -> None:
        assert self.links is not None and self.roaming is not None
        await self.links.outbox.drain()
        await self.roaming.drain()

    def _hub_deliveries(self) -> list[Delivery]:
        """The calls to the target hub: the CPO's, and the drivers' app's (its session-starts)."""
        if self.targets.oioi is None or self.roaming is None:
            return []
        return [d for outbox in (self.roaming.cpo_outbox, self.roaming.app_outbox) if outbox is not None for d in outbox.log]

    def _part(self, timer: RequestTimer) -> LoadPart:
        assert self.links is not None
        stations = self.links.stations
        abs_answers: dict[str, int] = {}
        if self.targets.abs is not None:
            for exchange in stations.log:
                code = str(exchange.get("statusCode"))
                abs_answers[code] = abs_answers.get(code, 0) + 1
        deliveries = self._hub_deliveries()
        oioi_answers: dict[str, dict[str, int]] = {}
        for delivery in deliveries:
            codes = oioi_answers.setdefault(delivery.call, {})
            code = _answer(delivery)
            codes[code] = codes.get(code, 0) + 1
        cut_off = (self.links.outbox.waiting if self.targets.abs is not None else 0) + sum(not d.done for d in deliveries)
        roaming = self._roaming(deliveries)
        cdrs = {(r.controller, r.transaction): r.session_id for r in roaming if r.cdr == "accepted"}
        world = self.sim.world
        sessions = []
        if world.fleet is not None:
            for row in collect(world, self.sim.clock.now / 86_400.0).sessions:
                key = (row["controller"], row["transaction"])
                if self.targets.abs is not None:
                    row |= {"abs_session": stations.started.get(key) if row["transaction"] is not None else None,
                            "abs_status": None, "price": None, "currency": None}
                if self.targets.oioi is not None:
                    row["cdr_id"] = cdrs.get(key)
                sessions.append(row)
        reported = [(cp_id, tx_id, session) for (cp_id, tx_id), session in stations.started.items()] if self.targets.abs is not None else []
        offered = [b - a for a, b in zip([0, *self.offered], self.offered)]
        return LoadPart(self.shard, timer.records, {kind: h.encode() for kind, h in timer.histograms.items()},
                        offered, cut_off, abs_answers, oioi_answers, self.sim.clock.now, sessions, reported, roaming)

    def _roaming(self, deliveries: list[Delivery]) -> list[RoamingRecord]:
        """The CPO's roaming sessions and the fate of each one's final CDR at the target hub."""
        if self.targets.oioi is None or self.sim.world.roaming.operator is None:
            return []
        final = {d.fields["session-id"]: d for d in deliveries
                 if d.call == "session-post" and "stop" in d.fields["session-interval"]}
        records = []
        for session in self.sim.world.roaming.operator.sessions.values():
            if session.transaction_id is None:
                continue  # authorized, never started: no session to bill
            delivery = final.get(session.session_id)
            if delivery is None:
                cdr = "running" if session.stop is None else "not sent"
            elif not delivery.done:
                cdr = "waiting"
            elif delivery.answers[-1].retryable:
                cdr = "no answer"
            else:
                cdr = "accepted" if delivery.code == 0 else f"refused {_answer(delivery)}"
            records.append(RoamingRecord(session.cp_id, session.transaction_id, session.session_id, session.remote, cdr))
        return records


def _answer(delivery: Delivery) -> str:
    """A delivery's last answer as the report counts it: its result code, its HTTP status, or none."""
    last = delivery.answers[-1] if delivery.answers else None
    if last is None or last.status is None:
        return "none"
    return str(last.code) if last.code is not None else f"HTTP {last.status}"
