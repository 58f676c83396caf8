"""Steps of the ABS back office: sessions, requests by method/path/query, status codes, ids.

Queries are written URL-encoded as a client sends them; ``$name`` stands for an
id remembered earlier in the scenario.
"""

from __future__ import annotations

import json
from string import Template
from typing import Any
from urllib.parse import parse_qsl

import pytest
from pytest_bdd import given, parsers, then, when

from rigs.abs import AbsClient, AbsReply
from simulator.model.world import WorldConfig

from .context import Scenario, literal
from .json_pointer import at


def passwords() -> dict[str, str]:
    """The default world's back-office users (the simulator's world file)."""
    return {u["username"]: u["password"] for u in WorldConfig.load().backoffice.get("user", [])}


def backoffice(scenario: Scenario) -> AbsClient:
    client = scenario.values.get("abs client")
    if client is None:
        assert scenario.target.sim is not None, "this target has no ABS back office"
        client = AbsClient(scenario.target.sim.base_url)
        scenario.values["abs client"] = client
    return client


@pytest.fixture(autouse=True)
def _close_abs_client(scenario: Scenario):  # type: ignore[no-untyped-def]
    yield
    client = scenario.values.get("abs client")
    if client is not None:
        client.close()


def query_of(scenario: Scenario, text: str) -> dict[str, str]:
    ids = {k: str(v) for k, v in scenario.values.items() if isinstance(v, (int, str))}
    return dict(parse_qsl(Template(text).substitute(ids), keep_blank_values=True))


def last(scenario: Scenario) -> AbsReply:
    reply = scenario.values.get("abs reply")
    assert reply is not None, "no back-office request was made yet"
    return reply


def send(scenario: Scenario, method: str, path: str, query: str = "") -> AbsReply:
    ids = {k: str(v) for k, v in scenario.values.items() if isinstance(v, (int, str))}
    reply = backoffice(scenario).call(method, Template(path).substitute(ids), query_of(scenario, query))
    scenario.values["abs reply"] = reply
    return reply


# -- sessions ------------------------------------------------------------------------


@given(parsers.parse('I am logged in to the back office as "{username}"'))
@when(parsers.parse('I am logged in to the back office as "{username}"'))
@when(parsers.parse('I log in to the back office as "{username}"'))
def logged_in(scenario: Scenario, username: str) -> None:
    reply = backoffice(scenario).login(username, passwords()[username])
    scenario.values["abs reply"] = reply
    assert reply.status_code == "100", f"login of {username} failed: {reply.body}"
    scenario.values.setdefault("abs sessions", []).append(reply.body["sessionId"])


@when(parsers.parse('I log in to the back office as "{username}" with password "{password}"'))
def log_in_with(scenario: Scenario, username: str, password: str) -> None:
    scenario.values["abs reply"] = backoffice(scenario).login(username, password)


@when(parsers.parse('I use the session id "{session_id}"'))
def use_session(scenario: Scenario, session_id: str) -> None:
    backoffice(scenario).session_id = session_id


@when("I use my first session id")
def use_first_session(scenario: Scenario) -> None:
    backoffice(scenario).session_id = scenario.values["abs sessions"][0]


# -- requests ----------------------------------------------------------------------------


@given(parsers.re(r'I (?P<method>GET|POST|PUT|DELETE) "(?P<path>[^"]+)" with "(?P<query>[^"]*)"$'))
@when(parsers.re(r'I (?P<method>GET|POST|PUT|DELETE) "(?P<path>[^"]+)" with "(?P<query>[^"]*)"$'))
def request_with(scenario: Scenario, method: str, path: str, query: str) -> None:
    send(scenario, method, path, query)


@given(parsers.re(r'I (?P<method>GET|POST|PUT|DELETE) "(?P<path>[^"]+)"$'))
@when(parsers.re(r'I (?P<method>GET|POST|PUT|DELETE) "(?P<path>[^"]+)"$'))
def request(scenario: Scenario, method: str, path: str) -> None:
    send(scenario, method, path)


@given(parsers.re(r'I (?P<method>POST|PUT) "(?P<path>[^"]+)" with "(?P<query>[^"]*)" and remember "(?P<field>/[^"]*)" as "(?P<name>\w+)"$'))
@when(parsers.re(r'I (?P<method>POST|PUT) "(?P<path>[^"]+)" with "(?P<query>[^"]*)" and remember "(?P<field>/[^"]*)" as "(?P<name>\w+)"$'))
def create_and_remember(scenario: Scenario, method: str, path: str, query: str, field: str, name: str) -> None:
    reply = send(scenario, method, path, query)
    assert reply.status_code == "100", f"{method} {path}?{query}: {reply.body}"
    scenario.values[name] = at(reply.body, field)


@given(parsers.parse('{count:d} vehicles are defined'))
def many_vehicles(scenario: Scenario, count: int) -> None:
    for number in range(count):
        reply = send(scenario, "POST", "/abs/frontend/vehicle", f"brandName=Fleet&modelName=Van+{number}")
        assert reply.status_code == "100", reply.body


# -- answers -------------------------------------------------------------------------------


@then(parsers.parse('the back office answers "{code}"'))
def answers(scenario: Scenario, code: str) -> None:
    reply = last(scenario)
    assert reply.status_code == code, f"expected statusCode {code}, got HTTP {reply.http_status} {json.dumps(reply.body)}"
    assert isinstance(reply.body["statusCode"], str)


@then(parsers.parse('the back office answers "{code}" with HTTP {http:d}'))
def answers_http(scenario: Scenario, code: str, http: int) -> None:
    answers(scenario, code)
    assert last(scenario).http_status == http, f"HTTP {last(scenario).http_status}"


@then(parsers.parse('the reply has "{field}" = {value}'))
def reply_has(scenario: Scenario, field: str, value: str) -> None:
    body = last(scenario).body
    assert at(body, field) == literal(value), f"{field} is {at(body, field)!r} in {json.dumps(body)}"


@then(parsers.parse('the reply does not show "{text}"'))
def reply_hides(scenario: Scenario, text: str) -> None:
    body = json.dumps(last(scenario).body)
    assert text not in body, f"{text!r} shows in {body}"


@then(parsers.re(r'the reply lists an entry of "(?P<field>[^"]+)" with (?P<conditions>.+)$'))
def reply_lists_entry(scenario: Scenario, field: str, conditions: str) -> None:
    """Conditions ``name = value`` joined by ``and``; values as JSON (bare words are strings)."""
    wanted = dict((name.strip(), literal(value.strip())) for name, value in (c.split(" = ", 1) for c in conditions.split(" and ")))
    entries = at(last(scenario).body, field)
    assert any(all(e.get(k) == v for k, v in wanted.items()) for e in entries), f"no {field} entry with {wanted}: {json.dumps(entries)}"


@then(parsers.parse('the reply lists {count:d} "{field}"'))
def reply_lists(scenario: Scenario, count: int, field: str) -> None:
    reply = last(scenario)
    assert reply.status_code == "100", reply.body
    items = at(reply.body, field)
    assert len(items) == count, f"{field}: {json.dumps(items)}"


@then(parsers.parse('the reply has "{field}" above {value:g}'))
def reply_above(scenario: Scenario, field: str, value: float) -> None:
    """A number in the last back-office answer, above a bound.

    Example: Then the reply has "/session/energyWh" above 0
    """
    actual = at(last(scenario).body, field)
    assert actual > value, f"{field} is {actual}"


@then(parsers.parse('I remember "{field}" as "{name}"'))
def remember(scenario: Scenario, field: str, name: str) -> None:
    """Keep a value of the last back-office answer for later paths and queries (``${name}``).

    Example: Then I remember "/session/id" as "session"
    """
    scenario.values[name] = at(last(scenario).body, field)
