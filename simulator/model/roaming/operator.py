"""The simulated CPO's roaming side: its EVSEs, the offline whitelist, its roaming sessions.

Pure: it turns the world's events into the OIOI calls the CPO must send
(:class:`Outgoing`) and answers what the hub asks (remote start/stop, rfid-post).
The API layer sends the calls.  The CPO is the back office's roaming side: a
roaming transaction gets a back-office session, and its CDR carries the energy
and the price of that session once the back office closes it, so the controller's
transaction, the back office's session and the hub's CDR agree on energy and the
app user's bill on the price.  Without a back office for the controller the CDR
carries the controller's energy and no cost.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from ..backoffice import BackOffice
from ..controller import Controller
from ..pilot import PilotState
from ..events import Event
from .codes import Code, RoamingError
from .config import CpoConfig
from .formats import at, format_time

MAX_CONNECTORS = 64
"""Connectors in one station-post (the hub's schema)."""
ROAMING_KINDS = frozenset({"pilot", "transaction_started", "transaction_stopped", "backoffice_session_closed", "authorization_expired"})
"""The events :meth:`RoamingOperator.on_event` turns into calls or bookkeeping."""
STATUS_OF_PILOT = {"a": "Available", "b": "Occupied", "c": "Occupied", "d": "Occupied", "e": "Offline", "f": "Offline"}


@dataclass(frozen=True)
class Outgoing:
    """One call the CPO sends to the hub; ``on_answer`` gets the result code (None: no answer)."""

    call: str
    fields: dict[str, Any]
    on_answer: Callable[[int | None], None] | None = None


@dataclass
class RoamingSession:
    session_id: str
    cp_id: str
    evse_id: str
    user: dict[str, str]
    tag: str
    remote: bool
    transaction_id: int | None = None
    start: float | None = None
    stop: float | None = None
    charging_start: float | None = None
    charging_stop: float | None = None
    energy_wh: int | None = None
    cost: float | None = None
    currency: str | None = None
    backoffice_session: int | None = None


@dataclass
class RoamingOperator:
    config: CpoConfig
    controllers: dict[str, Controller]
    backoffice: BackOffice
    epoch: datetime
    rng: Callable[[str], random.Random]
    """A seeded stream per purpose (``World.rng``): each controller draws its own session ids, so
    a fleet split by site over shards gives each session the id the whole world gives it."""
    stations: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    """Named groups of controllers (a fleet's sites); None: all of them, as the configured station."""
    priced_by_backoffice: bool = True
    """The stations report to this world's back office, which prices a roaming session before
    its CDR goes out; False when they report elsewhere (a load run's target back office): the
    CDR then goes out at the stop with the controller's energy and no cost."""
    whitelist: set[str] = field(default_factory=set)
    sessions: dict[str, RoamingSession] = field(default_factory=dict)
    _pending: dict[str, RoamingSession] = field(default_factory=dict)
    _running: dict[str, RoamingSession] = field(default_factory=dict)
    _priced_by_backoffice: dict[int, RoamingSession] = field(default_factory=dict)
    """Ended sessions whose CDR waits for the back office's price, by back-office session id."""
    _status: dict[str, str] = field(default_factory=dict)
    _by_evse: dict[str, Controller] = field(default_factory=dict)
    """Controller by EVSE id, so the hub's calls find theirs without a scan."""
    _indexed: int = 0
    """How many of the world's controllers ``_by_evse`` covers."""
    _session_ids: dict[str, random.Random] = field(default_factory=dict)

    # -- identities -----------------------------------------------------------------

    def evse_id(self, cp_id: str) -> str:
        return f"{self.config.cpo_id}*E{''.join(ch for ch in cp_id if ch.isalnum())}"

    def controller_at(self, evse_id: str) -> Controller:
        if self._indexed != len(self.controllers):  # first call, or the world added controllers since
            self._by_evse = {}
            for cp_id, controller in self.controllers.items():
                self._by_evse.setdefault(self.evse_id(cp_id), controller)  # the first one, as a scan finds it
            self._indexed = len(self.controllers)
        controller = self._by_evse.get(evse_id)
        if controller is None:
            raise RoamingError(Code.EVSE_NOT_FOUND, f"no EVSE {evse_id!r} at this CPO")
        return controller

    def _time(self, seconds: float | None) -> str | None:
        return None if seconds is None else format_time(at(self.epoch, seconds))

    # -- what the CPO sends on its own ----------------------------------------------------

    def _station_groups(self) -> list[tuple[str, str, list[str]]]:
        """(id, name, controllers) of each station pushed: a station holds at most
        ``MAX_CONNECTORS`` connectors (the hub's limit), so a bigger site is several stations.
        A named group's (a fleet site's) station is named after its first controller, so the
        same site is the same station whichever other sites a world (or a shard of it) has."""
        named = self.stations is not None
        groups = [(name, list(members)) for name, members in self.stations] if self.stations is not None else \
            [(self.config.name, list(self.controllers))]
        pushed: list[tuple[str, str, list[str]]] = []
        for name, members in groups:
            chunks = [members[i:i + MAX_CONNECTORS] for i in range(0, len(members), MAX_CONNECTORS)]
            for n, chunk in enumerate(chunks, 1):
                station = f"{self.config.station_id}-{chunk[0] if named else len(pushed) + 1}"
                pushed.append((station, f"{name} {n}" if len(chunks) > 1 else name, chunk))
        if len(pushed) == 1 and not named:
            return [(self.config.station_id, pushed[0][1], pushed[0][2])]
        return pushed

    def initial_push(self) -> list[Outgoing]:
        """The full load: each station, then every connector's status."""
        calls = [Outgoing("station-post", {"station": self._station(*group), "partner-identifier": self.config.partner})
                 for group in self._station_groups()]
        for cp_id, controller in self.controllers.items():
            status = STATUS_OF_PILOT[str(controller.pilot)]
            self._status[cp_id] = status
            calls.append(self._status_call(cp_id, status))
        return calls

    def _station(self, station_id: str, name: str, members: list[str]) -> dict[str, Any]:
        cfg = self.config
        return {
            "id": station_id,
            "name": name,
            "latitude": cfg.latitude,
            "longitude": cfg.longitude,
            "address": {"street": "", "street-number": "", "city": "", "zip": "", "country": "DE", **cfg.address},
            "contact": {"phone": cfg.phone},
            "cpo-id": cfg.cpo_id,
            "is-open-24": True,
            "connectors": [{"id": self.evse_id(cp), "name": cfg.connector, "speed": cfg.speed_kw} for cp in members],
            "is-free-charge": False,
            "deleted": False,
        }

    def _status_call(self, cp_id: str, status: str) -> Outgoing:
        fields = {"connector-id": self.evse_id(cp_id), "status": status, "partner-identifier": self.config.partner}
        return Outgoing("connector-post-status", fields)

    def on_event(self, event: Event) -> list[Outgoing]:
        """The calls one model event causes (status change, session start or end)."""
        cp_id = event.source
        if cp_id not in self.controllers:
            return []
        if event.kind == "pilot":
            return self._pilot(cp_id, event)
        if event.kind == "transaction_started":
            return self._started(cp_id, event)
        if event.kind == "transaction_stopped":
            return self._stopped(cp_id, event)
        if event.kind == "backoffice_session_closed":
            return self._priced(event)
        if event.kind == "authorization_expired":
            self._pending.pop(cp_id, None)
        return []

    def _pilot(self, cp_id: str, event: Event) -> list[Outgoing]:
        state = event.data["state"]
        session = self._running.get(cp_id)
        if session is not None:
            if state in ("c", "d") and session.charging_start is None:
                session.charging_start = event.time
            if state in ("c", "d"):
                session.charging_stop = None
            elif session.charging_start is not None and session.charging_stop is None:
                session.charging_stop = event.time
        status = STATUS_OF_PILOT[state]
        if self._status.get(cp_id) == status:
            return []
        self._status[cp_id] = status
        return [self._status_call(cp_id, status)]

    def _started(self, cp_id: str, event: Event) -> list[Outgoing]:
        session = self._pending.pop(cp_id, None)
        if session is None or session.tag != (event.data.get("tag") or ""):
            return []
        session.transaction_id, session.start = event.data["id"], event.time
        if self.controllers[cp_id].pilot in (PilotState.C, PilotState.D):
            session.charging_start = event.time
        self._running[cp_id] = session
        opened = self.backoffice.expect_roaming_session(cp_id, session.tag) if self.priced_by_backoffice else None
        session.backoffice_session = None if opened is None else opened.id
        return [self.cdr(session)] if self.config.cdr_at_start else []

    def _stopped(self, cp_id: str, event: Event) -> list[Outgoing]:
        session = self._running.pop(cp_id, None)
        if session is None or session.transaction_id != event.data["id"]:
            return []
        session.stop = event.time
        if session.charging_start is not None and session.charging_stop is None:
            session.charging_stop = event.time
        if session.backoffice_session is not None:
            self._priced_by_backoffice[session.backoffice_session] = session
            return []
        session.energy_wh = int(event.data["consumption"])
        return [self.cdr(session)]

    def _priced(self, event: Event) -> list[Outgoing]:
        """The back office closed a session: if it is a roaming one, its CDR goes out now."""
        session = self._priced_by_backoffice.pop(event.data["sessionId"], None)
        if session is None:
            return []
        session.energy_wh = int(event.data["energyWh"])
        session.cost, session.currency = event.data["totalPrice"], event.data["currency"]
        return [self.cdr(session)]

    def cdr(self, session: RoamingSession) -> Outgoing:
        """session-post: the CDR, or (before the stop) the notice of a started session."""
        fields: dict[str, Any] = {
            "user": session.user,
            "session-id": session.session_id,
            "connector-id": session.evse_id,
            "session-interval": {"start": self._time(session.start)},
            "partner-identifier": self.config.partner,
        }
        if session.stop is not None:
            fields["session-interval"]["stop"] = self._time(session.stop)
            fields["energy-consumed"] = round(session.energy_wh or 0) / 1000
            if session.cost is not None and session.currency is not None:
                fields["calculated-cost"] = {"amount": session.cost, "currency": session.currency}
        if session.charging_start is not None:
            charging = {"start": self._time(session.charging_start)}
            if session.charging_stop is not None:
                charging["stop"] = self._time(session.charging_stop)
            fields["charging-interval"] = charging
        return Outgoing("session-post", fields)

    # -- what the hub asks -------------------------------------------------------------

    def _new_session(self, cp_id: str, user: dict[str, str], tag: str, remote: bool) -> RoamingSession:
        rng = self._session_ids.get(cp_id) or self._session_ids.setdefault(cp_id, self.rng(f"roaming:cpo:{cp_id}"))
        session_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        session = RoamingSession(session_id, cp_id, self.evse_id(cp_id), user, tag, remote)
        self.sessions[session_id] = session
        self._pending[cp_id] = session
        return session

    def start_remote(self, evse_id: str, user: dict[str, str]) -> RoamingSession:
        """session-start: the controller must answer (have mains), the EV be plugged in, the socket free and healthy."""
        controller = self.controller_at(evse_id)
        if not controller.powered:
            raise RoamingError(Code.EVSE_TIMEOUT, f"{evse_id} does not answer: its controller has no mains power")
        if controller.pilot in (PilotState.E, PilotState.F):
            raise RoamingError(Code.EVSE_ERROR, f"{evse_id} is faulted")
        if controller.active is not None:
            raise RoamingError(Code.EVSE_IN_USE)
        if controller.ev is None:
            raise RoamingError(Code.NO_EV_CONNECTED)
        identity = {"identifier-type": user["identifier-type"], "identifier": user["identifier"]}
        session = self._new_session(controller.id, identity, user["identifier"], remote=True)
        controller.authorize_remote(session.tag, True, user_id=user["identifier"])
        if controller.active is None:
            self._pending.pop(controller.id, None)
            del self.sessions[session.session_id]
            raise RoamingError(Code.EVSE_ERROR, f"{evse_id} did not start charging")
        return session

    def stop_remote(self, evse_id: str, session_id: str | None) -> None:
        controller = self.controller_at(evse_id)
        session = self._running.get(controller.id)
        if session is None or (session_id is not None and session.session_id != session_id):
            raise RoamingError(Code.SESSION_NOT_FOUND, f"no roaming session running at {evse_id}")
        if not session.remote:
            raise RoamingError(Code.NO_REMOTE_STOP, "only remotely started sessions stop remotely")
        controller.stop_transaction("Remote")

    def post_whitelist(self, uids: list[str]) -> int:
        """rfid-post from the hub: the complete list of cards allowed offline."""
        fresh = set(uids)
        processed = len(fresh - self.whitelist)
        self.whitelist = fresh
        return processed

    # -- cards at the reader ------------------------------------------------------------

    def authorize_card(self, cp_id: str, uid: str, refused: Callable[[], None]) -> Outgoing | None:
        """A card the controller does not know: offline list first, else ask the hub (rfid-verify);
        ``refused`` decides about a card roaming does not accept."""
        controller = self.controllers[cp_id]
        user = {"identifier-type": "rfid", "identifier": uid}
        if uid in self.whitelist:
            self._new_session(cp_id, user, uid, remote=False)
            controller.authorize_remote(uid, True)
            return None

        def answered(code: int | None) -> None:
            if code != Code.SUCCESS:
                refused()
                return
            self._new_session(cp_id, user, uid, remote=False)
            controller.authorize_remote(uid, True)

        return Outgoing("rfid-verify", {"rfid": uid}, answered)
