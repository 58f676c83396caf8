"""Users, the local whitelist and the key-value store, driven at random through
the REST API and compared with a plain-Python reading of spec 001's rules:
limits, all-or-nothing writes, and what a refusal leaves behind (nothing).

The model below is written from the spec and docs/controller-api.md, not from
the simulator's code, so agreement means something.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, initialize, rule, run_state_machine_as_test

from rigs.controller import ControllerClient, RestTransport
from rigs.simcontrol import SimControl
from simulator.server import SimulatorThread

CONTROLLER = "CP-2"
MAX_USER_NAME, MAX_KV_PAIRS, MAX_KEY, MAX_VALUE, MAX_IDS_QUERY = 255, 1000, 256, 1000, 1000
MAX_TAG_ID, MAX_TAG_NAME, MAX_TAGS, MAX_NUMBER = 64, 255, 1000, 2**31 - 1
UUID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
TAG_FIELDS = {"id", "tagType", "number", "name", "userid", "priority"}


class Rejected(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


# -- strategies: mostly valid, often at a limit, sometimes just past it ----------------

def around(limit: int) -> st.SearchStrategy[int]:
    return st.sampled_from([limit - 1, limit, limit + 1])


user_names = st.one_of(st.text(min_size=0, max_size=6), around(MAX_USER_NAME).map(lambda n: "u" * n))
tag_ids = st.one_of(
    st.sampled_from(["04A2B3C4D5E680", "04B1C2D3E4F590", "AA01", "AA02", "AA03", "EVCC-01"]),
    st.sampled_from(["", "A,B", "T" * (MAX_TAG_ID + 1), "T" * MAX_TAG_ID]),
)
tag_entries = st.fixed_dictionaries(
    {"id": tag_ids},
    optional={
        "tagType": st.sampled_from(["RFID", "EVCCID", "NFC", "rfid"]),
        "number": st.sampled_from([0, 7, MAX_NUMBER, -1, MAX_NUMBER + 1]),
        "name": st.one_of(st.text(max_size=5), around(MAX_TAG_NAME).map(lambda n: "n" * n)),
        "userid": st.sampled_from(["45d3711a-2acd-5812-cb44-f23fa3b791c2", "not-a-uuid"]),
        "priority": st.sampled_from(["NORMAL", "HIGH", "LOW"]),
        "colour": st.just("red"),
    },
)
kv_keys = st.one_of(st.sampled_from(["a", "b", "c", "k/1", ""]), around(MAX_KEY).map(lambda n: "k" * n))
kv_values = st.one_of(st.text(max_size=5), around(MAX_VALUE).map(lambda n: "v" * n), st.just(7))
kv_pairs = st.dictionaries(kv_keys, kv_values, max_size=4)


# -- the model ----------------------------------------------------------------------------

def check_tag(entry: dict[str, Any]) -> None:
    tag_id = entry.get("id")
    if set(entry) - TAG_FIELDS or not isinstance(tag_id, str) or not 0 < len(tag_id) <= MAX_TAG_ID or "," in tag_id:
        raise Rejected(400)
    if entry.get("tagType", "RFID") not in ("RFID", "EVCCID", "NFC") or entry.get("priority", "NORMAL") not in ("NORMAL", "HIGH"):
        raise Rejected(400)
    if not 0 <= entry.get("number", 0) <= MAX_NUMBER or len(entry.get("name", "")) > MAX_TAG_NAME:
        raise Rejected(400)
    if "userid" in entry and not UUID.fullmatch(entry["userid"]):
        raise Rejected(400)


def check_tags(entries: list[dict[str, Any]]) -> None:
    if not entries:
        raise Rejected(400)
    for entry in entries:
        check_tag(entry)
    ids = [e["id"] for e in entries]
    if len(set(ids)) != len(ids):
        raise Rejected(400)


def check_pairs(pairs: dict[str, Any]) -> None:
    if not pairs:
        raise Rejected(400)
    for key, value in pairs.items():
        if not 0 < len(key) <= MAX_KEY or "/" in key or not isinstance(value, str) or len(value) > MAX_VALUE:
            raise Rejected(400)


class Records(RuleBasedStateMachine):
    users = Bundle("users")

    def __init__(self, api: ControllerClient, sim: SimControl) -> None:
        super().__init__()
        self.api, self.sim = api, sim
        self.model_users: dict[str, str] = {}
        self.model_tags: dict[str, dict[str, Any]] = {}
        self.model_kv: dict[str, str] = {}

    def attempt(self, send: Any, change: Any) -> Any:
        """The model answers first (and changes only if it accepts); the API must answer the same."""
        try:
            change()
            expected = 200
        except Rejected as rejected:
            expected = rejected.status
        reply = send()
        assert reply.status == expected, f"expected HTTP {expected}, got {reply.status}: {reply.body!r}"
        return reply

    @initialize()
    def fresh_controller(self) -> None:
        self.sim.reset()
        self.api.login()
        self.model_tags = {t["id"]: t for t in self.api.call("GET", "/whitelist", {"type": "local"}).body["tags"]}

    # -- users ------------------------------------------------------------------------

    @rule(target=users, name=user_names)
    def add_user(self, name: str) -> str:
        def change() -> None:
            if not 0 < len(name) <= MAX_USER_NAME:
                raise Rejected(400)

        reply = self.attempt(lambda: self.api.call("POST", "/users", body={"userName": name}), change)
        if reply.status != 200:
            return "00000000-0000-4000-8000-000000000000"
        assert reply.body["userName"] == name and UUID.fullmatch(reply.body["userId"]), reply.body
        assert reply.body["userId"] not in self.model_users, "a user id was handed out twice"
        self.model_users[reply.body["userId"]] = name
        return reply.body["userId"]

    @rule(user=users, name=user_names)
    def rename_user(self, user: str, name: str) -> None:
        def change() -> None:
            if user not in self.model_users:
                raise Rejected(404)
            if not 0 < len(name) <= MAX_USER_NAME:
                raise Rejected(400)
            self.model_users[user] = name

        self.attempt(lambda: self.api.call("PUT", f"/users/{user}", body={"userName": name}), change)

    @rule(user=consumes(users))
    def delete_user(self, user: str) -> None:
        def change() -> None:
            if self.model_users.pop(user, None) is None:
                raise Rejected(404)

        self.attempt(lambda: self.api.call("DELETE", f"/users/{user}"), change)

    @rule(user=users)
    def get_user(self, user: str) -> None:
        reply = self.api.call("GET", f"/users/{user}")
        if user in self.model_users:
            assert reply.status == 200 and reply.body == {"userId": user, "userName": self.model_users[user]}, reply
        else:
            assert reply.status == 404, reply

    # -- whitelist ----------------------------------------------------------------------

    @rule(entries=st.lists(tag_entries, max_size=3))
    def add_tags(self, entries: list[dict[str, Any]]) -> None:
        def change() -> None:
            check_tags(entries)
            if any(e["id"] in self.model_tags for e in entries):
                raise Rejected(409)
            if len(self.model_tags) + len(entries) > MAX_TAGS:
                raise Rejected(409)
            for e in entries:
                self.model_tags[e["id"]] = {"tagType": "RFID", "priority": "NORMAL"} | e

        self.attempt(lambda: self.api.call("POST", "/whitelist", body={"type": "local", "command": "add", "tags": entries}), change)

    @rule(entries=st.lists(tag_entries, max_size=3))
    def edit_tags(self, entries: list[dict[str, Any]]) -> None:
        def change() -> None:
            check_tags(entries)
            if any(e["id"] not in self.model_tags for e in entries):
                raise Rejected(404)
            for e in entries:
                self.model_tags[e["id"]] |= e

        self.attempt(lambda: self.api.call("POST", "/whitelist", body={"type": "local", "command": "edit", "tags": entries}), change)

    @rule(ids=st.lists(tag_ids, min_size=1, max_size=3), padding=st.sampled_from([0, 0, 1000]))
    def delete_tags(self, ids: list[str], padding: int) -> None:
        query = ",".join(ids) + "," * padding

        def change() -> None:
            named = query.split(",")
            if len(query) > MAX_IDS_QUERY or any(not 0 < len(i) <= MAX_TAG_ID for i in named):
                raise Rejected(400)
            if any(i not in self.model_tags for i in named):
                raise Rejected(404)
            for i in named:
                self.model_tags.pop(i, None)

        self.attempt(lambda: self.api.call("DELETE", "/whitelist", {"type": "local", "ids": query}), change)

    @rule()
    def clear_tags(self) -> None:
        self.attempt(lambda: self.api.call("POST", "/whitelist", body={"type": "local", "command": "clear"}), self.model_tags.clear)

    # -- key-value store -------------------------------------------------------------------

    @rule(pairs=kv_pairs)
    def add_pairs(self, pairs: dict[str, Any]) -> None:
        def change() -> None:
            check_pairs(pairs)
            if any(k in self.model_kv for k in pairs) or len(self.model_kv) + len(pairs) > MAX_KV_PAIRS:
                raise Rejected(409)
            self.model_kv |= pairs

        self.attempt(lambda: self.api.call("POST", "/kvstore", body=pairs), change)

    @rule(pairs=kv_pairs)
    def modify_pairs(self, pairs: dict[str, Any]) -> None:
        def change() -> None:
            check_pairs(pairs)
            if any(k not in self.model_kv for k in pairs):
                raise Rejected(404)
            self.model_kv |= pairs

        self.attempt(lambda: self.api.call("PUT", "/kvstore", body=pairs), change)

    @rule(room=st.sampled_from([-1, 0, 1]))
    def fill_to_the_limit(self, room: int) -> None:
        """One request that leaves the store one short of, exactly at, or one past its limit."""
        count = MAX_KV_PAIRS - len(self.model_kv) - room
        pairs = {f"bulk-{len(self.model_kv)}-{i}": "x" for i in range(max(count, 1))}

        def change() -> None:
            if any(k in self.model_kv for k in pairs) or len(self.model_kv) + len(pairs) > MAX_KV_PAIRS:
                raise Rejected(409)
            self.model_kv |= pairs

        self.attempt(lambda: self.api.call("POST", "/kvstore", body=pairs), change)

    @rule(key=kv_keys)
    def delete_pair(self, key: str) -> None:
        def change() -> None:
            if self.model_kv.pop(key, None) is None:
                raise Rejected(404)

        if key and "/" not in key:
            self.attempt(lambda: self.api.call("DELETE", f"/kvstore/{key}"), change)

    # -- what the API shows equals the model ----------------------------------------------

    def teardown(self) -> None:
        if not self.api.session_id:
            return
        users = self.api.call("GET", "/users").body["users"]
        assert {u["userId"]: u["userName"] for u in users} == self.model_users
        tags = self.api.call("GET", "/whitelist", {"type": "local"}).body["tags"]
        assert {t["id"]: t for t in tags} == self.model_tags
        assert self.api.call("GET", "/kvstore").body == self.model_kv


@pytest.fixture
def records_api(simulator: SimulatorThread | None) -> Iterator[tuple[ControllerClient, SimControl]]:
    if simulator is None:
        pytest.skip("the state machine resets the world before each example: simulator only")
    assert simulator.endpoints is not None
    sim = SimControl(simulator.endpoints.base_url)
    api = ControllerClient(RestTransport(simulator.endpoints.controller_url(CONTROLLER)), "operator", "chargebench")
    yield api, sim
    sim.reset()
    api.transport.close()
    sim.close()


def test_users_whitelist_and_kvstore_follow_the_spec(records_api: tuple[ControllerClient, SimControl]) -> None:
    api, sim = records_api
    run_state_machine_as_test(
        lambda: Records(api, sim),
        settings=settings(
            max_examples=200,
            stateful_step_count=12,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        ),
    )
