"""Steps of the controller API: login and sessions, settings, system state, transactions."""

from __future__ import annotations

from datetime import datetime, timedelta

from pytest_bdd import given, parsers, then, when

import json
from urllib.parse import parse_qsl

from .common import APP_USER
from .context import Scenario, literal

# -- login ---------------------------------------------------------------------


@given("I have a login token")
@when("I request a login token")
def have_token(scenario: Scenario) -> None:
    """Example: When I request a login token"""
    scenario.tokens.append(scenario.api.get_token())


@given("I request another login token")
@when("I request another login token")
def another_token(scenario: Scenario) -> None:
    have_token(scenario)


@when(parsers.parse('I log in as "{username}" with password "{password}"'))
def log_in(scenario: Scenario, username: str, password: str) -> None:
    scenario.reply = scenario.api.login_with(username, password, scenario.api.get_token())


@when(parsers.parse('I log in as "{username}" with password "{password}" without a token'))
def log_in_without_token(scenario: Scenario, username: str, password: str) -> None:
    """The password hashed with an empty token, no token having been asked for."""
    scenario.reply = scenario.api.login_with(username, password, "")


@when(parsers.parse('I log in as "{username}" with password "{password}" using the {which} token'))
def log_in_with_token(scenario: Scenario, username: str, password: str, which: str) -> None:
    token = scenario.tokens[0] if which == "first" else scenario.tokens[-1]
    scenario.reply = scenario.api.login_with(username, password, token)


@then("the login succeeds with a session id")
def login_succeeds(scenario: Scenario) -> None:
    body = scenario.expect(200)
    assert body["logged_in"] is True
    assert body["session"]["id"] and scenario.api.session_id == body["session"]["id"]


@then("the login is refused")
def login_refused(scenario: Scenario) -> None:
    body = scenario.expect(401)
    assert body["logged_in"] is False
    assert scenario.api.session_id is None


@when("I log out")
def log_out(scenario: Scenario) -> None:
    session = scenario.api.session_id
    scenario.reply = scenario.api.logout()
    scenario.values["old session"] = session


@then("the logout succeeds")
def logout_succeeds(scenario: Scenario) -> None:
    assert scenario.expect(200)["logged_in"] is False


@when("a second client logs in")
def second_client_logs_in(scenario: Scenario) -> None:
    scenario.values["second session"] = scenario.target.controller(scenario.cp_id).login()


@when(parsers.re(r"the (?P<who>operator|user) logs in on a second client$"))
def other_logs_in(scenario: Scenario, who: str) -> None:
    """Another client's login, which must not change what this client's session may do."""
    client = scenario.target.controller(scenario.cp_id, *(APP_USER if who == "user" else ()))
    scenario.values["second session"] = client.login()


@then("the two session ids differ and both read the system state")
def both_sessions_work(scenario: Scenario) -> None:
    """Spec 001 ends a session by its timeout or a logout only: another client's login ends none."""
    first, second = scenario.values["old session"], scenario.values["second session"]
    assert first != second, f"both clients got the session id {first!r}"
    for session in (first, second):
        reply = scenario.api.call("GET", "/system_state", authorization=session)
        assert reply.status == 200, f"session {session!r}: {reply}"


@when(parsers.parse("a client logs in {count:d} times without logging out"))
def many_logins(scenario: Scenario, count: int) -> None:
    client = scenario.target.controller(scenario.cp_id)
    scenario.values["logins"] = [client.login_with(client.username, client.password, client.get_token()) for _ in range(count)]


@then("every login was answered with a session or a refusal, and the newest session works")
def logins_answered(scenario: Scenario) -> None:
    """A controller may bound its sessions (refusing, or ending the oldest); it may not fail."""
    replies = scenario.values["logins"]
    odd = [(n, r.status) for n, r in enumerate(replies, 1) if r.status not in (200, 401)]
    assert not odd, f"logins answered neither with a session nor a refusal (login, HTTP status): {odd}"
    given = [r for r in replies if r.status == 200]
    assert given, "every login was refused"
    newest = given[-1]
    reply = scenario.api.call("GET", "/system_state", authorization=newest.body["session"]["id"])
    assert reply.status == 200, reply


@then("reading the system state with the old session id is answered 401")
def old_session_refused(scenario: Scenario) -> None:
    scenario.reply = scenario.api.call("GET", "/system_state", authorization=scenario.values["old session"])
    scenario.expect(401)


@then(parsers.parse('a request with the session id "{session_id}" is answered 401'))
def forged_session_refused(scenario: Scenario, session_id: str) -> None:
    scenario.reply = scenario.api.call("GET", "/system_state", authorization=session_id)
    scenario.expect(401)


@then("a request without a session id is answered 401")
def no_session_refused(scenario: Scenario) -> None:
    scenario.reply = scenario.api.call("GET", "/system_state", authorization="")
    scenario.expect(401)


# -- system state ----------------------------------------------------------------


@when("I read the system state")
def read_state(scenario: Scenario) -> None:
    scenario.reply = scenario.api.system_state()


@then("I can read the system state")
def can_read_state(scenario: Scenario) -> None:
    read_state(scenario)
    body = scenario.expect(200)
    for key in ("systemState", "connectionState", "authState", "ocppState", "type2State", "ambientTemp"):
        assert key in body, f"system state lacks {key!r}: {body!r}"


@then("reading the system state is answered 401")
def state_refused(scenario: Scenario) -> None:
    read_state(scenario)
    scenario.expect(401)


@then(parsers.parse('the system state shows "{system}" with type 2 state "{type2}"'))
def state_shows(scenario: Scenario, system: str, type2: str) -> None:
    read_state(scenario)
    body = scenario.expect(200)
    assert (body["systemState"], body["type2State"]) == (system, type2), f"system state is {body!r}"


@then(parsers.parse('the authorization state is "{auth}"'))
def auth_state(scenario: Scenario, auth: str) -> None:
    read_state(scenario)
    assert scenario.expect(200)["authState"] == auth


@then(parsers.parse('the OCPP state is "{ocpp}"'))
def ocpp_state(scenario: Scenario, ocpp: str) -> None:
    read_state(scenario)
    assert scenario.expect(200)["ocppState"] == ocpp


# -- settings --------------------------------------------------------------------


@when("I read all settings")
def read_all_settings(scenario: Scenario) -> None:
    scenario.reply = scenario.api.get_settings()


@when(parsers.parse('I read the settings "{keys}"'))
def read_settings(scenario: Scenario, keys: str) -> None:
    scenario.reply = scenario.api.call("GET", "/settings", {"params": keys})


@when(parsers.parse("I read settings with a params query of {length:d} characters"))
def read_long_params(scenario: Scenario, length: int) -> None:
    keys = ",".join(["MaxCurrent_ctl"] * (length // 15))
    keys += "," * (length - len(keys))
    scenario.reply = scenario.api.call("GET", "/settings", {"params": keys})


@then("every setting has a type, read/write mode, descriptions, default and group")
def settings_have_meta(scenario: Scenario) -> None:
    body = scenario.expect(200)
    assert body["result"], "no settings returned"
    for key, entry in body["result"].items():
        missing = {"value", "type", "rw", "short", "long", "default", "group"} - set(entry)
        assert not missing, f"{key} lacks {sorted(missing)}"
    grouped = {k for g in body["groups"] for k in g["params"]}
    assert grouped == set(body["result"]), "groups do not list exactly the returned settings"


@then(parsers.parse('the settings document is named "{name}" and describes the charge point'))
def settings_document_named(scenario: Scenario, name: str) -> None:
    """Spec 001's answer: {"name": ..., "result": ..., "groups": ..., "ChargePointInfo": {...}}."""
    body = scenario.expect(200)
    assert body.get("name") == name, f"the document is named {body.get('name')!r}"
    assert isinstance(body.get("ChargePointInfo"), dict) and body["ChargePointInfo"], f"no ChargePointInfo in {sorted(body)}"


@then(parsers.parse('the answer holds exactly the settings "{keys}"'))
def exactly_settings(scenario: Scenario, keys: str) -> None:
    assert set(scenario.expect(200)["result"]) == set(keys.split(","))


@then(parsers.parse('the setting "{key}" has the value {value}'))
def setting_has(scenario: Scenario, key: str, value: str) -> None:
    reply = scenario.api.get_settings([key])
    assert reply.status == 200, reply
    assert reply.body["result"][key]["value"] == literal(value)


@given(parsers.parse('I note the settings "{keys}"'))
def note_settings(scenario: Scenario, keys: str) -> None:
    reply = scenario.api.get_settings(keys.split(","))
    assert reply.status == 200, reply
    scenario.values["noted settings"] = {k: v["value"] for k, v in reply.body["result"].items()}


@then(parsers.parse('the setting "{key}" has moved on by {seconds:d} seconds within {tolerance:d}'))
def setting_moved_on(scenario: Scenario, key: str, seconds: int, tolerance: int) -> None:
    """A count of seconds (Uptime_mon) or a UTC time (SysTime_mon) against its noted value."""
    reply = scenario.api.get_settings([key])
    assert reply.status == 200, reply
    before, now = scenario.values["noted settings"][key], reply.body["result"][key]["value"]
    if isinstance(before, str):
        moved = (_utc(now) - _utc(before)).total_seconds()
    else:
        moved = now - before
    assert abs(moved - seconds) <= tolerance, f"{key} moved by {moved} s ({before!r} -> {now!r}), expected {seconds} s"


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@when(parsers.parse('I set "{key}" to {value}'))
def set_one(scenario: Scenario, key: str, value: str) -> None:
    scenario.reply = scenario.api.set_settings({key: literal(value)})


@when(parsers.parse('I set with validation "{key1}" to {value1} and "{key2}" to {value2}'))
def set_two_validated(scenario: Scenario, key1: str, value1: str, key2: str, value2: str) -> None:
    scenario.reply = scenario.api.set_settings({key1: literal(value1), key2: literal(value2)}, validated=True)


@when(parsers.parse('I set without validation "{key1}" to {value1} and "{key2}" to {value2}'))
def set_two(scenario: Scenario, key1: str, value1: str, key2: str, value2: str) -> None:
    scenario.reply = scenario.api.set_settings({key1: literal(value1), key2: literal(value2)})


@then(parsers.parse("the write succeeds {reboot}"))
def write_succeeds(scenario: Scenario, reboot: str) -> None:
    body = scenario.expect(200)
    assert all(p["success"] for p in body["params"]), body
    assert body["reboot_required"] is (reboot == "and requires a reboot"), body


@then(parsers.parse('the write is refused naming "{key}" with cause "{cause}"'))
def write_refused(scenario: Scenario, key: str, cause: str) -> None:
    body = scenario.expect(400)
    failed = {p["key"]: p.get("cause", "") for p in body["params"] if not p["success"]}
    assert key in failed, f"{key} not among the refused parameters {failed}"
    assert cause in failed[key], f"cause {failed[key]!r} does not mention {cause!r}"


# -- transactions ------------------------------------------------------------------


@when("I read the completed transactions")
def read_transactions(scenario: Scenario) -> None:
    scenario.reply = scenario.api.transactions()


@when(parsers.re(r'I read the completed transactions from "(?P<start>[^"]*)"(?: to "(?P<end>[^"]*)")?$'))
def read_transactions_span(scenario: Scenario, start: str, end: str | None) -> None:
    scenario.reply = scenario.api.transactions(start, end)


@when(parsers.parse('I read the transaction summary from "{start}" to "{end}"'))
def read_summary_span(scenario: Scenario, start: str, end: str) -> None:
    scenario.reply = scenario.api.transactions_summary(start, end)


@when("I read the transaction summary")
def read_summary(scenario: Scenario) -> None:
    scenario.reply = scenario.api.transactions_summary()


def _start_shifted(scenario: Scenario, which: str, shift_ms: str) -> str:
    """The startTime of the first or second completed transaction, moved by ``shift_ms`` milliseconds."""
    reply = scenario.api.transactions()
    assert reply.status == 200 and len(reply.body) >= 2, f"need two completed transactions: {reply.body!r}"
    start = datetime.fromisoformat(reply.body[0 if which == "first" else 1]["startTime"].replace("Z", "+00:00"))
    moment = start + timedelta(milliseconds=int(shift_ms))
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@when(parsers.re(
    r"I read the (?P<what>completed transactions|transaction summary) from the (?P<a>first|second) start shifted (?P<da>-?\d+) ms"
    r"(?: to the (?P<b>first|second) start shifted (?P<db>-?\d+) ms)?$"
))
def read_span_at_starts(scenario: Scenario, what: str, a: str, da: str, b: str | None, db: str | None) -> None:
    start = _start_shifted(scenario, a, da)
    end = None if b is None or db is None else _start_shifted(scenario, b, db)
    read = scenario.api.transactions if what == "completed transactions" else scenario.api.transactions_summary
    scenario.reply = read(start, end)


@when(parsers.re(r"I read the (?P<what>completed transactions|transaction summary) to the (?P<b>first|second) start shifted (?P<db>-?\d+) ms$"))
def read_until_start(scenario: Scenario, what: str, b: str, db: str) -> None:
    end = _start_shifted(scenario, b, db)
    read = scenario.api.transactions if what == "completed transactions" else scenario.api.transactions_summary
    scenario.reply = read(None, end)


@then(parsers.parse("the answer lists {count:d} transactions, or is a bad request"))
def lists_or_refuses(scenario: Scenario, count: int) -> None:
    """Spec 001 defines 'from' alone ("all results until now"), not 'to' alone: a controller may refuse it."""
    if scenario.reply.status != 400:
        lists_transactions(scenario, count)


@given("I remember my session id")
def remember_session(scenario: Scenario) -> None:
    scenario.values["old session"] = scenario.api.session_id


@then(parsers.parse("the answer lists {count:d} transactions"))
def lists_transactions(scenario: Scenario, count: int) -> None:
    body = scenario.expect(200)
    assert len(body) == count, f"{len(body)} transactions: {body!r}"


@then(parsers.parse("the summary counts {count:d} transactions, {minutes:d} minutes and {kwh:g} kWh"))
def summary_counts(scenario: Scenario, count: int, minutes: int, kwh: float) -> None:
    body = scenario.expect(200)
    assert (body["transactionCount"], body["totalDuration"]) == (count, minutes), body
    assert abs(body["totalConsumption"] - kwh) <= 0.001, body


@then("a transaction is active")
def tx_active(scenario: Scenario) -> None:
    scenario.reply = scenario.api.transaction_active()
    assert scenario.expect(200) == {"success": True}


@then("no transaction is active")
def tx_inactive(scenario: Scenario) -> None:
    scenario.reply = scenario.api.transaction_active()
    assert scenario.expect(200) == {"success": False}


# -- malformed requests --------------------------------------------------------------


def _stored(scenario: Scenario) -> dict[str, object]:
    """What the controller stores that a request could change: settings, whitelist, store, users."""
    reads = {"settings": ("/settings", None), "whitelist": ("/whitelist", {"type": "local"}), "kvstore": ("/kvstore", None), "users": ("/users", None)}
    stored = {}
    for name, (path, query) in reads.items():
        reply = scenario.api.call("GET", path, query)
        assert reply.status == 200, f"GET {path}: {reply}"
        stored[name] = reply.body
    volatile = ("SysTime_mon", "Uptime_mon")
    stored["settings"] = {k: v["value"] for k, v in stored["settings"]["result"].items() if k not in volatile}
    return stored


@given("I note what the controller stores")
def note_stored(scenario: Scenario) -> None:
    scenario.values["stored"] = _stored(scenario)


@when(parsers.parse('I send {method} "{path}" with the body {body}'))
def send_body(scenario: Scenario, method: str, path: str, body: str) -> None:
    scenario.reply = scenario.api.call(method, path, body=json.loads(body))


@when(parsers.re(r'I send GET "(?P<path>[^"]+)" with the query "(?P<query>[^"]*)"$'))
def send_query(scenario: Scenario, path: str, query: str) -> None:
    scenario.reply = scenario.api.call("GET", path, dict(parse_qsl(query, keep_blank_values=True)))


@then("the answer is a bad request")
def bad_request(scenario: Scenario) -> None:
    """HTTP 400 with the reason: an error document, or a settings write naming each refused parameter's cause."""
    body = scenario.expect(400)
    assert isinstance(body, dict), f"not a JSON object: {body!r}"
    refused = [p for p in body.get("params", []) if isinstance(p, dict) and p.get("success") is False and p.get("cause")]
    assert (body.get("success") is False and body.get("cause")) or refused, f"no cause in the answer: {body!r}"


@then("what the controller stores is unchanged")
def stored_unchanged(scenario: Scenario) -> None:
    assert _stored(scenario) == scenario.values["stored"], "a refused request changed what the controller stores"
