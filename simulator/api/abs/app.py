"""The ABS API on aiohttp: every declared operation routed through one guard.

The guard keeps the conventions: model time brought up to date, the session
checked (445/HTTP 403, idle time counted in model time), parameters parsed
(888, 777), the operation run, events settled.  The back office's own HTTP
traffic (station reports, webhooks) is drained around every request by the
server's middleware (:mod:`simulator.api.settled`), so a client sees a
consistent world without waiting.
"""

from __future__ import annotations

from importlib import resources
from typing import Any, Awaitable, Callable, Iterable, Mapping

import aiohttp
from aiohttp import web

from ...model.backoffice import AbsError, Status
from ...model.backoffice.fields import parse_params
from ...model.world import World
from ...runtime import Simulation
from ..settled import adapter_headers
from ..web_json import json_response
from . import administration, authentication, charging, cs, devices
from . import resources as resource_ops
from .conventions import LOG, SESSION_HEADER, Call, Operation, body, parse_path, parse_query
from .cs_client import ChargingStationLink
from .outbox import Outbox
from .webhooks import WebhookSender

OPERATIONS: tuple[Operation, ...] = (
    *authentication.OPERATIONS,
    *charging.OPERATIONS,
    *devices.OPERATIONS,
    *administration.OPERATIONS,
    *resource_ops.OPERATIONS,
    *cs.OPERATIONS,
)
OPENAPI_PATH = "/openapi/abs.yaml"


class BackOfficeLinks:
    """The back office's outgoing HTTP: station reports and webhooks, rebuilt with each world."""

    def __init__(self, sim: Simulation) -> None:
        self.sim = sim
        self.outbox = Outbox()
        self.base_url: str | None = None
        self._http: aiohttp.ClientSession | None = None
        self.trace_configs: list[aiohttp.TraceConfig] = []
        """Listeners to every outgoing request (a load run times them)."""
        self.stations = ChargingStationLink(sim.clock, self.outbox, self.http, lambda: self.base_url)
        self.webhooks = WebhookSender(sim.clock, self.outbox, self.http)
        self.attach(sim.world)

    def http(self) -> aiohttp.ClientSession:
        if self._http is None:
            self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10), headers=adapter_headers("abs"),
                                               trace_configs=self.trace_configs or None)
        return self._http

    def attach(self, world: World) -> None:
        self.outbox.cancel_all()
        self.stations.attach(world)
        self.webhooks.attach(world.backoffice.notifier)

    def listening(self, base_url: str, own: bool = False) -> None:
        """The stations report to ``base_url``; ``own``: it is this process's back office, so
        their periodic readings may reach it in-process (see ``ChargingStationLink.coalesce``)."""
        self.base_url = base_url
        if own:
            self.stations.coalesce(reading_recorder(self.sim))

    def in_process(self) -> None:
        """A batch run: the stations reach this back office without a socket (same operations)."""
        self.stations.local = local_calls(self.sim)
        self.outbox.inline = True
        self.listening("in-process:", own=True)

    async def close(self, _app: web.Application | None = None) -> None:
        self.outbox.cancel_all()
        if self._http is not None:
            await self._http.close()
            self._http = None


def _handler(sim: Simulation, op: Operation) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handle(request: web.Request) -> web.Response:
        status, content = execute(sim, op, request.headers.get(SESSION_HEADER), request.query.items(), request.match_info)
        return json_response(content, status)

    return handle


def http_error(status: int, message: str) -> web.Response:
    """What aiohttp itself refuses under ``/abs`` (no such path 404, wrong method 405, too
    large 413): 999 with that HTTP status; anything unexpected 999 with HTTP 200 as always."""
    return json_response(body(Status.OTHER_ERROR, message=message)[1], 200 if status >= 500 else status)


def execute(sim: Simulation, op: Operation, session: str | None, query: Iterable[tuple[str, str]],
            match_info: Mapping[str, str]) -> tuple[int, dict[str, Any]]:
    """One ABS operation, whatever carried it (HTTP, or a batch run's in-process call):
    model time brought up to date, the session checked, parameters parsed, events settled."""
    sim.clock.sync()
    try:
        outcome = body(Status.OK, **_run(sim, op, session, query, match_info))
    except AbsError as error:
        outcome = body(error.status, message=error.message)
    except Exception:  # the spec's 999: never a 500 or a traceback to the client
        LOG.exception("ABS %s %s failed", op.method, op.path)
        outcome = body(Status.OTHER_ERROR, message="internal error")
    sim.clock.settle()
    return outcome


def _run(sim: Simulation, op: Operation, session: str | None, query: Iterable[tuple[str, str]],
         match_info: Mapping[str, str]) -> dict[str, Any]:
    backoffice = sim.world.backoffice
    access = user_id = None
    if op.authenticated:
        caller, user_id = backoffice.sessions.resume(session, float(sim.clock.now))
        access = caller.access(op.resource, op.method)
        if not access.allowed and op.refusal is not None:
            denied = f"{op.method} {op.path} is not open to the roles {', '.join(sorted(caller.roles)) or 'none'}"
            raise AbsError(op.refusal, denied if op.refusal is Status.AUTHENTICATION_FAILED else "")
    params = parse_params(op.params, parse_query(op, query), require=True)
    return op.handler(Call(backoffice, access, user_id, params, parse_path(op, match_info)))


def local_calls(sim: Simulation) -> Callable[[str, str, dict[str, str], str | None], dict[str, Any]]:
    """The ABS operations without parameters in their path, called in-process: a batch run's
    stations reach the same guard and handlers as over HTTP, without the socket."""
    table = {(op.method, op.path): op for op in OPERATIONS if "{" not in op.path}

    def call(method: str, path: str, query: dict[str, str], session: str | None) -> dict[str, Any]:
        return execute(sim, table[(method, path)], session, query.items(), {})[1]

    return call


def reading_recorder(sim: Simulation) -> Callable[[int, int, int], str]:
    """A batch run's periodic meter reading, in-process: the back office's own update of a
    session (the checks, the record, the notification) without the wire's parameter parsing,
    which the model's own numbers need not pass; returns the status code."""

    def record(session_id: int, timestamp: int, energy_wh: int) -> str:
        try:
            sim.world.backoffice.charging.update(session_id, timestamp, energy_wh, None)
        except AbsError as error:
            return str(error.status.value)
        return str(Status.OK.value)

    return record


def abs_routes(sim: Simulation) -> list[web.RouteDef]:
    document = resources.files(__package__).joinpath("openapi.yaml").read_text()

    async def openapi(_request: web.Request) -> web.Response:
        return web.Response(text=document, content_type="application/yaml")

    ordered = sorted(OPERATIONS, key=lambda op: "{" in op.path.rsplit("/", 1)[-1])
    routes = [web.route(op.method, op.path, _handler(sim, op)) for op in ordered]
    return [*routes, web.get(OPENAPI_PATH, openapi)]


ABS_LINKS = web.AppKey("abs_links", BackOfficeLinks)


def mount(app: web.Application, sim: Simulation) -> BackOfficeLinks:
    """Add the ABS API to the simulator's app; returns the links the server must tell its URL."""
    links = BackOfficeLinks(sim)
    app.add_routes(abs_routes(sim))
    app.on_cleanup.append(links.close)
    sim.world_listeners.append(links.attach)
    sim.io_drains.append(links.outbox.drain)
    sim.io_busy.append(lambda: links.outbox.busy)
    sim.io_hand_overs.append(links.stations.hand_over)
    return links
