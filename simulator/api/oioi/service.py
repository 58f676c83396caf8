"""Roaming on the simulator's HTTP server: the hub, the CPO endpoint, and their senders.

``RoamingService`` mounts ``POST /api/v4/request`` (the hub), ``GET /api/v4/schema``,
``POST /cpo/api/v4/request`` (the simulated CPO) and sim-control under
``/sim/roaming``.  For each world it subscribes the CPO's senders to the world's
events; the hub pushes its offline whitelist to CPO partners when it changes.
"""

from __future__ import annotations

from typing import Any, Callable

from aiohttp import web

from ...model.events import Event
from ...model.roaming.config import ApiKey, Partner
from ...model.roaming.formats import normalize_uid
from ...model.roaming.network import RoamingNetwork
from ...model.roaming.operator import ROAMING_KINDS, Outgoing, RoamingOperator
from ...model.world import World
from ...runtime import Simulation
from .. import jsonio
from ..web_json import json_response
from . import schema
from .client import Answer, OioiClient, Outbox, retry_after_seconds
from .cpo import cpo_handlers
from .hub import HUB_CALLS, HubCall
from .protocol import Handler, Outage, Reply, Request, answer, http_failure

HUB_PATH = "/api/v4/request"
CPO_PATH = "/cpo/api/v4/request"
MAX_OUTAGE_REQUESTS = 1000
WHITELIST_PUSH_S = 24 * 3600.0
"""The hub pushes its offline whitelist to CPO partners at start and then daily (spec: "in
regular intervals, e.g. once per day"); a block therefore reaches offline CPOs within a day."""


class RoamingService:
    def __init__(self, sim: Simulation) -> None:
        self.sim = sim
        self.client = OioiClient()
        self.outages = {"hub": Outage(), "cpo": Outage()}
        self.cpo_outbox: Outbox | None = None
        self.app_outbox: Outbox | None = None
        """The fleet drivers' phone app: an EMP client of the hub that starts sessions remotely."""
        self.hub_outboxes: dict[str, Outbox] = {}
        self._world: World | None = None
        self._hub_calls = self._hub_handlers()
        self.base_url: str | None = None
        sim.world_listeners.append(self.attach)
        sim.io_drains.append(self.drain)
        sim.io_busy.append(self.busy)

    @property
    def network(self) -> RoamingNetwork:
        return self.sim.world.roaming

    def listening(self, base_url: str) -> None:
        """The server is up: calls to ``self`` endpoints can go out; the first world attaches."""
        self.base_url = base_url
        self.attach(self.sim.world)

    # -- following the world --------------------------------------------------------

    def attach(self, world: World) -> None:
        """A new world: fresh outboxes, the CPO's senders on its events, the full push."""
        self._close_outboxes()
        self._world = world
        self.outages = {"hub": Outage(), "cpo": Outage()}
        env = self.sim.clock.env
        operator = world.roaming.operator
        roams_elsewhere = operator is not None and operator.config.hub != "self"
        self.hub_outboxes = {
            p.identifier: Outbox(self.client, env, self._partner_url(p), p.key or "")
            for p in world.roaming.hub.partners.values()
            if p.endpoint is not None and not (p.endpoint == "self" and roams_elsewhere)
        }  # not to this simulator's own CPO when it roams with another hub: that hub sends it whitelists, or not
        self._push_whitelists(world)
        self.cpo_outbox = None
        if operator is None:
            return
        hub_url = operator.config.hub
        self.cpo_outbox = Outbox(self.client, env, lambda: self._path(hub_url, HUB_PATH), operator.config.key)
        world.events.subscribe(lambda event: self._on_event(world, operator, event), ROAMING_KINDS)
        for controller in operator.controllers.values():
            fallback = controller.online_authorizer or (lambda tag, c=controller: c.authorize_remote(tag, False))
            controller.online_authorizer = lambda tag, cp_id=controller.id, f=fallback: self._card(world, operator, cp_id, tag, f)
        for outgoing in operator.initial_push():
            self.cpo_outbox.put(outgoing)
        app_key = next((k.key for k in world.config.roaming.keys if k.role == "emp"), None)
        self.app_outbox = None
        if world.fleet is not None and app_key is not None:
            self.app_outbox = Outbox(self.client, env, lambda: self._path(hub_url, HUB_PATH), app_key)  # the CPO's hub
            world.events.subscribe(lambda event: self._app_start(world, operator, event), ("app_start_requested",))

    def _app_start(self, world: World, operator: RoamingOperator, event: Event) -> None:
        """A driver starts the session in the app: ``session-start`` with the user's EVCO ID
        (the app got it when its user registered) for the EVSE the driver plugged into."""
        if world is not self._world or self.app_outbox is None:
            return
        user = world.roaming.hub.directory.find(event.data["user"])
        if user is None or event.source not in operator.controllers:
            return
        fields = {"user": {"identifier-type": "evco-id", "identifier": user.evco_id}, "connector-id": operator.evse_id(event.source)}
        self.app_outbox.put(Outgoing("session-start", fields))

    def _path(self, endpoint: str, path: str) -> str | None:
        if endpoint == "self":
            return None if self.base_url is None else self.base_url + path
        return endpoint

    def _partner_url(self, partner: Partner) -> Callable[[], str | None]:
        return lambda: self._path(partner.endpoint or "", CPO_PATH)

    def _on_event(self, world: World, operator: RoamingOperator, event: Event) -> None:
        if world is self._world and self.cpo_outbox is not None:
            for outgoing in operator.on_event(event):
                self.cpo_outbox.put(outgoing)

    def _card(self, world: World, operator: RoamingOperator, cp_id: str, tag: str, fallback: Callable[[str], None]) -> None:
        """The controller's online authorizer: roaming first (offline list, then rfid-verify at
        the hub); a card roaming refuses goes to whoever authorized before (the back office)."""
        uid = normalize_uid(tag)
        if uid is None:
            fallback(tag)
            return
        outgoing = operator.authorize_card(cp_id, uid, lambda: fallback(tag))
        if outgoing is not None and self.cpo_outbox is not None and world is self._world:
            self.cpo_outbox.put(Outgoing(outgoing.call, outgoing.fields, self._in_model(world, outgoing.on_answer)))

    def _in_model(self, world: World, callback: Callable[[int | None], None] | None) -> Callable[[int | None], None]:
        def run(code: int | None) -> None:
            if callback is None or world is not self._world:
                return
            self.sim.clock.sync()
            callback(code)
            self.sim.clock.settle()

        return run

    def _push_whitelists(self, world: World) -> None:
        """rfid-post of the complete offline whitelist to every CPO partner, then again a day later."""
        if world is not self._world:
            return
        hub = world.roaming.hub
        current = hub.offline_whitelist()
        for outbox in self.hub_outboxes.values():
            outbox.put(Outgoing("rfid-post", {"rfids": current, "partner-identifier": hub.config.identifier}))
        timer = self.sim.clock.env.timeout(WHITELIST_PUSH_S)
        timer.callbacks.append(lambda _event: self._push_whitelists(world))

    def _close_outboxes(self) -> None:
        for outbox in self._outboxes().values():
            outbox.cancel()

    # -- the endpoints --------------------------------------------------------------------

    async def _forward(self, partner: Partner, call: str, fields: dict[str, Any]) -> Answer:
        url = self._path(partner.endpoint or "", CPO_PATH)
        if url is None:
            return Answer(None, error="the CPO's address is not known")
        return await self.client.send(url, partner.key or "", call, fields)

    def _hub_handlers(self) -> dict[str, Handler]:
        def bind(name: str) -> Handler:
            async def run(request: Request) -> dict[str, Any]:
                return await HUB_CALLS[name](HubCall(self.network.hub, request, self._forward))

            return run

        return {name: bind(name) for name in HUB_CALLS}

    async def handle(self, raw: bytes, authorization: str | None, side: str) -> Reply:
        """One call to the hub or to the CPO endpoint, whatever carried it (HTTP, or a batch
        run's in-process call)."""
        clock = self.sim.clock
        clock.sync()
        if side == "hub":
            hub = self.network.hub
            reply = await answer(raw, authorization, hub.keys, self._hub_calls, self.outages["hub"],
                                 lambda key, name: key.role in schema.roles(name))
        else:
            operator = self.network.operator
            keys = {} if operator is None else {operator.config.inbound_key: ApiKey(operator.config.inbound_key, "hub")}
            reply = await answer(raw, authorization, keys, cpo_handlers(lambda: self.network.operator),
                                 self.outages["cpo"], lambda key, name: key.role == "hub")
        clock.settle()
        return reply

    async def _serve(self, request: web.Request, side: str) -> web.Response:
        return _response(await self.handle(await request.read(), request.headers.get("Authorization"), side))

    def in_process(self) -> None:
        """A batch run: calls to this simulator's own hub and CPO skip the socket (the same
        handlers answer); calls to any other address still go over HTTP."""
        self.client = InProcessClient(self)
        self.listening(IN_PROCESS)

    async def _hub(self, request: web.Request) -> web.Response:
        return await self._serve(request, "hub")

    async def _cpo(self, request: web.Request) -> web.Response:
        return await self._serve(request, "cpo")

    async def _schema(self, request: web.Request) -> web.Response:
        return json_response(schema.document())

    # -- sim-control ------------------------------------------------------------------------

    def _outboxes(self) -> dict[str, Outbox]:
        named = {f"hub->{p}": o for p, o in self.hub_outboxes.items()}
        named |= {"cpo->hub": self.cpo_outbox} if self.cpo_outbox is not None else {}
        return named | ({"app->hub": self.app_outbox} if self.app_outbox is not None else {})

    def busy(self) -> bool:
        """Any delivery in flight (checked around every request, so without building a table)."""
        for outbox in self.hub_outboxes.values():
            if not outbox.settled:
                return True
        for own in (self.cpo_outbox, self.app_outbox):
            if own is not None and not own.settled:
                return True
        return False

    async def drain(self) -> bool:
        """Wait until every delivery is answered or waits for model time (back-off); True if
        any was in flight."""
        busy = [outbox for outbox in self._outboxes().values() if not outbox.settled]
        for outbox in busy:
            await outbox.drain()
        return bool(busy)

    async def _drain(self, request: web.Request) -> web.Response:
        """The server's middleware has drained every adapter: report what still waits."""
        waiting = [name for name, outbox in self._outboxes().items() if outbox.waiting]
        return json_response({"waiting": waiting, "deliveries": self._log()})

    def _log(self) -> dict[str, list[dict[str, Any]]]:
        return {name: [d.as_dict() for d in outbox.log] for name, outbox in self._outboxes().items()}

    async def _deliveries(self, request: web.Request) -> web.Response:
        return json_response(self._log())

    async def _outage(self, request: web.Request) -> web.Response:
        try:
            body = jsonio.loads(await request.read() or b"{}")
        except jsonio.JsonError as error:
            return json_response({"error": str(error)}, status=400)
        if not isinstance(body, dict):
            return json_response({"error": "the body must be a JSON object"}, status=400)
        side, count, status = body.get("endpoint"), body.get("requests"), body.get("status", 503)
        if side not in (*self.outages, "payment") or not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_OUTAGE_REQUESTS:
            return json_response({"error": f"'endpoint' must be 'hub', 'cpo' or 'payment', 'requests' 0-{MAX_OUTAGE_REQUESTS}"}, status=400)
        if side == "payment":
            self.network.hub.payments.fail_next(count)
            return json_response({"endpoint": side, "requests": count})
        if not isinstance(status, int) or isinstance(status, bool) or not 500 <= status <= 599:
            return json_response({"error": "'status' must be a 5xx code"}, status=400)
        self.outages[side] = Outage(count, status)
        return json_response({"endpoint": side, "requests": count, "status": status})

    async def close(self, _app: web.Application) -> None:
        self._close_outboxes()
        await self.client.close()

    def routes(self) -> list[web.RouteDef]:
        return [
            web.post(HUB_PATH, self._hub),
            web.get("/api/v4/schema", self._schema),
            web.post(CPO_PATH, self._cpo),
            web.post("/sim/roaming/drain", self._drain),
            web.get("/sim/roaming/deliveries", self._deliveries),
            web.post("/sim/roaming/outage", self._outage),
        ]


IN_PROCESS = "in-process:"


class InProcessClient(OioiClient):
    def __init__(self, service: RoamingService) -> None:
        super().__init__()
        self.service = service

    async def send(self, url: str, key: str, call: str, fields: dict[str, Any], retry: bool = False) -> Answer:
        if not url.startswith(IN_PROCESS):
            return await super().send(url, key, call, fields, retry)
        side = "cpo" if url.endswith(CPO_PATH) else "hub"
        reply = await self.service.handle(jsonio.dumps({call: fields}), f"key={key}", side)
        return Answer(reply.status, reply.body, retry_after_seconds(reply.headers.get("Retry-After")))


def _response(reply: Reply) -> web.Response:
    return json_response(reply.body, reply.status, reply.headers)


def http_error(status: int, message: str) -> web.Response:
    """What aiohttp itself refuses under the OIOI endpoints, with ``error`` and a result code."""
    return _response(http_failure(status, message))


OIOI = web.AppKey("oioi", RoamingService)


def mount(app: web.Application, sim: Simulation) -> RoamingService:
    """Add roaming to the simulator's app; the server calls ``listening`` once it is bound."""
    service = RoamingService(sim)
    app.add_routes(service.routes())
    app.on_cleanup.append(service.close)
    return service
