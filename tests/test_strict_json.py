"""The findings of issue 13 on JSON, one test each, and the reader and writer themselves.

Before the one strict reader and writer (simulator/api/jsonio.py), JSON nested
1,000 deep answered a plain-text 500 (controller API, also the unauthenticated
POST /login, and the OIOI hub); the hub read ``NaN`` into a station and then
wrote ``NaN`` and ``"nankW"`` from station-get-by-ids; a wrong method or path on
the ABS and the hub, and a body over 1 MB anywhere, answered plain text.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rigs.controller import ControllerClient, RestTransport
from simulator.api import jsonio
from simulator.api.controller.routing import ApiResponse
from simulator.api.oioi.service import HUB_PATH
from simulator.devices.nfc_mapping import MappingError, format_response, parse_request
from simulator.server import SimulatorThread

from .hostile import Answer, exchange, oversized

DEEP = [b"[" * 1000 + b"]" * 1000, b'{"a":' * 1000 + b"1" + b"}" * 1000]
NON_FINITE = [b"NaN", b"Infinity", b"-Infinity", b"1e400", b"-1e400"]
CPO = {"Authorization": "key=cpo-depot-key-0001-chargebench"}
EMP = {"Authorization": "key=oem-app-key-0001-chargebench"}
PARTNER = "chargebench-cpo-depot-0001"


@pytest.fixture
def base_url(simulator: SimulatorThread | None) -> str:
    if simulator is None:
        pytest.skip("these findings are checked on the simulator")
    assert simulator.endpoints is not None
    return simulator.endpoints.base_url


def controller_refusal(answer: Answer, status: int = 400) -> str:
    assert (answer.status, answer.content_type) == (status, "application/json"), answer
    body = answer.body
    assert body["success"] is False and isinstance(body["cause"], str), body
    return body["cause"]


def oioi_refusal(answer: Answer, status: int, code: int) -> str:
    assert (answer.status, answer.content_type) == (status, "application/json"), answer
    body = answer.body
    assert body["result"]["code"] == code and isinstance(body["result"]["message"], str), body
    return body["error"]


def abs_refusal(answer: Answer, status: int) -> str:
    assert (answer.status, answer.content_type) == (status, "application/json"), answer
    body = answer.body
    assert body["statusCode"] == "999", body
    return body["message"]


@pytest.mark.parametrize("deep", DEEP, ids=["arrays", "objects"])
@pytest.mark.parametrize("path", ["/login", "/settings/validated"])
def test_json_nested_1000_deep_is_a_400_on_the_controller_api(base_url: str, path: str, deep: bytes) -> None:
    client = ControllerClient(RestTransport(f"{base_url}/cp/CP-1"), "operator", "chargebench")
    cause = controller_refusal(exchange(base_url, "POST", f"/cp/CP-1/v1{path}", deep, {"Authorization": client.login()}))
    client.transport.close()
    assert "nested deeper than" in cause


@pytest.mark.parametrize("deep", DEEP, ids=["arrays", "objects"])
def test_json_nested_1000_deep_is_a_230_at_the_hub(base_url: str, deep: bytes) -> None:
    assert "nested deeper than" in oioi_refusal(exchange(base_url, "POST", HUB_PATH, deep, EMP), 400, 230)


@pytest.mark.parametrize("number", NON_FINITE)
def test_nan_and_infinity_are_refused_by_the_controller_api_and_never_stored(base_url: str, number: bytes) -> None:
    client = ControllerClient(RestTransport(f"{base_url}/cp/CP-1"), "operator", "chargebench")
    session = {"Authorization": client.login()}
    body = b'{"params": [{"key": "MaxCurrent_ctl", "value": ' + number + b"}]}"
    cause = controller_refusal(exchange(base_url, "POST", "/cp/CP-1/v1/settings/validated", body, session))
    settings = exchange(base_url, "GET", "/cp/CP-1/v1/settings?params=MaxCurrent_ctl", None, session)
    client.transport.close()
    assert "is not a JSON number" in cause or "out of range" in cause
    assert settings.status == 200 and math.isfinite(settings.body["result"]["MaxCurrent_ctl"]["value"])


def station(latitude: bytes, speed: bytes) -> bytes:
    return (b'{"station-post": {"partner-identifier": "' + PARTNER.encode() + b'", "station": {"id": "nan-station", "name": "NaN yard", '
            b'"latitude": ' + latitude + b', "longitude": 13.4, "address": {"street": "A", "street-number": "1", "city": "B", '
            b'"zip": "1", "country": "DE"}, "contact": {"phone": "+49 1"}, "cpo-id": "DE*CBS", "is-open-24": true, "deleted": false, '
            b'"connectors": [{"id": "DE*CBS*ENAN1", "name": "Type2", "speed": ' + speed + b"}]}}}")


@pytest.mark.parametrize("latitude, speed", [(b"NaN", b"22"), (b"52.5", b"NaN"), (b"Infinity", b"22"), (b"52.5", b"1e400")])
def test_the_hub_refuses_a_station_with_nan_and_never_writes_nan(base_url: str, latitude: bytes, speed: bytes) -> None:
    oioi_refusal(exchange(base_url, "POST", HUB_PATH, station(latitude, speed), CPO), 400, 230)
    found = exchange(base_url, "POST", HUB_PATH, json.dumps({"station-get-by-ids": {"station-ids": list(range(1001, 1011))}}).encode(), EMP)
    assert found.status == 200 and b"nan" not in found.raw.lower(), found.raw
    assert all(s["name"] != "NaN yard" for s in found.body["stations"])


@pytest.mark.parametrize("method, path", [("GET", HUB_PATH), ("PUT", HUB_PATH), ("POST", "/api/v4/other")])
def test_a_wrong_method_or_path_at_the_hub_is_json_with_an_error(base_url: str, method: str, path: str) -> None:
    status = 404 if path != HUB_PATH else 405
    assert oioi_refusal(exchange(base_url, method, path, b"{}", EMP), status, 200)


@pytest.mark.parametrize("method, path", [("PATCH", "/abs/frontend/zone"), ("POST", "/abs/frontend/zone/1"), ("GET", "/abs/nothing")])
def test_a_wrong_method_or_path_on_the_abs_is_json_with_status_code_999(base_url: str, method: str, path: str) -> None:
    assert abs_refusal(exchange(base_url, method, path), 404 if path == "/abs/nothing" else 405)


def test_a_wrong_method_names_the_allowed_ones(base_url: str) -> None:
    answer = exchange(base_url, "PATCH", "/abs/frontend/zone")
    assert "allowed: GET, HEAD, POST" in answer.body["message"] and answer.headers["Allow"] == "GET,HEAD,POST"
    assert exchange(base_url, "GET", HUB_PATH).headers["Allow"] == "POST"
    assert exchange(base_url, "DELETE", "/cp/CP-1/v1/login").headers["Allow"] == "GET,POST"


def test_a_body_over_one_megabyte_is_a_413_in_each_apis_shape(base_url: str) -> None:
    controller_refusal(exchange(base_url, "POST", "/cp/CP-1/v1/login", oversized()), 413)
    oioi_refusal(exchange(base_url, "POST", HUB_PATH, oversized(), EMP), 413, 230)


# -- the reader and writer ----------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-jsonio.MAX_INTEGER, jsonio.MAX_INTEGER) | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_what_the_writer_writes_the_reader_reads_back(value: Any) -> None:
    assert jsonio.loads(jsonio.dumps(value)) == value


@given(st.sampled_from([math.nan, math.inf, -math.inf]))
def test_the_writer_never_writes_a_non_finite_number(number: float) -> None:
    with pytest.raises(ValueError):
        jsonio.dumps({"latitude": number})


@given(st.integers(1, 200), st.sampled_from(["[", '{"k":']))
def test_nesting_is_read_up_to_the_bound_and_refused_beyond(depth: int, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    text = opener * depth + ("" if opener == "[" else "0") + closer * depth
    if depth <= jsonio.MAX_DEPTH:
        assert jsonio.depth(text) == depth
        jsonio.loads(text)
    else:
        with pytest.raises(jsonio.JsonError, match="nested deeper"):
            jsonio.loads(text)


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = json.dumps(["[" * 500, {"k": "{" * 500 + '\\"]]]'}])
    assert jsonio.depth(text) == 2
    assert jsonio.loads(text)[0] == "[" * 500


@pytest.mark.parametrize("text", ["NaN", "[Infinity]", '{"a": -Infinity}', "1e400", "9" * 20, "-" + "9" * 5000, '"\\ud800"', b"\xff"])
def test_the_reader_refuses_what_is_not_interoperable_json(text: str | bytes) -> None:
    with pytest.raises(jsonio.JsonError):
        jsonio.loads(text)


def test_the_nfc_mapping_reads_its_header_with_the_same_rules() -> None:
    deep = '{"path": "/login", "method": "POST", "messageID": 1, "x": ' + "[" * 1000 + "]" * 1000 + "}"
    with pytest.raises(MappingError, match="nested deeper than 64"):
        parse_request(deep)
    with pytest.raises(MappingError, match="NaN is not a JSON number"):
        parse_request('{"path": "/login", "method": "POST", "messageID": NaN}')
    assert parse_request('{"path": "/login", "method": "GET", "messageID": 7}').message_id == 7


def test_the_nfc_mapping_never_writes_nan() -> None:
    with pytest.raises(ValueError):
        format_response(1, ApiResponse(200, {"value": math.nan}))
