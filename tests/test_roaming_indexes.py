"""The roaming hub's indexed lookups agree with a plain scan of every user, key,
whitelist, CDR, remote session and connector while users register, keys are added,
replaced and handed out, whitelists and stations are posted and CDRs and remote
sessions come and go at random.

Names, e-mails, EVCO IDs, UIDs and session ids are drawn from small pools, so the
collisions that decide which of several candidates a scan meets first happen often."""

from __future__ import annotations

import random
from collections.abc import Collection
from datetime import datetime, timedelta, timezone

import simpy
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from simulator.model.roaming.accounts import ChargingKey, Directory, User
from simulator.model.roaming.codes import RoamingError
from simulator.model.roaming.config import Partner, RoamingConfig
from simulator.model.roaming.formats import evco_key, format_evco
from simulator.model.roaming.hub import RoamingHub
from simulator.model.roaming.sessions import Cdr, RemoteSession, SessionBook
from simulator.model.roaming.stations import Connector, StationRegistry

EPOCH = datetime(2026, 1, 5, tzinfo=timezone.utc)
NAMES = ("ann", "Ann", "bob@x.de", "Bob@X.de", "cy")
EMAILS = ("ann@x.de", "ANN@x.de", "bob@x.de", "cy@y.org", "Bob@X.de")
EMPS = ("EMP-1", "EMP-2", None)
EMP_FILTERS: tuple[Collection[str] | None, ...] = (None, ("EMP-1",), ("EMP-2",), ())
UIDS = ("04A1B2C3", "04A1B2C4", "04A1B2C3D4E5F6", "0BADCAFE")
PARTNERS = tuple(Partner(f"emp-partner-{n}-000000", f"EMP {n}") for n in range(2))
EVSES = ("DE*CBS*E1", "DE*CBS*E2", "DE*CBS*E3")
SESSIONS = ("s1", "s2", "s3", "s4")
STARTS = tuple(EPOCH + timedelta(hours=h) for h in (0, 1, 1, 2))
_GENERATED = format_evco("DE", "8PS", "C00001")
"""The first EVCO ID the directory hands out: a key given it collides with that user."""
EVCOS = (_GENERATED, _GENERATED.replace("*", "").lower(), format_evco("DE", "8PS", "STOCK1"),
         format_evco("DE", "8PS", "STOCK1").replace("*", "-"), "not-an-evco")
EVCO_PROBES = (*EVCOS, format_evco("DE", "8PS", "C00002"), format_evco("DE", "8PS", "C00003").replace("*", ""))


# -- the lookups as scans (what the hub did before it had indexes) -------------------------

def scan_find(directory: Directory, name: str, emps: Collection[str] | None) -> User | None:
    for user in directory.users:
        if user.username == name or user.email.lower() == name.lower():
            return user if emps is None or user.emp in emps else None
    return None


def scan_by_evco(directory: Directory, evco_id: str, emps: Collection[str] | None) -> User | None:
    key = evco_key(evco_id)
    if key is None:
        return None
    for user in directory.users:
        if evco_key(user.evco_id) == key or any(evco_key(k.evco_id) == key for k in user.keys):
            return user if emps is None or user.emp in emps else None
    return None


def scan_key_by_evco(directory: Directory, evco_id: str) -> ChargingKey | None:
    wanted = evco_key(evco_id)
    return next((k for k in directory.keys.values() if wanted is not None and evco_key(k.evco_id) == wanted), None)


def scan_of_user(book: SessionBook, user: User) -> list[Cdr]:
    return sorted([c for c in book.cdrs.values() if c.user is user], key=lambda c: c.start, reverse=True)


def scan_remote_for(book: SessionBook, user: User, evse_id: str, session_id: str | None) -> RemoteSession | None:
    for session in reversed(list(book.remote.values())):
        if session.user is user and session.evse_id == evse_id and not session.stopped:
            if session_id is None or session.session_id == session_id:
                return session
    return None


def scan_connector(registry: StationRegistry, evse_id: str) -> Connector | None:
    return next((c for s in registry.stations.values() if not s.deleted for c in s.connectors if c.evse_id == evse_id), None)


def indexed_remote_for(book: SessionBook, user: User, evse_id: str, session_id: str | None) -> RemoteSession | None:
    try:
        return book.remote_for(user, evse_id, session_id)
    except RoamingError:
        return None


class HubLookups(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.hub = RoamingHub(RoamingConfig(), simpy.Environment(), EPOCH, random.Random(7))
        self.directory, self.book = self.hub.directory, self.hub.sessions

    def _user(self, data: st.DataObject) -> User | None:
        return data.draw(st.sampled_from([None, *self.directory.users]))

    # -- accounts and keys ----------------------------------------------------------------

    @rule(name=st.sampled_from(NAMES), email=st.sampled_from(EMAILS), emp=st.sampled_from(EMPS))
    def register(self, name: str, email: str, emp: str | None) -> None:
        try:
            self.directory.register(name, email, "pw", emp=emp)
        except RoamingError:
            pass  # a taken name or e-mail changes nothing; the invariants check that too

    @rule(data=st.data(), uid=st.sampled_from(UIDS), evco=st.sampled_from((None, *EVCOS)), active=st.booleans())
    def add_key(self, data: st.DataObject, uid: str, evco: str | None, active: bool) -> None:
        self.directory.add_key(uid, self._user(data), active, evco)

    @rule(data=st.data(), uid=st.sampled_from(UIDS))
    def give_stock_key(self, data: st.DataObject, uid: str) -> None:
        key, user = self.directory.keys.get(uid), self._user(data)
        if key is not None and key.owner is None and user is not None:
            self.directory.give_key(key, user)

    @rule(partner=st.sampled_from(PARTNERS), uids=st.sets(st.sampled_from(UIDS)))
    def post_whitelist(self, partner: Partner, uids: set[str]) -> None:
        self.hub.post_whitelist(partner, sorted(uids))

    # -- CDRs and remote sessions -------------------------------------------------------------

    @rule(data=st.data(), session_id=st.sampled_from(SESSIONS), evse=st.sampled_from(EVSES),
          start=st.sampled_from(STARTS), stopped=st.booleans(), partner=st.sampled_from(("cpo-a", "cpo-b")))
    def post_cdr(self, data: st.DataObject, session_id: str, evse: str, start: datetime, stopped: bool, partner: str) -> None:
        stop = start + timedelta(hours=1) if stopped else None
        cdr = Cdr(session_id, partner, evse, self._user(data), {"identifier-type": "rfid", "identifier": "04A1B2C3"},
                  start, stop, None, None, None, None, None, 0.0)
        try:
            self.book.record(cdr)
        except RoamingError:
            pass

    @rule(data=st.data(), session_id=st.sampled_from(SESSIONS), evse=st.sampled_from(EVSES))
    def start_remote(self, data: st.DataObject, session_id: str, evse: str) -> None:
        user = self._user(data)
        if user is not None:
            self.book.add_remote(RemoteSession(session_id, user, evse, "cpo-a", True, 0.0))

    @rule(session_id=st.sampled_from(SESSIONS))
    def stop_remote(self, session_id: str) -> None:
        if session_id in self.book.remote:
            self.book.remote[session_id].stopped = True

    @rule(partner=st.sampled_from(("cpo-a", "cpo-b")), station=st.sampled_from(("st-1", "st-2")),
          evses=st.lists(st.sampled_from(EVSES), min_size=1, max_size=2, unique=True), deleted=st.booleans())
    def post_station(self, partner: str, station: str, evses: list[str], deleted: bool) -> None:
        connectors = [{"id": evse, "name": "Type2", "speed": 22} for evse in evses]
        try:
            self.hub.stations.post(partner, None, {"id": station, "connectors": connectors, "deleted": deleted}, 0.0)
        except RoamingError:
            pass

    # -- index = scan ---------------------------------------------------------------------------

    @invariant()
    def users_by_name_and_email(self) -> None:
        for name in (*NAMES, *EMAILS, "ANN", "nobody"):
            for emps in EMP_FILTERS:
                assert self.directory.find(name, emps) is scan_find(self.directory, name, emps), (name, emps)

    @invariant()
    def users_and_keys_by_evco(self) -> None:
        for evco in EVCO_PROBES:
            for emps in EMP_FILTERS:
                assert self.directory.by_evco(evco, emps) is scan_by_evco(self.directory, evco, emps), (evco, emps)
            assert self.directory.key_by_evco(evco) is scan_key_by_evco(self.directory, evco), evco

    @invariant()
    def whitelisted_cards(self) -> None:
        for uid in UIDS:
            assert self.hub.whitelisted(uid) is any(uid in listed for listed in self.hub.whitelists.values()), uid

    @invariant()
    def cdrs_by_user_and_evse(self) -> None:
        for user in self.directory.users:
            assert [c.session_id for c in self.book.of_user(user)] == [c.session_id for c in scan_of_user(self.book, user)]
        for evses in ({EVSES[0]}, {EVSES[1], EVSES[2]}):
            assert sorted(c.session_id for c in self.book.at_evses(evses)) == \
                sorted(c.session_id for c in self.book.cdrs.values() if c.evse_id in evses)

    @invariant()
    def connectors_by_evse(self) -> None:
        for evse in EVSES:
            assert self.hub.stations.connector(evse) is scan_connector(self.hub.stations, evse), evse

    @invariant()
    def remote_sessions(self) -> None:
        for user in self.directory.users:
            for evse in EVSES:
                for session_id in (None, *SESSIONS):
                    found = indexed_remote_for(self.book, user, evse, session_id)
                    assert found is scan_remote_for(self.book, user, evse, session_id), (user.username, evse, session_id)


TestHubLookups = HubLookups.TestCase
TestHubLookups.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)
