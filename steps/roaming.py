"""Steps of OIOI v4 roaming: an app (OEM), the simulated CPO and a foreign CPO talk to the hub.

Call bodies are written in the feature as JSON doc strings; ``${alice.token}``
and ``${alice.evco}`` stand for what earlier steps learned.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

import pytest
from pytest_bdd import given, parsers, then, when

from fixtures.target import Target
from rigs.controller.transport import Reply
from rigs.oioi import CPO_PATH, OioiClient, RoamingSimControl, result_code
from simulator.model.roaming.config import RoamingConfig
from simulator.model.roaming.formats import evco_key
from simulator.model.world import WorldConfig

from .backend import last
from .json_pointer import at

PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_-]+)\.([a-z-]+)\}")
STATUS_OF_CODE = {210: 401, 220: 403, 230: 400}
"""Result codes the hub answers with an HTTP error status (docs/oioi.md)."""


@dataclass
class Roaming:
    """The parties of a roaming scenario, each a real HTTP client of the simulator."""

    config: RoamingConfig
    app: OioiClient
    cpo: OioiClient
    foreign_cpo: OioiClient
    hub_at_cpo: OioiClient
    sim: RoamingSimControl
    reply: Reply | None = None
    known: dict[str, dict[str, str]] = field(default_factory=dict)

    def clients(self) -> list[Any]:
        return [self.app, self.cpo, self.foreign_cpo, self.hub_at_cpo, self.sim]

    def fill(self, text: str) -> Any:
        def value(match: re.Match[str]) -> str:
            who, what = match.groups()
            assert who in self.known and what in self.known[who], f"nothing known as ${{{who}.{what}}}"
            return self.known[who][what]

        return json.loads(PLACEHOLDER.sub(value, text))

    def result(self) -> int | None:
        assert self.reply is not None, "no OIOI call was made yet"
        return result_code(self.reply)

    def body(self) -> dict[str, Any]:
        assert self.reply is not None and isinstance(self.reply.body, dict), f"no JSON answer: {self.reply}"
        return self.reply.body


@pytest.fixture
def roaming(target: Target) -> Iterator[Roaming]:
    assert target.sim is not None, "roaming scenarios need the simulator's hub (tag them @sim-only)"
    config = WorldConfig.load().roaming
    assert config.cpo is not None
    base = target.sim.base_url
    keys = {k.role: k.key for k in reversed(config.keys)}
    foreign = next(k.key for k in config.keys if k.role == "cpo" and k.key != config.cpo.key)
    parties = Roaming(
        config,
        app=OioiClient(base, keys["emp"]),
        cpo=OioiClient(base, config.cpo.key),
        foreign_cpo=OioiClient(base, foreign),
        hub_at_cpo=OioiClient(base, config.cpo.inbound_key, path=CPO_PATH),
        sim=RoamingSimControl(base),
    )
    parties.sim.drain()
    yield parties
    for client in parties.clients():
        client.close()


# -- parties and accounts ---------------------------------------------------------------


def _register(roaming: Roaming, name: str) -> None:
    fields = {"username": name, "email": f"{name}@example.com", "password": f"secret-{name}", "language": "en"}
    reply = roaming.app.call("user-register", fields)
    assert result_code(reply) == 0, f"user-register: {reply.body}"
    roaming.known[name] = {"token": reply.body["user"]["token"], "evco": reply.body["user"]["evco-id"], "username": name}


@given(parsers.parse('the app user "{name}" is registered'))
def app_user(roaming: Roaming, name: str) -> None:
    _register(roaming, name)


@given(parsers.parse('the app user "{name}" is registered with a credit card'))
def app_user_paying(roaming: Roaming, name: str) -> None:
    _register(roaming, name)
    _add_card(roaming, name)


def _add_card(roaming: Roaming, name: str) -> None:
    user = {"identifier-type": "username", "identifier": name, "token": roaming.known[name]["token"]}
    reply = roaming.app.call("user-add-creditcard", {"user": user, "encrypted-data": "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"})
    assert result_code(reply) == 0, f"user-add-creditcard: {reply.body}"


@given(parsers.parse('the staging user "{email}" is logged in as "{name}"'))
def staging_user(roaming: Roaming, email: str, name: str) -> None:
    reply = roaming.app.call("user-verify", {"username": email, "password": "test", "is-token": False})
    assert result_code(reply) == 0, f"user-verify: {reply.body}"
    roaming.known[name] = {"token": reply.body["user"]["token"], "username": email}


@given(parsers.parse('the app user "{name}" has the charging key "{uid}"'))
def app_user_key(roaming: Roaming, name: str, uid: str) -> None:
    user = {"identifier-type": "username", "identifier": name, "token": roaming.known[name]["token"]}
    reply = roaming.app.call("user-add-rfid", {"user": user, "rfid": uid})
    assert result_code(reply) == 0, f"user-add-rfid: {reply.body}"


@given(parsers.parse('the foreign CPO has pushed the station "{station_id}" with the EVSE "{evse}"'))
def foreign_station(roaming: Roaming, station_id: str, evse: str) -> None:
    station = {
        "id": station_id, "name": f"Station {station_id}", "latitude": 48.78, "longitude": 9.19,
        "address": {"street": "Am Neckartor", "street-number": "2", "city": "Stuttgart", "zip": "70190", "country": "DE"},
        "contact": {"phone": "+49 711 000000", "web": "https://foreign.example"},
        "cpo-id": "DE*FOR", "is-open-24": True, "deleted": False,
        "connectors": [{"id": evse, "name": "Type2", "speed": 11.0}],
    }
    reply = roaming.foreign_cpo.call("station-post", {"station": station, "partner-identifier": "foreign-cpo-partner-0001"})
    assert result_code(reply) == 0, f"station-post: {reply.body}"


# -- calls ---------------------------------------------------------------------------------

PARTIES = {"the app": "app", "the CPO": "cpo", "the foreign CPO": "foreign_cpo", "the hub": "hub_at_cpo"}


@when(parsers.re(r'(?P<party>the app|the CPO|the foreign CPO|the hub) sends "(?P<call>[a-z-]+)" with:'))
@given(parsers.re(r'(?P<party>the app|the CPO|the foreign CPO|the hub) sends "(?P<call>[a-z-]+)" with:'))
def send(roaming: Roaming, party: str, call: str, docstring: str) -> None:
    client: OioiClient = getattr(roaming, PARTIES[party])
    roaming.reply = client.call(call, roaming.fill(docstring))


@when(parsers.parse('the app sends "{call}" with the API key "{key}" and:'))
def send_with_key(roaming: Roaming, call: str, key: str, docstring: str) -> None:
    roaming.reply = roaming.app.call(call, roaming.fill(docstring), key=key)


@when("the app sends the raw body:")
def send_raw(roaming: Roaming, docstring: str) -> None:
    roaming.reply = roaming.app.send_raw(docstring.encode("utf-8"))


@when(parsers.parse('the app sends "{call}" without an Authorization header'))
def send_unauthorized(roaming: Roaming, call: str) -> None:
    roaming.reply = roaming.app.send_raw(json.dumps({call: {}}).encode(), authorization="")


@when(parsers.parse("the hub fails the next {count:d} requests with HTTP {status:d}"))
@given(parsers.parse("the hub fails the next {count:d} requests with HTTP {status:d}"))
def hub_outage(roaming: Roaming, count: int, status: int) -> None:
    roaming.sim.outage("hub", count, status)


@given(parsers.parse("the payment provider fails the next {count:d} requests"))
def payment_outage(roaming: Roaming, count: int) -> None:
    roaming.sim.outage("payment", count)


@when(parsers.parse('the app keeps "{path}" as "{name}.{what}"'))
@then(parsers.parse('the app keeps "{path}" as "{name}.{what}"'))
def remember(roaming: Roaming, path: str, name: str, what: str) -> None:
    roaming.known.setdefault(name, {})[what] = str(at(roaming.body(), path))


# -- answers ---------------------------------------------------------------------------------


@then(parsers.parse("the result code is {code:d}"))
def result_is(roaming: Roaming, code: int) -> None:
    assert roaming.reply is not None
    status = STATUS_OF_CODE.get(code, 200)
    assert roaming.reply.status == status and roaming.result() == code, (
        f"expected HTTP {status} with result code {code}, got HTTP {roaming.reply.status}: {json.dumps(roaming.reply.body)[:500]}"
    )
    body = roaming.body()
    assert isinstance(body["result"].get("message"), str) and body["result"]["message"]
    if status != 200:
        assert isinstance(body.get("error"), str) and body["error"], f"a {status} answer needs an 'error': {body}"


@then(parsers.parse('the answer has "{path}" equal to {value}'))
def answer_equals(roaming: Roaming, path: str, value: str) -> None:
    expected = roaming.fill(value)
    actual = at(roaming.body(), path)
    assert actual == expected, f"{path} is {actual!r}, expected {expected!r}"


@then(parsers.parse('the answer has "{path}"'))
def answer_has(roaming: Roaming, path: str) -> None:
    assert at(roaming.body(), path) not in (None, "", [], {}), f"{path} is empty"


@then(parsers.parse('the answer lists {count:d} "{path}"'))
def answer_lists(roaming: Roaming, count: int, path: str) -> None:
    items = at(roaming.body(), path)
    assert isinstance(items, (list, dict)) and len(items) == count, f"{path} has {len(items)} entries: {json.dumps(items)[:400]}"


@then(parsers.parse('the error mentions "{text}"'))
def error_mentions(roaming: Roaming, text: str) -> None:
    error = roaming.body().get("error") or roaming.body().get("reason") or ""
    assert text in error, f"{error!r} does not mention {text!r}"


@then(parsers.parse("the OIOI answer is HTTP {status:d} asking to retry later"))
def retry_later(roaming: Roaming, status: int) -> None:
    assert roaming.reply is not None and roaming.reply.status == status, f"got {roaming.reply}"
    assert roaming.result() == 400 and "retry" in roaming.body()["error"], roaming.body()


@then(parsers.parse('the answer\'s EVCO ID "{path}" has a valid check digit'))
def evco_valid(roaming: Roaming, path: str) -> None:
    evco = at(roaming.body(), path)
    assert evco_key(evco) is not None, f"{evco!r} is no EVCO ID with a valid DIN SPEC 91286 check digit"


# -- the simulated CPO's traffic and the end-to-end checks -------------------------------------


@when("the roaming traffic has settled")
@then("the roaming traffic has settled")
def settled(roaming: Roaming) -> None:
    waiting = roaming.sim.drain()["waiting"]
    assert not waiting, f"deliveries still wait for model time: {waiting}"


def _sent(roaming: Roaming, call: str) -> list[dict[str, Any]]:
    return [d for d in roaming.sim.drain()["deliveries"].get("cpo->hub", []) if d["call"] == call]


@then(parsers.parse('the CPO sent "rfid-verify" for "{uid}" and the hub answered {code:d}'))
def cpo_verified(roaming: Roaming, uid: str, code: int) -> None:
    asked = [d for d in _sent(roaming, "rfid-verify") if d["fields"]["rfid"] == uid]
    assert asked, "the CPO never asked the hub about the card"
    assert asked[-1]["done"] and asked[-1]["code"] == code, f"rfid-verify delivery: {asked[-1]}"


@then(parsers.parse('the CPO did not send "{call}"'))
def cpo_not_sent(roaming: Roaming, call: str) -> None:
    assert not _sent(roaming, call), f"the CPO sent {call}: {_sent(roaming, call)}"


@then(parsers.parse('the CPO\'s last "{call}" took {attempts:d} attempts and the hub answered {code:d}'))
def cpo_attempts(roaming: Roaming, call: str, attempts: int, code: int) -> None:
    sent = _sent(roaming, call)
    assert sent, f"the CPO sent no {call}"
    assert (sent[-1]["attempts"], sent[-1]["done"], sent[-1]["code"]) == (attempts, True, code), f"{call} delivery: {sent[-1]}"


@then(parsers.parse('the CPO\'s "{call}" waits for a retry'))
def cpo_waiting(roaming: Roaming, call: str) -> None:
    body = roaming.sim.drain()
    assert "cpo->hub" in body["waiting"], f"nothing waits: {body['waiting']}"
    pending = [d for d in body["deliveries"]["cpo->hub"] if not d["done"]]
    assert pending and pending[0]["call"] == call, f"first pending delivery: {pending[:1]}"


def _final_cdr(roaming: Roaming) -> dict[str, Any]:
    cdrs = [d for d in _sent(roaming, "session-post") if "stop" in d["fields"]["session-interval"]]
    assert cdrs and cdrs[-1]["code"] == 0, f"no accepted final CDR: {cdrs[-1:]}"
    return cdrs[-1]["fields"]


def _backoffice_session(scenario, transaction_id: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The session of the controller's transaction in the back office's last session listing."""
    listing = last(scenario)
    assert listing.status_code == "100" and isinstance(listing.body.get("sessions"), list), f"no back-office session listing: {listing.body}"
    found = [s for s in listing.body["sessions"] if (s["controllerId"], s["transactionId"]) == (scenario.cp_id, transaction_id)]
    assert found, f"the back office has no session of {scenario.cp_id}'s transaction {transaction_id}: {json.dumps(listing.body)[:500]}"
    assert found[0]["completed"], f"the back office's session is still open: {found[0]}"
    return found[0]


@then(parsers.parse('the controller\'s transaction, the back office\'s session, the CPO\'s CDR and the hub\'s session of "{name}" agree on the energy to the Wh'))
def energy_agrees(roaming: Roaming, scenario, name: str) -> None:  # type: ignore[no-untyped-def]
    transactions = scenario.api.transactions()
    assert transactions.status == 200 and transactions.body, f"no completed transaction: {transactions}"
    transaction = transactions.body[-1]
    controller_wh = transaction["consumption"]
    backoffice_wh = _backoffice_session(scenario, transaction["id"])["energyWh"]
    cdr = _final_cdr(roaming)
    cpo_wh = round(cdr["energy-consumed"] * 1000)
    who = roaming.known[name]
    user = {"identifier-type": "username", "identifier": who.get("username", name), "token": who["token"]}
    reply = roaming.app.call("user-get-recent-sessions", {"user": user})
    assert result_code(reply) == 0, reply.body
    hub_session = next(s for s in reply.body["user"]["sessions"] if s["external-session-id"] == cdr["session-id"])
    hub_wh = round(hub_session["energy-consumed"] * 1000)
    assert controller_wh > 0, "the scenario charged nothing"
    assert controller_wh == backoffice_wh == cpo_wh == hub_wh, (
        f"controller {controller_wh} Wh, back office {backoffice_wh} Wh, CPO {cpo_wh} Wh, hub {hub_wh} Wh"
    )
    scenario.values["energy Wh"] = controller_wh


@then("the CDR's cost is the back office's price of the session")
def cost_agrees(roaming: Roaming, scenario) -> None:  # type: ignore[no-untyped-def]
    transactions = scenario.api.transactions()
    assert transactions.status == 200 and transactions.body, f"no completed transaction: {transactions}"
    session = _backoffice_session(scenario, transactions.body[-1]["id"])
    cost = _final_cdr(roaming).get("calculated-cost")
    assert session["totalPrice"] is not None and session["totalPrice"] > 0, f"the back office priced nothing: {session}"
    assert cost == {"amount": session["totalPrice"], "currency": session["currency"]}, (
        f"CDR cost {cost}, back office {session['totalPrice']} {session['currency']}"
    )
    scenario.values["price"] = f"{session['totalPrice']} {session['currency']}"
