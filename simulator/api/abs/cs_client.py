"""The simulated controllers as real HTTP clients of the back office's ``/abs/cs`` interface.

Listens to the world's events (the model stays I/O-free) and reports over
loopback HTTP, in order per controller: session start, meter readings every
``METER_INTERVAL_S`` of model time and when charging starts or pauses, session
end, socket status when it changes (FAILURE while the controller has an error
or its pilot is E/F, with the fault's code and text), boot after power returns
or a reboot; and asks ``/abs/cs/authorize`` about tags missing from a
controller's whitelist. Timestamps are the model instants the events happened at.
A controller without mains power reports nothing (its network is down with it).
A transaction started without a tag (free charging) is not reported as a
session: the interface's sessions have a driver.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any, Callable

import aiohttp

from ...clock import SimClock
from ...model.controller import Controller
from ...model.events import Event
from ...model.pilot import CHARGING_STATES, PilotState
from ...model.world import World
from .. import jsonio
from .conventions import SESSION_HEADER
from .outbox import Outbox

MAX_LOG = 100_000
"""Exchanges kept as evidence; a month of a big fleet would otherwise fill the memory."""
METER_INTERVAL_S = 900.0
"""Meter readings every 15 minutes of model time while a transaction runs."""
HAND_OVER_S = 3600.0
"""Coalesced readings reach the back office at least this often (model time)."""
FAULTED_PILOT = (PilotState.E, PilotState.F)


REPORTED_KINDS = frozenset({
    "transaction_started", "transaction_stopped", "pilot", "fault_raised", "faults_cleared", "powered_on", "rebooted",
})
"""The events a station reports on; the rest (PWM, current limits, tapers) it keeps to itself."""


class ChargingStationLink:
    def __init__(self, clock: SimClock, outbox: Outbox, http: Callable[[], aiohttp.ClientSession],
                 base_url: Callable[[], str | None]) -> None:
        self.clock = clock
        self.outbox = outbox
        self.http = http
        self.base_url = base_url
        self.world: World | None = None
        self.credentials: tuple[str, str] | None = None
        self.session_id: str | None = None
        self.abs_sessions: dict[tuple[str, int], int] = {}
        self.reported: dict[str, str] = {}
        """The socket status each controller reported last: it reports only a change."""
        self.log: deque[dict[str, Any]] = deque(maxlen=MAX_LOG)
        """The exchanges with the back office: the evidence of what the stations reported."""
        self.local: Callable[[str, str, dict[str, str], str | None], dict[str, Any]] | None = None
        """A batch run's in-process path to the back office's operations (no socket)."""
        self.socket_ids: dict[str, int] | None = None
        """The target back office's socket per controller, where it numbers them otherwise than
        this world's (a load run's shard of a bigger world); None: this world's."""
        self.wall_stamps = False
        """A load run stamps reports with the wall clock: a real back office checks them against
        its own time, and the model's runs ahead of it by the run's factor."""
        self.queued = 0
        """Reports the stations wanted to make so far: a load run's offered load."""
        self.started: dict[tuple[str, int], int] = {}
        """Every session the back office accepted: (controller, transaction) -> its session id."""
        self.record_reading: Callable[[int, int, int], str] | None = None
        """The in-process path of coalesced periodic meter readings to this process's own back
        office (session id, timestamp, Wh -> status code), see :meth:`coalesce`; None: each
        reading is a request of its own, as on a network (an external back office)."""
        self.deferred: dict[str, list[tuple[int, int, int]]] = {}
        """Per controller, the periodic readings not handed over yet: (transaction, timestamp, Wh)."""

    def attach(self, world: World) -> None:
        self.world, self.session_id = world, None
        self.abs_sessions.clear()
        self.started.clear()
        self.deferred.clear()
        self.reported.clear()
        self.log.clear()
        accounts = world.config.backoffice.get("user", [])
        cs = next((u for u in accounts if "cs" in u.get("roles", [])), None)
        self.credentials = (cs["username"], cs["password"]) if cs else None
        if self.credentials is None:
            return
        world.events.subscribe(self.on_event, REPORTED_KINDS)
        if self.record_reading is not None:
            self._hand_over_hourly(world)
        for cp_id, controller in world.controllers.items():
            if world.backoffice.socket_for_controller(cp_id) is not None:
                controller.online_authorizer = lambda tag, c=controller: self._queue(c.id, self._authorize, c, tag)

    # -- what happens in the world -------------------------------------------------

    def on_event(self, event: Event) -> None:
        world = self.world
        assert world is not None
        controller = world.controllers.get(event.source)
        if controller is None or not controller.powered or world.backoffice.socket_for_controller(controller.id) is None:
            return
        stamp = self._stamp()
        if event.kind == "transaction_started" and event.data.get("tag"):
            tx_id = event.data["id"]
            self._queue(controller.id, self._start, controller, tx_id, event.data["tag"], stamp)
            self._schedule_reading(controller, tx_id)
        elif event.kind == "transaction_stopped":
            energy = event.data["consumption"]
            self._queue(controller.id, self._end, controller, event.data["id"], stamp, energy, event.data["reason"])
        elif event.kind == "pilot":
            state = PilotState(event.data["state"])
            if controller.active is not None:
                self._queue(controller.id, self._update, controller, controller.active.id, stamp,
                            self._energy(controller), state in CHARGING_STATES)
            self._report_status(controller)
        elif event.kind == "fault_raised":
            fault = next((f for f in controller.faults.current() if f.code == event.data["code"]), None)
            self._report_status(controller, event.data["code"], fault.message if fault else None)
        elif event.kind == "faults_cleared":
            self._report_status(controller)
        elif event.kind in ("powered_on", "rebooted"):
            self.reported.pop(controller.id, None)
            self._queue(controller.id, self._boot, controller, stamp)
            self._report_status(controller)

    def _report_status(self, controller: Controller, error_code: str | None = None, info: str | None = None) -> None:
        """The socket's status if it changed, or with a new fault; FAILURE while the controller
        has an error or its pilot is faulted (E, F)."""
        if controller.faults.has_errors or controller.pilot in FAULTED_PILOT:
            status = "FAILURE"
        else:
            status = "AVAILABLE" if controller.pilot is PilotState.A else "IN_USE"
        if status == self.reported.get(controller.id) and error_code is None:
            return
        self.reported[controller.id] = status
        self._queue(controller.id, self._socket, controller, status, error_code, info)

    def _energy(self, controller: Controller) -> int:
        assert controller.active is not None
        return controller.active.consumption_wh(controller.meter.read_wh())

    def _schedule_reading(self, controller: Controller, tx_id: int) -> None:
        timer = controller.env.timeout(METER_INTERVAL_S)
        timer.callbacks.append(lambda _e: self._reading(controller, tx_id))

    def _reading(self, controller: Controller, tx_id: int) -> None:
        """A periodic reading. To this process's own back office (:meth:`coalesce`), unless a
        notification rule listens to sessions, readings wait and reach it together, in order,
        before the controller's next report, at the next hour or before any client request
        (:meth:`hand_over`): nobody can look in between, so the back office records the same
        readings with the same timestamps and answers the same, without a request per reading."""
        world = self.world
        if world is None or controller.active is None or controller.active.id != tx_id:
            return
        stamp = self._stamp()
        if self.record_reading is not None and not world.backoffice.notifier.subscribed("session.meterValues"):
            self.deferred.setdefault(controller.id, []).append((tx_id, stamp, self._energy(controller)))
        else:
            self._queue(controller.id, self._update, controller, tx_id, stamp, self._energy(controller), None)
        self._schedule_reading(controller, tx_id)

    def coalesce(self, record_reading: Callable[[int, int, int], str]) -> None:
        """The stations report to this process's own back office: their periodic readings
        may reach it in-process and together (see :meth:`_reading`)."""
        first = self.record_reading is None
        self.record_reading = record_reading
        if first and self.world is not None and self.credentials is not None:
            self._hand_over_hourly(self.world)

    def _hand_over_hourly(self, world: World) -> None:
        def again(_event: object) -> None:
            if self.world is world:
                self.hand_over()
                self._hand_over_hourly(world)

        world.env.timeout(HAND_OVER_S).callbacks.append(again)

    def hand_over(self) -> bool:
        """Every waiting reading to the back office (queued): hourly, and before any client
        looks at the world (the server's middleware); True if there were any."""
        waiting = list(self.deferred)
        for cp_id in waiting:
            self._hand_over(cp_id)
        return bool(waiting)

    def _hand_over(self, cp_id: str) -> None:
        readings = self.deferred.pop(cp_id)
        self.outbox.put(f"cs:{cp_id}", lambda: self._record(cp_id, readings))

    async def _record(self, cp_id: str, readings: list[tuple[int, int, int]]) -> None:
        assert self.record_reading is not None
        for tx_id, stamp, energy in readings:
            session = self.abs_sessions.get((cp_id, tx_id))
            if session is not None:
                status = self.record_reading(session, stamp, energy)
                self.log.append({"method": "PUT", "path": "/abs/cs/session", "statusCode": status, "coalesced": True,
                                 "query": {"sessionId": str(session), "timestamp": str(stamp), "energy": str(energy)}})

    def _stamp(self) -> int:
        assert self.world is not None
        return int(time.time()) if self.wall_stamps else self.world.backoffice.unix_now()

    def _queue(self, cp_id: str, job: Callable[..., Any], *args: Any) -> None:
        if cp_id in self.deferred:
            self._hand_over(cp_id)
        self.queued += 1
        self.outbox.put(f"cs:{cp_id}", lambda: job(*args))

    # -- the HTTP side ----------------------------------------------------------------

    async def _call(self, method: str, path: str, **query: Any) -> dict[str, Any]:
        base = self.base_url()
        if base is None or self.credentials is None:
            return {"statusCode": "999"}
        params = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in query.items() if v is not None}
        for _ in range(2):
            if self.session_id is None:
                login = await self._exchange("POST", "/abs/authentication", {"username": self.credentials[0], "password": self.credentials[1]}, None)
                self.session_id = login.get("sessionId")
            body = await self._exchange(method, path, params, self.session_id)
            if body.get("statusCode") != "445":
                return body
            self.session_id = None
        return body

    async def _exchange(self, method: str, path: str, params: dict[str, str], session_id: str | None) -> dict[str, Any]:
        if self.local is not None:
            body: Any = self.local(method, path, params, session_id)
        else:
            headers = {SESSION_HEADER: session_id} if session_id else {}
            async with self.http().request(method, f"{self.base_url()}{path}", params=params, headers=headers) as response:
                body = jsonio.loads(await response.read())
        if path != "/abs/authentication":
            self.log.append({"method": method, "path": path, "query": params, "statusCode": body.get("statusCode")})
        return body if isinstance(body, dict) else {"statusCode": "999"}

    def _socket_id(self, controller: Controller) -> int | None:
        assert self.world is not None
        if self.socket_ids is not None:
            return self.socket_ids.get(controller.id)
        socket = self.world.backoffice.socket_for_controller(controller.id)
        return socket.id if socket else None

    async def _start(self, controller: Controller, tx_id: int, tag: str, stamp: int) -> None:
        body = await self._call("POST", "/abs/cs/session", socketId=self._socket_id(controller), rfid=tag, timestamp=stamp, transactionId=tx_id)
        if body.get("statusCode") == "100":
            self.abs_sessions[(controller.id, tx_id)] = self.started[(controller.id, tx_id)] = body["sessionId"]

    async def _update(self, controller: Controller, tx_id: int, stamp: int, energy: int, charging: bool | None) -> None:
        session = self.abs_sessions.get((controller.id, tx_id))
        if session is not None:
            await self._call("PUT", "/abs/cs/session", sessionId=session, timestamp=stamp, energy=energy, charging=charging)

    async def _end(self, controller: Controller, tx_id: int, stamp: int, energy: int, reason: str) -> None:
        session = self.abs_sessions.pop((controller.id, tx_id), None)
        if session is not None:
            await self._call("DELETE", "/abs/cs/session", sessionId=session, timestamp=stamp, energy=energy, reason=reason)

    async def _socket(self, controller: Controller, status: str, error_code: str | None, info: str | None) -> None:
        await self._call("PUT", "/abs/cs/socket", socketId=self._socket_id(controller), status=status, errorCode=error_code, info=info)

    async def _boot(self, controller: Controller, stamp: int) -> None:
        firmware = controller.settings["FirmwareVersion_sys"]
        await self._call("POST", "/abs/cs/boot", socketId=self._socket_id(controller), timestamp=stamp, firmwareVersion=firmware)

    async def _authorize(self, controller: Controller, tag: str) -> None:
        body = await self._call("GET", "/abs/cs/authorize", socketId=self._socket_id(controller), rfid=tag)
        self.clock.sync()
        accepted = body.get("statusCode") == "100"
        controller.authorize_remote(tag, accepted, body.get("evDriverId") and str(body["evDriverId"]), body.get("name"))
        self.clock.settle()
