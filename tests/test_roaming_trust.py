"""Whom the OIOI hub trusts (issue 13): a CPO only for its own EVSEs, an e-mobility provider
only for its own users; a CDR is written once and names a customer and an EVSE the hub
knows; a blocked key starts nothing.  Over real HTTP against the simulator's hub."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from rigs.oioi import OioiClient, result_code
from rigs.simcontrol import SimControl
from simulator.server import SimulatorThread

DEPOT = ("cpo-depot-key-0001-chargebench", "chargebench-cpo-depot-0001")
FOREIGN = ("cpo-foreign-key-0001-chargebench", "foreign-cpo-partner-0001")
APP_KEY = "oem-app-key-0001-chargebench"
RIVAL_KEY = "emp-rival-key-0001-chargebench"
TEST1 = "test1@plugsurfing.com"
CARD = "04523022AA4881"
ACCOUNT_EVCO = "DE*8PS*C00001*6"
EVSE = "DE*CBS*ECP1"


@pytest.fixture
def hub(simulator: SimulatorThread | None) -> Iterator[dict[str, OioiClient]]:
    """One client per API key, in a fresh world with an EV plugged in at the EVSE."""
    if simulator is None:
        pytest.skip("the hub's trust rules are checked on the simulator's hub")
    assert simulator.endpoints is not None
    base = simulator.endpoints.base_url
    control = SimControl(base)
    control.reset()
    control.plug("CP-1")
    clients = {name: OioiClient(base, key) for name, key in
               {"depot": DEPOT[0], "foreign": FOREIGN[0], "app": APP_KEY, "rival": RIVAL_KEY}.items()}
    yield clients
    for client in clients.values():
        client.close()
    control.reset()
    control.close()


def cdr(session_id: str, partner: str, evse: str = EVSE, user: dict[str, str] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "user": user or {"identifier-type": "rfid", "identifier": CARD},
        "session-id": session_id,
        "connector-id": evse,
        "session-interval": {"start": "2026-01-05T08:00:00+00:00", "stop": "2026-01-05T09:00:00+00:00"},
        "energy-consumed": 11.0,
        "partner-identifier": partner,
        **extra,
    }


def sessions_of_test1(app: OioiClient) -> list[dict[str, Any]]:
    token = app.call("user-verify", {"username": TEST1, "password": "test", "is-token": False}).body["user"]["token"]
    reply = app.call("user-get-recent-sessions", {"user": {"identifier-type": "username", "identifier": TEST1, "token": token}})
    return reply.body["user"]["sessions"]


def test_a_cpo_cannot_post_a_cdr_for_another_cpos_evse(hub: dict[str, OioiClient]) -> None:
    reply = hub["foreign"].call("session-post", cdr("foreign-0001", FOREIGN[1]))
    assert (reply.status, result_code(reply)) == (200, 181), reply.body
    assert sessions_of_test1(hub["app"]) == [], "the foreign CPO's CDR was billed to test1"


@pytest.mark.parametrize("user, code", [
    ({"identifier-type": "rfid", "identifier": "0A0B0C0D0E0F10"}, 191),
    ({"identifier-type": "evco-id", "identifier": "DE*8PS*Z99999*3"}, 191),
    ({"identifier-type": "username", "identifier": "nobody@example.org"}, 144),
])
def test_a_cdr_for_an_unknown_customer_is_refused(hub: dict[str, OioiClient], user: dict[str, str], code: int) -> None:
    reply = hub["depot"].call("session-post", cdr("depot-unknown-user", DEPOT[1], user=user))
    assert (reply.status, result_code(reply)) == (200, code), reply.body


def test_a_cdr_for_an_unknown_evse_is_refused(hub: dict[str, OioiClient]) -> None:
    reply = hub["depot"].call("session-post", cdr("depot-unknown-evse", DEPOT[1], evse="DE*CBS*E404"))
    assert (reply.status, result_code(reply)) == (200, 181), reply.body


def test_a_finished_cdr_is_written_once(hub: dict[str, OioiClient]) -> None:
    depot = hub["depot"]
    first = cdr("depot-once-0001", DEPOT[1])
    assert result_code(depot.call("session-post", first)) == 0
    assert result_code(depot.call("session-post", first)) == 0, "an unchanged retry is accepted"
    rewrite = depot.call("session-post", {**first, "energy-consumed": 99.0})
    assert (rewrite.status, result_code(rewrite)) == (200, 100) and "cannot change" in rewrite.body["reason"]
    [stored] = sessions_of_test1(hub["app"])
    assert stored["energy-consumed"] == 11.0


def test_an_ongoing_cdr_is_completed_by_its_cpo(hub: dict[str, OioiClient]) -> None:
    depot = hub["depot"]
    ongoing = cdr("depot-ongoing-0001", DEPOT[1])
    ongoing["session-interval"] = {"start": "2026-01-05T08:00:00+00:00"}
    assert result_code(depot.call("session-post", ongoing)) == 0
    assert result_code(depot.call("session-post", cdr("depot-ongoing-0001", DEPOT[1]))) == 0
    [stored] = sessions_of_test1(hub["app"])
    assert stored["session-interval"]["end"] == "2026-01-05T09:00:00+00:00"


def key_evco(app: OioiClient) -> str:
    keys = app.call("user-get-charging-keys", {"user": {"identifier-type": "evco-id", "identifier": ACCOUNT_EVCO}}).body["user"]["charging-keys"]
    return next(k["evco-id"] for k in keys if k["uid"] == CARD)


def test_a_blocked_keys_evco_id_starts_nothing(hub: dict[str, OioiClient]) -> None:
    app = hub["app"]
    evco = key_evco(app)
    blocked = app.call("user-block-rfid", {"user": {"identifier-type": "evco-id", "identifier": ACCOUNT_EVCO}, "rfid": CARD})
    assert result_code(blocked) == 0
    verify = hub["depot"].call("rfid-verify", {"rfid": CARD})
    assert result_code(verify) == 192
    for user in ({"identifier-type": "evco-id", "identifier": evco}, {"identifier-type": "rfid", "identifier": CARD}):
        start = app.call("session-start", {"user": user, "connector-id": EVSE})
        assert (start.status, result_code(start)) == (200, 192), start.body
        assert "session-start" not in start.body


def test_an_unblocked_keys_evco_id_starts_a_session(hub: dict[str, OioiClient]) -> None:
    start = hub["app"].call("session-start", {"user": {"identifier-type": "evco-id", "identifier": key_evco(hub["app"])}, "connector-id": EVSE})
    assert result_code(start) == 0 and start.body["session-start"]["is-stoppable"] is True, start.body


@pytest.mark.parametrize("call, fields, code", [
    ("user-get-details", {"user": {"identifier-type": "evco-id", "identifier": ACCOUNT_EVCO}}, 140),
    ("user-get-details", {"user": {"identifier-type": "rfid", "identifier": CARD}}, 140),
    ("user-verify", {"username": TEST1, "password": "test", "is-token": False}, 144),
    ("user-reset", {"identifier": TEST1}, 144),
    ("session-start", {"user": {"identifier-type": "evco-id", "identifier": ACCOUNT_EVCO}, "connector-id": EVSE}, 140),
])
def test_an_emp_is_trusted_only_for_its_own_users(hub: dict[str, OioiClient], call: str, fields: dict[str, Any], code: int) -> None:
    own = hub["app"].call(call, fields)
    assert result_code(own) == 0, own.body
    rival = hub["rival"].call(call, fields)
    assert (rival.status, result_code(rival)) == (200, code), rival.body


def test_a_user_belongs_to_the_emp_that_registered_it(hub: dict[str, OioiClient]) -> None:
    registered = hub["rival"].call("user-register", {"username": "rival-user", "email": "rival@example.org", "password": "pw"})
    assert result_code(registered) == 0
    evco = registered.body["user"]["evco-id"]
    details = {"user": {"identifier-type": "evco-id", "identifier": evco}}
    assert result_code(hub["rival"].call("user-get-details", details)) == 0
    assert result_code(hub["app"].call("user-get-details", details)) == 140
