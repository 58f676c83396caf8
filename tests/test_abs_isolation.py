"""Random callers never see or change what another tenant owns.

Hypothesis draws requests from the served OpenAPI document (any operation, ids
mostly small so that they name depot's entries) and sends them as the other
host tenants (``rival``, a hostAdmin; ``viewer``, a host) or as a user with no
role (``nobody``). No reply may show depot's data or its drivers', and what
depot, the EV administrator and the user administrator see, including the
deliveries of depot's notification rule, must stay as it was.
"""

from __future__ import annotations

import json
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rigs.abs import AbsClient

from .abs_support import abs_server, served_document  # noqa: F401  (fixture)
from .test_abs_generated import value

LOGIN = ("POST", "/abs/authentication", {})
"""Logging in again is one of the things a caller does (every login is an event)."""
CALLERS = {"rival": "abs-rival-pw", "viewer": "abs-viewer-pw", "nobody": "abs-nobody-pw"}
BATCH = 10
EXAMPLES = 60
VIEWS = {
    "depot": ["zone", "chargingStation", "device", "socket", "pricingPolicy", "alert", "notificationRule", "session",
              "smartgrid/1", "device/1/command", "device/1/fileUpload", "device/1/message", "notificationRule/1/deliveries"],
    "evadmin": ["evDriver", "rfid", "account", "vehicle", "reservation"],
    "useradmin": ["user"],
}
"""What each keeper of another tenant's data sees (``/abs/frontend/...``)."""
PASSWORDS = {"depot": "abs-depot-pw", "evadmin": "abs-evadmin-pw", "useradmin": "abs-useradmin-pw", "cs": "abs-cs-pw"}


def names_an_entry(param: dict[str, Any]) -> bool:
    return param["in"] == "path" and param["name"] in ("id", "itemId") or param["name"].endswith("Id")


def request_for(operations: list[tuple[str, str, list[dict[str, Any]]]]) -> st.SearchStrategy[tuple[str, str, dict[str, str]]]:
    """An operation with its parameters; ids are small, so they name depot's entries."""
    @st.composite
    def build(draw: st.DrawFn) -> tuple[str, str, dict[str, str]]:
        method, path, params = draw(st.sampled_from(operations))
        query: dict[str, str] = {}
        for param in params:
            text = draw(st.integers(1, 5).map(str) if names_an_entry(param) else value(param["schema"]))
            if param["in"] == "path":
                path = path.replace("{" + param["name"] + "}", text.replace("/", "_").replace("?", "_") or "0")
            elif draw(st.integers(0, 9)) < (9 if param.get("required") else 5):
                query[param["name"]] = text
        return method, path, query

    return build() | st.just(LOGIN)


class Keepers:
    def __init__(self, base_url: str) -> None:
        self.clients = {name: AbsClient(base_url) for name in PASSWORDS}
        for name, client in self.clients.items():
            assert client.login(name, PASSWORDS[name]).status_code == "100"
        depot, cs, evadmin = self.clients["depot"], self.clients["cs"], self.clients["evadmin"]
        rule = {"categories": "CHARGING_SESSIONS,DEVICE_FAULTS,DEVICE_WARNINGS,SERVER_LOGINS,SERVER_OPERATIONS,SMARTGRID",
                "protocol": "EMAIL", "target": "ops@depot-nord.example"}
        assert depot.call("POST", "/abs/frontend/notificationRule", rule).status_code == "100"
        assert cs.call("POST", "/abs/cs/session", {"socketId": "3", "rfid": "04A2B3C4D5E680", "timestamp": "1767592800"}).status_code == "100"
        assert cs.call("PUT", "/abs/cs/socket", {"socketId": "2", "status": "FAILURE"}).status_code == "100"
        assert depot.call("POST", "/abs/frontend/device/1/command", {"command": "SET_CURRENT", "current": "16"}).status_code == "100"
        assert evadmin.call("POST", "/abs/frontend/reservation", {"socketId": "4", "evDriverId": "2", "durationSeconds": "3600"}).status_code == "100"
        self.secrets = self._secrets()

    def _secrets(self) -> list[str]:
        """Strings only depot, its drivers' administrators and admin may see."""
        depot = self.clients["depot"]
        devices = depot.call("GET", "/abs/frontend/device").body["devices"]
        sockets = depot.call("GET", "/abs/frontend/socket").body["sockets"]
        drivers = self.clients["evadmin"].call("GET", "/abs/frontend/evDriver").body["evDrivers"]
        return ["Depot Nord", "Nordstrasse", "ops@depot-nord.example", "host@depot-nord.example", "04A2B3C4D5E680", "04B1C2D3E4F590",
                *(d["serialNumber"] for d in devices), *(s["evseId"] for s in sockets), *(d["email"] for d in drivers)]

    def snapshot(self) -> dict[str, str]:
        seen: dict[str, str] = {}
        for keeper, paths in VIEWS.items():
            for path in paths:
                reply = self.clients[keeper].call("GET", f"/abs/frontend/{path}")
                assert reply.status_code == "100", (keeper, path, reply.body)
                seen[f"{keeper} {path}"] = json.dumps(reply.body, sort_keys=True)
        return seen

    def close(self) -> None:
        for client in self.clients.values():
            client.close()


@pytest.fixture(scope="module")
def keepers(abs_server: str) -> Iterator[Keepers]:  # noqa: F811
    built = Keepers(abs_server)
    yield built
    built.close()


def test_random_callers_never_see_or_change_another_tenants_entries(abs_server: str, keepers: Keepers) -> None:  # noqa: F811
    callers = {name: AbsClient(abs_server) for name in CALLERS}
    for name, client in callers.items():
        assert client.login(name, CALLERS[name]).status_code == "100"
    document = served_document(callers["nobody"])
    operations = [
        (method.upper(), path, op.get("parameters", []))
        for path, item in document["paths"].items()
        for method, op in item.items()
        if (method, path) != ("delete", "/abs/authentication")
    ]
    before = keepers.snapshot()
    sent: list[int] = []

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(st.tuples(st.sampled_from(sorted(CALLERS)), request_for(operations)), min_size=BATCH, max_size=BATCH))
    def run(batch: list[tuple[str, tuple[str, str, dict[str, str]]]]) -> None:
        for name, (method, path, query) in batch:
            if (method, path, query) == LOGIN:
                reply = callers[name].login(name, CALLERS[name])
            else:
                reply = callers[name].call(method, path, query)
            sent.append(reply.http_status)
            assert reply.http_status < 500, f"{name} {method} {path} {query}: HTTP {reply.http_status}"
            shown = json.dumps(reply.body)
            leaked = [s for s in keepers.secrets if s in shown and s not in json.dumps(query)]
            assert leaked == [], f"{name} {method} {path} {query} was shown {leaked}: {shown}"
            if reply.status_code == "445":
                callers[name].login(name, CALLERS[name])
        after = keepers.snapshot()
        changed = sorted(view for view in before if after[view] != before[view])
        assert changed == [], f"{changed} changed after {batch}"

    try:
        run()
    finally:
        for client in callers.values():
            client.close()
    assert len(sent) == BATCH * EXAMPLES
