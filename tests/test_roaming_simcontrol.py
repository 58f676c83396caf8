"""The roaming sim-control's outage injection: any JSON body gets 200 or a clear 400, never a 5xx.

A non-object body used to answer 500 (``list.get``); a refused body changes no outage."""

from __future__ import annotations

import json
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rigs.controller import RestTransport
from rigs.oioi import OioiClient, result_code
from simulator.server import SimulatorThread

APP_KEY = "oem-app-key-0001-chargebench"
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 2000) | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)
bodies = json_values | st.fixed_dictionaries(
    {"endpoint": st.sampled_from(["hub", "cpo", "payment", "HUB", ""])},
    optional={"requests": json_values | st.integers(-2, 1002), "status": json_values | st.integers(400, 600)},
)


@pytest.fixture(scope="module")
def base_url(simulator: SimulatorThread | None) -> Iterator[str]:
    if simulator is None or simulator.endpoints is None:
        pytest.skip("sim-control exists only on the simulator")
    simulator.call(simulator.sim.reset)
    yield simulator.endpoints.base_url
    simulator.call(simulator.sim.reset)


def post(base_url: str, raw: bytes) -> tuple[int, Any]:
    transport = RestTransport(base_url, prefix="")
    try:
        reply = transport.exchange("POST", "/sim/roaming/outage", None, None, None, raw)
    finally:
        transport.close()
    return reply.status, reply.body


def clear(base_url: str) -> None:
    for endpoint in ("hub", "cpo", "payment"):
        assert post(base_url, json.dumps({"endpoint": endpoint, "requests": 0}).encode())[0] == 200


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies)
def test_any_json_body_is_accepted_or_refused_with_a_reason(base_url: str, body: Any) -> None:
    clear(base_url)
    status, reply = post(base_url, json.dumps(body).encode())
    assert status in (200, 400), (status, reply)
    if status == 400:
        assert reply["error"], reply
        hub = OioiClient(base_url, APP_KEY)
        try:
            answer = hub.send({"vehicle-get-all": {}})
        finally:
            hub.close()
        assert result_code(answer) == 0, f"a refused outage body still took the hub down: {answer}"
    clear(base_url)


def test_a_body_that_is_no_json_object_is_400(base_url: str) -> None:
    for raw in (b"[1, 2]", b'"hub"', b"7", b"null", b"{"):
        status, reply = post(base_url, raw)
        assert status == 400 and reply["error"], (raw, status, reply)
