"""Missing, malformed and contradictory parameters: 888 (HTTP 400), 777 and 666, and nothing changes."""

from __future__ import annotations

import json
import string
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rigs.abs import AbsClient

from .abs_support import abs_server, admin  # noqa: F401  (fixtures)

EXAMPLES = 40
SETTINGS = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None)


def snapshot(client: AbsClient) -> str:
    """Everything a bad request could have touched, as admin sees it."""
    parts: dict[str, Any] = {}
    for name in ("zone", "chargingStation", "device", "socket", "notificationRule", "evDriver", "vehicle"):
        parts[name] = client.call("GET", f"/abs/frontend/{name}").body
    parts["sessions"] = client.call("GET", "/abs/frontend/session").body
    return json.dumps(parts, sort_keys=True)


STATION = {"name": "Bad input station", "zoneId": "1", "latitude": "50.5", "longitude": "4.4", "parkingSpacesCar": "3"}


@SETTINGS
@given(st.sets(st.sampled_from(["name", "zoneId"]), min_size=1))
def test_a_missing_required_parameter_is_888_with_http_400(admin: AbsClient, left_out: set[str]) -> None:  # noqa: F811
    before = snapshot(admin)
    reply = admin.call("POST", "/abs/frontend/chargingStation", {k: v for k, v in STATION.items() if k not in left_out})
    assert (reply.http_status, reply.status_code) == (400, "888"), reply.body
    assert snapshot(admin) == before


MALFORMED = st.one_of(
    st.tuples(st.just("latitude"), st.sampled_from(["91", "-90.5", "north", "", "nan", "inf", "1e999"])),
    st.tuples(st.just("zoneId"), st.sampled_from(["0", "-1", "one", "1.5", "", "99999999999999999999"])),
    st.tuples(st.just("parkingSpacesCar"), st.text(alphabet=string.ascii_letters, min_size=1, max_size=5)),
    st.tuples(st.just("published"), st.sampled_from(["yes", "1", "TRUEISH", ""])),
    st.tuples(st.just("name"), st.sampled_from(["", "x" * 101, "tab\there"])),
)


@SETTINGS
@given(MALFORMED)
def test_an_illegal_value_is_777(admin: AbsClient, bad: tuple[str, str]) -> None:  # noqa: F811
    before = snapshot(admin)
    reply = admin.call("POST", "/abs/frontend/chargingStation", {**STATION, bad[0]: bad[1]})
    assert (reply.http_status, reply.status_code) == (200, "777"), reply.body
    assert snapshot(admin) == before


@SETTINGS
@given(st.integers(1, 10**6), st.integers(1, 10**6))
def test_from_after_to_is_666(admin: AbsClient, start: int, span: int) -> None:  # noqa: F811
    reply = admin.call("GET", "/abs/frontend/session", {"from": str(start + span), "to": str(start)})
    assert reply.status_code == "666", reply.body


@SETTINGS
@given(st.sampled_from([
    {"protocol": "WEBHOOK", "target": "http://127.0.0.1:9/hook"},
    {"protocol": "WEBHOOK", "target": "mailto:ops@example.org", "secret": "s"},
    {"protocol": "EMAIL", "target": "not-an-address"},
    {"protocol": "AMQP", "target": "https://broker.example.org/events"},
    {"protocol": "EMAIL", "target": "ops@example.org", "chargingStationId": "1", "zoneId": "2"},
]), st.sets(st.sampled_from(["CHARGING_SESSIONS", "DEVICE_FAULTS", "SMARTGRID"]), min_size=1))
def test_a_contradictory_combination_is_666_and_changes_nothing(admin: AbsClient, rule: dict[str, str], categories: set[str]) -> None:  # noqa: F811
    if "zoneId" in rule:
        admin.call("POST", "/abs/frontend/zone", {"name": "Second zone"})
    before = snapshot(admin)
    reply = admin.call("POST", "/abs/frontend/notificationRule", {**rule, "categories": ",".join(sorted(categories))})
    assert reply.status_code == "666", reply.body
    assert snapshot(admin) == before


def test_a_socket_on_a_unit_of_another_station_is_666(admin: AbsClient) -> None:  # noqa: F811
    station = admin.call("POST", "/abs/frontend/chargingStation", {"name": "Other yard", "zoneId": "1"}).body["chargingStation"]["id"]
    before = snapshot(admin)
    reply = admin.call("POST", "/abs/frontend/socket", {"chargingStationId": str(station), "chargingUnitId": "1", "deviceRank": "2"})
    assert reply.status_code == "666", reply.body
    assert snapshot(admin) == before
