"""Generated OIOI requests against the hub, drawn from its JSON-schema description.

Hypothesis draws a call and fields that match the call's schema (the small
schema-to-strategy translation below covers the keywords the description uses), or breaks them (a required field left out, a value of the
wrong type, an unknown call, a key of the wrong role).  Every request goes over
real HTTP to the simulator.  At least 2,000 requests; none may get a 5xx; a
valid request gets HTTP 200 with one of the call's result codes; every broken
one gets the spec's error status with the right code (230, 220).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rigs.oioi import OioiClient, result_code
from simulator.api.oioi import schema
from simulator.model.roaming import formats

BATCH = 10
EXAMPLES = 210
MIN_REQUESTS = 2000
KEYS = {"emp": "oem-app-key-0001-chargebench", "cpo": "cpo-depot-key-0001-chargebench"}

FORMAT_STRATEGIES = {
    "uid": st.from_regex(formats.UID, fullmatch=True),
    "evse-id": st.from_regex(formats.EVSE_ID, fullmatch=True),
    "cpo-id": st.from_regex(formats.CPO_ID, fullmatch=True),
    "rfc3339": st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1), timezones=st.just(timezone.utc)).map(formats.format_time),
    "country": st.from_regex(formats.ISO_COUNTRY, fullmatch=True),
    "language": st.from_regex(formats.LANGUAGE, fullmatch=True),
    "email": st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.[a-z]{2,4}", fullmatch=True),
}
WRONG_TYPES = st.sampled_from([None, True, -1, 1.5, "", "x" * 300, [], {}])
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


def strategy(node: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values valid against one JSON-schema node of the OIOI description."""
    if "$ref" in node:
        return strategy(defs[node["$ref"].removeprefix("#/$defs/")], defs)
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "anyOf" in node:
        return st.one_of([strategy(option, defs) for option in node["anyOf"]])
    kind = node.get("type")
    if kind == "object":
        props = node.get("properties", {})
        required = node.get("required", [])
        optional = [k for k in props if k not in required]
        return st.fixed_dictionaries(
            {k: strategy(props[k], defs) for k in required},
            optional={k: strategy(props[k], defs) for k in optional},
        )
    if kind == "array":
        return st.lists(strategy(node["items"], defs), min_size=node.get("minItems", 0), max_size=min(node.get("maxItems", 5), 5))
    if kind == "string":
        if "format" in node:
            return FORMAT_STRATEGIES[node["format"]]
        if "pattern" in node:
            return st.from_regex(node["pattern"], fullmatch=True)
        low, high = node.get("minLength", 0), min(node.get("maxLength", 40), 40)
        return st.text(st.characters(blacklist_categories=("Cs",)), min_size=low, max_size=max(low, high))
    if kind == "integer":
        return st.integers(node.get("minimum", -(2**31)), node.get("maximum", 2**31))
    if kind == "number":
        low = node.get("minimum", node.get("exclusiveMinimum", -1e6))
        return st.floats(low, node.get("maximum", 1e6), allow_nan=False, exclude_min="exclusiveMinimum" in node)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    raise AssertionError(f"the generator does not know the schema node {node}")


def valid_fields(name: str) -> st.SearchStrategy[dict[str, Any]]:
    document = schema.request_schema(name)
    return strategy(document, document["$defs"])


@st.composite
def case(draw: st.DrawFn) -> tuple[str, Any, str, str]:
    """(call, fields, role of the key, what is expected: valid | format | role)."""
    name = draw(st.sampled_from(schema.call_names()))
    role = sorted(schema.roles(name))[0]
    fields = draw(valid_fields(name))
    how = draw(st.sampled_from(["valid"] * 6 + ["drop", "retype", "role"]))
    required = schema.call_info(name).get("required", [])
    if how == "drop" and required:
        dropped = draw(st.sampled_from(required))
        fields = {k: v for k, v in fields.items() if k != dropped}
        return name, fields, role, "format"
    if how == "retype" and fields:
        key = draw(st.sampled_from(sorted(fields)))
        fields = {**fields, key: draw(WRONG_TYPES)}
        return name, fields, role, "unknown"
    if how == "role":
        return name, fields, "cpo" if role == "emp" else "emp", "role"
    return name, fields, role, "valid"


@pytest.fixture(scope="module")
def clients(simulator) -> Iterator[dict[str, OioiClient]]:  # type: ignore[no-untyped-def]
    if simulator is None:
        pytest.skip("the generated run needs the simulator's hub (rig 'sim')")
    made = {role: OioiClient(simulator.endpoints.base_url, key) for role, key in KEYS.items()}
    yield made
    for client in made.values():
        client.close()


def check(reply: Any, name: str, expected: str) -> None:
    where = f"{name} ({expected}): HTTP {reply.status} {str(reply.body)[:300]}"
    assert reply.status < 500, where
    code = result_code(reply)
    assert isinstance(code, int) and isinstance(reply.body["result"].get("message"), str), where
    if expected == "role":
        assert (reply.status, code) == (403, 220), where
    elif expected == "format":
        assert (reply.status, code) == (400, 230), where
    elif reply.status == 400:
        assert code == 230 and isinstance(reply.body.get("error"), str), where
        assert expected == "unknown" or 230 in schema.result_codes(name), where
    else:
        assert reply.status == 200 and code in schema.result_codes(name), where


def test_generated_requests_get_the_right_result_codes_and_never_a_server_error(clients: dict[str, OioiClient]) -> None:
    sent = 0

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
    @given(st.lists(case(), min_size=BATCH, max_size=BATCH))
    def run(batch: list[tuple[str, Any, str, str]]) -> None:
        nonlocal sent
        for name, fields, role, expected in batch:
            reply = clients[role].call(name, fields)
            sent += 1
            check(reply, name, expected)

    run()
    assert sent >= MIN_REQUESTS, f"only {sent} requests were sent"
