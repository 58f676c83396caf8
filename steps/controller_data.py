"""Steps of the controller's stored data and messages: users, the local whitelist
and its pairing mode, the key-value store, logging, the app's settings and dashboard."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from pytest_bdd import given, parsers, then, when

from rigs.controller import ControllerClient

from .context import Scenario, literal
from .controller import bad_request

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _rows(datatable: list[list[str]]) -> list[dict[str, Any]]:
    """A Gherkin table as objects; cells are JSON literals, empty cells are left out."""
    header, *rows = datatable
    return [{k: literal(v) for k, v in zip(header, row) if v != ""} for row in rows]


# -- users ---------------------------------------------------------------------------


@given(parsers.re(r'I add a user named "(?P<name>[^"]*)"$'))
@when(parsers.re(r'I add a user named "(?P<name>[^"]*)"$'))
def add_user(scenario: Scenario, name: str) -> None:
    scenario.reply = scenario.api.call("POST", "/users", body={"userName": name})
    if scenario.reply.status == 200:
        scenario.values["user"] = scenario.reply.body["userId"]


@when(parsers.parse("I add a user whose name is {length:d} characters long"))
def add_user_of_length(scenario: Scenario, length: int) -> None:
    add_user(scenario, "N" * length)


@then(parsers.parse('the user "{name}" is added with a new UUID'))
def user_added(scenario: Scenario, name: str) -> None:
    body = scenario.expect(200)
    assert body["userName"] == name and UUID.fullmatch(body["userId"]), body


@then(parsers.parse("the user is added with a name of {length:d} characters"))
def user_added_of_length(scenario: Scenario, length: int) -> None:
    user_added(scenario, "N" * length)


@when(parsers.parse('I rename that user to "{name}"'))
def rename_user(scenario: Scenario, name: str) -> None:
    scenario.reply = scenario.api.call("PUT", f"/users/{scenario.values['user']}", body={"userName": name})


@when(parsers.parse("I rename that user to a name of {length:d} characters"))
def rename_user_to_length(scenario: Scenario, length: int) -> None:
    rename_user(scenario, "R" * length)


@when("I delete that user")
def delete_user(scenario: Scenario) -> None:
    scenario.reply = scenario.api.call("DELETE", f"/users/{scenario.values['user']}")


@when(parsers.parse('I {action} the user "{user_id}"'))
def act_on_user(scenario: Scenario, action: str, user_id: str) -> None:
    method, body = {"read": ("GET", None), "rename": ("PUT", {"userName": "X"}), "delete": ("DELETE", None)}[action]
    scenario.reply = scenario.api.call(method, f"/users/{user_id}", body=body)


@then(parsers.parse('that user is named "{name}"'))
def user_named(scenario: Scenario, name: str) -> None:
    reply = scenario.api.call("GET", f"/users/{scenario.values['user']}")
    assert reply.status == 200 and reply.body == {"userId": scenario.values["user"], "userName": name}, reply


@then(parsers.parse('the users are "{names}"'))
def users_are(scenario: Scenario, names: str) -> None:
    reply = scenario.api.call("GET", "/users")
    assert reply.status == 200, reply
    assert [u["userName"] for u in reply.body["users"]] == [n for n in names.split(",") if n], reply.body


@then("there are no users")
def no_users(scenario: Scenario) -> None:
    users_are(scenario, "")


# -- whitelist -----------------------------------------------------------------------


@when(parsers.parse('I read the whitelist of type "{kind}"'))
def read_whitelist_of(scenario: Scenario, kind: str) -> None:
    scenario.reply = scenario.api.call("GET", "/whitelist", {"type": kind})


@when("I read the whitelist without a type")
def read_whitelist_untyped(scenario: Scenario) -> None:
    scenario.reply = scenario.api.call("GET", "/whitelist")


def _whitelist(scenario: Scenario) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in _listed(scenario)}


@given(parsers.parse("I {command} the whitelist tags:"))
@when(parsers.parse("I {command} the whitelist tags:"))
def change_tags(scenario: Scenario, command: str, datatable: list[list[str]]) -> None:
    body = {"type": "local", "command": command, "tags": _rows(datatable)}
    scenario.reply = scenario.api.call("POST", "/whitelist", body=body)


@given("I note the whitelist")
def note_whitelist(scenario: Scenario) -> None:
    scenario.values["whitelist listed before"] = _listed(scenario)


@then(parsers.parse('the answer is a bad request that changed nothing, or HTTP 200 listing "{tag}" once'))
def refused_or_listed_once(scenario: Scenario, tag: str) -> None:
    """Spec 001 does not say what a request naming a tag twice does: refuse it whole, or keep the tag once."""
    if scenario.reply.status == 400:
        bad_request(scenario)
        assert _listed(scenario) == scenario.values["whitelist listed before"], "a refused request changed the whitelist"
    else:
        scenario.expect(200)
        ids = [t["id"] for t in _listed(scenario)]
        assert ids.count(tag) == 1, f"{tag!r} is listed {ids.count(tag)} times"


def _listed(scenario: Scenario) -> list[dict[str, Any]]:
    """The whitelist as the controller lists it, repeats and order included."""
    reply = scenario.api.call("GET", "/whitelist", {"type": "local"})
    assert reply.status == 200 and reply.body["success"] is True, reply
    return reply.body["tags"]


@when(parsers.parse('I send the whitelist command "{command}"'))
def whitelist_command(scenario: Scenario, command: str) -> None:
    scenario.reply = scenario.api.call("POST", "/whitelist", body={"type": "local", "command": command})


@when(parsers.parse('I delete the whitelist tags "{ids}"'))
def delete_tags(scenario: Scenario, ids: str) -> None:
    scenario.reply = scenario.api.call("DELETE", "/whitelist", {"type": "local", "ids": ids})


@when(parsers.parse('I delete the whitelist tags "{ids}" with the deprecated request body'))
def delete_tags_by_body(scenario: Scenario, ids: str) -> None:
    body = {"type": "local", "command": "delete", "tags": [{"id": i} for i in ids.split(",")]}
    scenario.reply = scenario.api.call("DELETE", "/whitelist", body=body)


@when(parsers.parse('I delete the whitelist tags "{query_ids}" by query and "{body_ids}" by the deprecated request body'))
def delete_tags_both_ways(scenario: Scenario, query_ids: str, body_ids: str) -> None:
    scenario.values["whitelist before"] = _whitelist(scenario)
    scenario.values["query ids"] = query_ids.split(",")
    body = {"type": "local", "command": "delete", "tags": [{"id": i} for i in body_ids.split(",")]}
    scenario.reply = scenario.api.call("DELETE", "/whitelist", {"type": "local", "ids": query_ids}, body=body)


@then("the answer is a bad request that deleted nothing, or HTTP 200 having deleted the query's tags alone")
def query_or_nothing_deleted(scenario: Scenario) -> None:
    """Spec 001 prefers the ids query to the deprecated body; a controller may also refuse the two together."""
    before, query_ids = scenario.values["whitelist before"], set(scenario.values["query ids"])
    if scenario.reply.status == 400:
        bad_request(scenario)
        expected = before
    else:
        scenario.expect(200)
        expected = [i for i in before if i not in query_ids]
    whitelist_holds(scenario, ",".join(expected))


@when("I delete whitelist tags without naming any")
def delete_nothing(scenario: Scenario) -> None:
    scenario.reply = scenario.api.call("DELETE", "/whitelist", {"type": "local"})


@given(parsers.parse("the whitelist holds tags whose ids make an ids query of {length:d} characters"))
def tags_for_query(scenario: Scenario, length: int) -> None:
    count, extra = divmod(length + 1, 10)
    ids = [f"T{i:08d}" for i in range(count)]
    ids[-1] += "X" * extra
    assert len(",".join(ids)) == length
    change_tags(scenario, "add", [["id"], *[[json.dumps(i)] for i in ids]])
    scenario.expect(200)
    scenario.values["query ids"] = ids


@when("I delete those tags by the ids query")
def delete_query_tags(scenario: Scenario) -> None:
    delete_tags(scenario, ",".join(scenario.values["query ids"]))


@then(parsers.parse("those tags are {presence} the whitelist"))
def query_tags_presence(scenario: Scenario, presence: str) -> None:
    listed = set(_whitelist(scenario))
    ids = set(scenario.values["query ids"])
    assert (ids <= listed) if presence == "still in" else not (ids & listed), f"{presence}: {sorted(ids & listed)[:5]}"


@given(parsers.parse('I add {count:d} whitelist tags named "{prefix}" in one request'))
@when(parsers.parse('I add {count:d} whitelist tags named "{prefix}" in one request'))
def add_many_tags(scenario: Scenario, count: int, prefix: str) -> None:
    tags = [{"id": f"{prefix}{i:04d}"} for i in range(count)]
    scenario.reply = scenario.api.call("POST", "/whitelist", body={"type": "local", "command": "add", "tags": tags})


@when(parsers.re(r'I add a whitelist tag whose (?P<field>id|name) is (?P<length>\d+) characters long$'))
def add_long_tag(scenario: Scenario, field: str, length: str) -> None:
    text = ("0123456789ABCDEF" * 64)[: int(length)]
    tag = {"id": text} if field == "id" else {"id": "AA01", "name": text}
    scenario.reply = scenario.api.call("POST", "/whitelist", body={"type": "local", "command": "add", "tags": [tag]})


@given(parsers.parse('I add the card "{uid}" to the whitelist'))
def add_card(scenario: Scenario, uid: str) -> None:
    scenario.reply = scenario.api.call("POST", "/whitelist", body={"type": "local", "command": "add", "tags": [{"id": uid, "name": "Card"}]})
    scenario.expect(200)


@then(parsers.parse("the whitelist holds {count:d} tags"))
def whitelist_count(scenario: Scenario, count: int) -> None:
    """Read over REST: a full list (1000 tags, about 52 kB) does not fit the NFC tag's 32 kB file."""
    client = scenario.target.controller(scenario.cp_id, transport="rest")
    client.login()
    reply = client.call("GET", "/whitelist", {"type": "local"})
    assert reply.status == 200, reply
    assert len(reply.body["tags"]) == count, f"the whitelist holds {len(reply.body['tags'])} tags"


@then(parsers.parse('the whitelist holds exactly "{ids}"'))
def whitelist_holds(scenario: Scenario, ids: str) -> None:
    assert sorted(_whitelist(scenario)) == sorted(i for i in ids.split(",") if i)


@then("the whitelist is empty")
def whitelist_empty(scenario: Scenario) -> None:
    whitelist_holds(scenario, "")


@then(parsers.parse('the whitelist entry "{tag}" is:'))
def whitelist_entry(scenario: Scenario, tag: str, datatable: list[list[str]]) -> None:
    assert _whitelist(scenario)[tag] == _rows(datatable)[0]


# -- pairing mode ---------------------------------------------------------------------


@given("I enable pairing mode")
@when("I enable pairing mode")
def enable_pairing(scenario: Scenario) -> None:
    scenario.values["events from"] = scenario.sim.events()["next"]
    scenario.reply = scenario.api.call("POST", "/whitelist/pairing")


@when("I read the pairing token")
def read_pairing(scenario: Scenario) -> None:
    """Example: When I read the pairing token"""
    scenario.reply = scenario.api.call("GET", "/whitelist/pairing")


@then("pairing mode is enabled")
def pairing_enabled(scenario: Scenario) -> None:
    assert scenario.expect(200) == {"success": True}


@then(parsers.parse("the pairing token is:"))
def pairing_token_is(scenario: Scenario, datatable: list[list[str]]) -> None:
    read_pairing(scenario)
    assert scenario.expect(200) == _rows(datatable)[0]


@then(parsers.parse('the pairing token\'s id is "{uid}"'))
def pairing_token_id(scenario: Scenario, uid: str) -> None:
    """The token read in pairing mode, by its id alone: what else a new token shows is the controller's choice."""
    read_pairing(scenario)
    token = scenario.expect(200)
    assert token.get("id") == uid, f"the pairing token is {token!r}"


@then("no pairing token can be read")
def no_pairing_token(scenario: Scenario) -> None:
    read_pairing(scenario)
    scenario.expect(404)


@then(parsers.re(r"the buzzer beeped (?P<count>once|twice)$"))
def buzzer_beeped(scenario: Scenario, count: str) -> None:
    assert _beeps(scenario) == [{"once": 1, "twice": 2}[count]]


@then("the buzzer stayed silent")
def buzzer_silent(scenario: Scenario) -> None:
    assert _beeps(scenario) == []


def _beeps(scenario: Scenario) -> list[int]:
    trace = scenario.sim.events(scenario.values.get("events from", 0), scenario.cp_id)["events"]
    return [e["data"]["beeps"] for e in trace if e["kind"] == "buzzer"]


# -- key-value store ------------------------------------------------------------------


@given("I add the key-value pairs:")
@when("I add the key-value pairs:")
def add_pairs(scenario: Scenario, datatable: list[list[str]]) -> None:
    scenario.reply = scenario.api.call("POST", "/kvstore", body={k: v for k, v in datatable[1:]})


@when("I modify the key-value pairs:")
def modify_pairs(scenario: Scenario, datatable: list[list[str]]) -> None:
    scenario.reply = scenario.api.call("PUT", "/kvstore", body={k: v for k, v in datatable[1:]})


@given(parsers.parse('I add {count:d} key-value pairs named "{prefix}"'))
@when(parsers.parse('I add {count:d} key-value pairs named "{prefix}"'))
def add_many(scenario: Scenario, count: int, prefix: str) -> None:
    scenario.reply = scenario.api.call("POST", "/kvstore", body={f"{prefix}{i}": str(i) for i in range(count)})


@when(parsers.parse("I add a pair whose key is {length:d} characters long"))
def add_long_key(scenario: Scenario, length: int) -> None:
    scenario.values["long key"] = "K" * length
    scenario.reply = scenario.api.call("POST", "/kvstore", body={"K" * length: "v"})


@when(parsers.parse('I add the pair "{key}" with a value of {length:d} characters'))
def add_long_value(scenario: Scenario, key: str, length: int) -> None:
    scenario.reply = scenario.api.call("POST", "/kvstore", body={key: "V" * length})


@when(parsers.parse('I modify "{key}" to a value of {length:d} characters'))
def modify_long_value(scenario: Scenario, key: str, length: int) -> None:
    scenario.reply = scenario.api.call("PUT", "/kvstore", body={key: "W" * length})


@when(parsers.parse('I read the key "{key}"'))
def read_key(scenario: Scenario, key: str) -> None:
    scenario.reply = scenario.api.call("GET", f"/kvstore/{key}")


@when(parsers.parse('I delete the key "{key}"'))
def delete_key(scenario: Scenario, key: str) -> None:
    scenario.reply = scenario.api.call("DELETE", f"/kvstore/{key}")


def _store(scenario: Scenario) -> dict[str, str]:
    reply = scenario.api.call("GET", "/kvstore")
    assert reply.status == 200, reply
    return reply.body


@then(parsers.parse("the store holds {count:d} pairs"))
def store_count(scenario: Scenario, count: int) -> None:
    assert len(_store(scenario)) == count


@then("the store holds exactly:")
def store_exactly(scenario: Scenario, datatable: list[list[str]]) -> None:
    assert _store(scenario) == {k: v for k, v in datatable[1:]}


@then("the long key can be read back")
def long_key_back(scenario: Scenario) -> None:
    key = scenario.values["long key"]
    read_key(scenario, key)
    assert scenario.expect(200) == {key: "v"}


@then(parsers.parse('the value of "{key}" is {length:d} characters long'))
def value_length(scenario: Scenario, key: str, length: int) -> None:
    assert len(_store(scenario)[key]) == length


@when(parsers.parse("{clients:d} clients each add {batches:d} batches of {size:d} pairs at once while a reader watches"))
def concurrent_writers(scenario: Scenario, clients: int, batches: int, size: int) -> None:
    """Real concurrent HTTP: every client has its own session and connection."""
    writers = [_new_client(scenario) for _ in range(clients)]
    reader = _new_client(scenario)
    batch_keys = {(c, b): [f"c{c}-b{b}-{i}" for i in range(size)] for c in range(clients) for b in range(batches)}

    def write(c: int) -> list[int]:
        return [writers[c].call("POST", "/kvstore", body={k: f"{c}/{b}" for k in batch_keys[(c, b)]}).status for b in range(batches)]

    def watch() -> list[dict[str, str]]:
        return [reader.call("GET", "/kvstore").body for _ in range(clients * batches)]

    with ThreadPoolExecutor(max_workers=clients + 1) as pool:
        snapshots = pool.submit(watch)
        statuses = list(pool.map(write, range(clients)))
    scenario.values.update(batch_keys=batch_keys, statuses=statuses, snapshots=snapshots.result())


@when(parsers.parse("{clients:d} clients race to add the same {size:d} keys"))
def racing_writers(scenario: Scenario, clients: int, size: int) -> None:
    writers = [_new_client(scenario) for _ in range(clients)]
    keys = [f"race-{i}" for i in range(size)]
    with ThreadPoolExecutor(max_workers=clients) as pool:
        statuses = list(pool.map(lambda c: writers[c].call("POST", "/kvstore", body={k: f"client {c}" for k in keys}).status, range(clients)))
    scenario.values.update(race_keys=keys, statuses=statuses)


def _new_client(scenario: Scenario) -> ControllerClient:
    client = scenario.target.controller(scenario.cp_id)
    client.login()
    return client


@then("every batch was stored and no reader saw part of a batch")
def batches_whole(scenario: Scenario) -> None:
    statuses, batch_keys = scenario.values["statuses"], scenario.values["batch_keys"]
    assert all(s == 200 for per_client in statuses for s in per_client), statuses
    final = _store(scenario)
    assert all(k in final for keys in batch_keys.values() for k in keys), "a pair was lost"
    for snapshot in scenario.values["snapshots"]:
        for keys in batch_keys.values():
            seen = sum(k in snapshot for k in keys)
            assert seen in (0, len(keys)), f"a reader saw {seen} of {len(keys)} pairs of one batch"


@then("exactly one client won and the store holds only its values")
def one_winner(scenario: Scenario) -> None:
    statuses = scenario.values["statuses"]
    assert sorted(statuses) == [200] + [409] * (len(statuses) - 1), statuses
    winner = statuses.index(200)
    stored = _store(scenario)
    assert all(stored[k] == f"client {winner}" for k in scenario.values["race_keys"]), stored


# -- logging and faults ----------------------------------------------------------------


@given(parsers.parse('the controller raises the {level} "{code}": "{message}"'))
@when(parsers.parse('the controller raises the {level} "{code}": "{message}"'))
def raise_fault(scenario: Scenario, level: str, code: str, message: str) -> None:
    scenario.sim.raise_fault(scenario.cp_id, level, code, message)


@when(parsers.parse('the {level} "{code}" clears'))
def clear_fault(scenario: Scenario, level: str, code: str) -> None:
    assert scenario.sim.clear_faults(scenario.cp_id, code) == 1, f"no {level} {code} to clear"


@when("I read the log messages")
def read_log(scenario: Scenario) -> None:
    """Example: When I read the log messages"""
    scenario.reply = scenario.api.call("GET", "/logging")


@then(parsers.parse('the log lists the {level} "{code}"'))
def log_lists(scenario: Scenario, level: str, code: str) -> None:
    read_log(scenario)
    messages = scenario.expect(200)["messages"]
    assert any(m["type"] == level and m["code"] == code for m in messages), messages


@then("the log is empty")
def log_empty(scenario: Scenario) -> None:
    read_log(scenario)
    assert scenario.expect(200) == {"messages": []}


# -- app settings and dashboard --------------------------------------------------------


@when("I read the app settings")
def read_app_settings(scenario: Scenario) -> None:
    scenario.reply = scenario.api.call("GET", "/app/settings")


@when("I read the app dashboard")
def read_dashboard(scenario: Scenario) -> None:
    scenario.reply = scenario.api.call("GET", "/app/dashboard")


@when(parsers.parse('I read the app dashboard with descriptions "{flag}"'))
def read_dashboard_flag(scenario: Scenario, flag: str) -> None:
    scenario.reply = scenario.api.call("GET", "/app/dashboard", {"descriptions": flag})


@then(parsers.parse("the dashboard values {come} descriptions"))
def dashboard_descriptions(scenario: Scenario, come: str) -> None:
    body = scenario.expect(200)
    values = [p for g in body["groups"] for p in g["params"]] + body["GraphicDashboard"]
    described = [("short" in v and "long" in v) for v in values]
    assert values, body
    if come == "come with":
        assert all(described), values
    else:
        assert not any(described), values


@then(parsers.re(r"the dashboard says the settings (?P<changed>changed|did not change)$"))
def dashboard_changed(scenario: Scenario, changed: str) -> None:
    read_dashboard(scenario)
    assert scenario.expect(200)["settings_changed"] is (changed == "changed")


@then(parsers.parse('the dashboard shows "{key}" above {minimum:g}'))
def dashboard_gauge(scenario: Scenario, key: str, minimum: float) -> None:
    read_dashboard(scenario)
    gauges = {g["key"]: g["value"] for g in scenario.expect(200)["GraphicDashboard"]}
    assert gauges[key] > minimum, gauges


# -- settings: the deprecated body form -------------------------------------------------


@when(parsers.parse('I read the settings "{keys}" with the deprecated request body'))
def read_settings_by_body(scenario: Scenario, keys: str) -> None:
    scenario.reply = scenario.api.call("GET", "/settings", body={"params": keys.split(",")})


@when(parsers.parse('I read the settings "{query_keys}" by query and "{body_keys}" by body'))
def read_settings_both(scenario: Scenario, query_keys: str, body_keys: str) -> None:
    scenario.reply = scenario.api.call("GET", "/settings", {"params": query_keys}, body={"params": body_keys.split(",")})
