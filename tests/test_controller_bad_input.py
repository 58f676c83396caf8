"""Malformed, mistyped, unknown and oversized input to the controller API:
the spec's error, never a 5xx, and nothing changes."""

from __future__ import annotations

import json
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rigs.controller import ControllerClient, RestTransport
from simulator.server import SimulatorThread

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=10,
)


@pytest.fixture(scope="module")
def api(simulator: SimulatorThread | None) -> Iterator[ControllerClient]:
    if simulator is None:
        pytest.skip("bad-input properties run against the simulator, whose state they can compare")
    assert simulator.endpoints is not None
    client = ControllerClient(RestTransport(simulator.endpoints.controller_url("CP-3")), "operator", "chargebench", relogin=True)
    client.login()
    yield client
    client.transport.close()


def snapshot(api: ControllerClient) -> dict[str, Any]:
    settings_doc = api.get_settings().body["result"]
    return {
        "settings": {k: v["value"] for k, v in settings_doc.items() if k not in ("SysTime_mon", "Uptime_mon")},
        "transactions": api.transactions().body,
        "state": api.system_state().body,
    }


def refused(reply: Any, *statuses: int) -> None:
    assert reply.status in statuses, f"HTTP {reply.status}: {reply.body!r}"
    if reply.status == 400:
        assert reply.body["success"] is False and reply.body["cause"], reply.body


@SETTINGS
@given(raw=st.binary(max_size=200))
def test_malformed_bodies_are_bad_requests_and_change_nothing(api: ControllerClient, raw: bytes) -> None:
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = None
    if parsed is not None:
        return  # well-formed JSON is the business of the typed properties below
    before = snapshot(api)
    for path in ("/settings", "/settings/validated", "/login"):
        refused(api.call("POST", path, raw_body=raw), 400)
    assert snapshot(api) == before


def test_a_json_null_body_is_a_bad_request_and_changes_nothing(api: ControllerClient) -> None:
    before = snapshot(api)
    for path in ("/settings", "/whitelist", "/users", "/login"):
        refused(api.call("POST", path, raw_body=b"null"), 400)
    assert snapshot(api) == before


@SETTINGS
@given(body=json_values)
def test_settings_bodies_of_any_shape_never_fail_the_server(api: ControllerClient, body: Any) -> None:
    before = snapshot(api)
    reply = api.call("POST", "/settings/validated", body=body)
    assert reply.status < 500, reply
    if reply.status != 200:
        assert snapshot(api) == before


@SETTINGS
@given(key=st.text(max_size=40), value=json_values)
def test_unknown_or_mistyped_settings_are_refused_by_the_validated_write(api: ControllerClient, key: str, value: Any) -> None:
    catalogue = api.get_settings().body["result"]
    spec = catalogue.get(key)
    before = snapshot(api)
    reply = api.set_settings({key: value, "MaxCurrent_ctl": 7}, validated=True)
    if reply.status == 200:
        assert spec is not None and spec["rw"] == "rw", f"{key!r} = {value!r} was accepted: {reply.body}"
        api.set_settings({key: before["settings"][key], "MaxCurrent_ctl": before["settings"]["MaxCurrent_ctl"]}, validated=True)
        return
    assert reply.status == 400, reply
    assert snapshot(api) == before


@SETTINGS
@given(length=st.integers(min_value=4001, max_value=7000))
def test_oversized_params_queries_are_refused(api: ControllerClient, length: int) -> None:
    refused(api.call("GET", "/settings", {"params": "," * length}), 400)


@SETTINGS
@given(start=st.text(max_size=30), end=st.text(max_size=30))
def test_time_spans_are_checked(api: ControllerClient, start: str, end: str) -> None:
    for path in ("/transactions", "/transactions/summary"):
        reply = api.call("GET", path, {"from": start, "to": end})
        assert reply.status in (200, 400), reply


@SETTINGS
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
    path=st.text(alphabet="abcdefghijklmnopqrstuvwxyz_/{}%0123456789", max_size=30),
)
def test_unknown_paths_and_methods_are_404_or_405(api: ControllerClient, method: str, path: str) -> None:
    reply = api.call(method, "/" + path.lstrip("/"))
    assert reply.status < 500, reply
