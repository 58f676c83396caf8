"""The OIOI hub's fast request check (jsonschema-rs) says valid exactly where the worded
one (jsonschema) finds no problem: on the generated calls, valid and broken, and on
values at the edges of the formats and types."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.api.oioi import schema
from tests.test_oioi_generated import case, valid_fields

EDGES: list[Any] = [None, True, False, 0, 1, 1.0, -1, 1.5, "", " ", "x" * 300, [], {}, "04523022AA4881", "04:52:30:22:AA:48:81",
                    "2026-01-05T06:00:00Z", "2026-01-05T06:00:00", "DE*8PS*E123456", "a@b.de", "DE", "de"]


def agree(name: str, fields: Any) -> None:
    fast = schema._fast_validator(name).is_valid(fields)
    worded = schema.worded_problem(name, fields)
    assert fast is (worded is None), (name, fields, worded)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(case())
def test_both_checks_agree_on_generated_calls(drawn: tuple[str, Any, str, str]) -> None:
    name, fields, _key, _expected = drawn
    if name in schema.call_names():
        agree(name, fields)


@st.composite
def edged(draw: st.DrawFn) -> tuple[str, Any]:
    """A valid call with one of its fields set to an edge value."""
    name = draw(st.sampled_from(schema.call_names()))
    fields = draw(valid_fields(name))
    properties = list(schema.request_schema(name).get("properties", {}))
    if properties:
        fields = {**fields, draw(st.sampled_from(properties)): draw(st.sampled_from(EDGES))}
    return name, fields


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(edged())
def test_both_checks_agree_on_edge_values(drawn: tuple[str, Any]) -> None:
    agree(*drawn)
