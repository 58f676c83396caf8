"""Steps of the settings at their edges: advertised limits and types, string lengths, writers.

They read the limits from the controller's own meta information where a
scenario says so, so that any controller is held to what it advertises.
"""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers, then, when

from .context import Scenario, literal

WRONG_TYPE = {"int": "16", "float": "16", "bool": "true", "enum": 1, "string": 1}
"""A value of the wrong JSON type for each setting type."""


def _writable(scenario: Scenario) -> dict[str, dict[str, Any]]:
    body = scenario.expect(200)
    return {k: m for k, m in body["result"].items() if m["rw"] == "rw"}


def _write(scenario: Scenario, key: str, value: Any) -> tuple[int, Any]:
    reply = scenario.api.set_settings({key: value})
    return reply.status, reply.body


def _value(scenario: Scenario, key: str) -> Any:
    reply = scenario.api.get_settings([key])
    assert reply.status == 200, reply
    return reply.body["result"][key]["value"]


@then("every writable setting takes its minimum and maximum and refuses one step beyond")
def advertised_limits(scenario: Scenario) -> None:
    numeric = {k: m for k, m in _writable(scenario).items() if m["type"] in ("int", "float") and ("min" in m or "max" in m)}
    assert numeric, "the controller advertises no writable setting with a minimum or maximum"
    for key, meta in numeric.items():
        step = 1 if meta["type"] == "int" else 0.1
        for edge, beyond in (("min", -step), ("max", step)):
            if edge not in meta:
                continue
            status, body = _write(scenario, key, meta[edge])
            assert status == 200, f"{key} = its {edge} {meta[edge]} was refused: {body}"
            status, body = _write(scenario, key, meta[edge] + beyond)
            assert status == 400, f"{key} = {meta[edge] + beyond}, beyond its {edge} {meta[edge]}, was answered {status}: {body}"
            assert _value(scenario, key) == meta[edge], f"a refused write changed {key}"
        _write(scenario, key, meta["value"])


@then("every writable setting refuses a value of the wrong type and keeps its value")
def advertised_types(scenario: Scenario) -> None:
    for key, meta in _writable(scenario).items():
        wrong = WRONG_TYPE[meta["type"]]
        status, body = _write(scenario, key, wrong)
        assert status == 400, f"{key} ({meta['type']}) took {wrong!r}: {body}"
        assert _value(scenario, key) == meta["value"], f"a refused write changed {key}"


@then(parsers.parse('the setting "{key}" is advertised as "{kind}" from {low:g} to {high:g}'))
def advertised_as(scenario: Scenario, key: str, kind: str, low: float, high: float) -> None:
    meta = scenario.expect(200)["result"][key]
    assert (meta["type"], meta.get("min"), meta.get("max")) == (kind, low, high), f"{key} is advertised as {meta}"


@when(parsers.parse('I write a string of {length:d} characters to "{key}"'))
def write_long_string(scenario: Scenario, length: int, key: str) -> None:
    scenario.values["long string"] = ("abcdefghij" * (length // 10 + 1))[:length]
    scenario.reply = scenario.api.set_settings({key: scenario.values["long string"]})


@then(parsers.parse('the setting "{key}" is a string of {length:d} characters'))
def string_of(scenario: Scenario, key: str, length: int) -> None:
    value = _value(scenario, key)
    assert isinstance(value, str) and len(value) == length, f"{key} is {value!r}"


@when(parsers.parse('I set only "{key}" to {value} through the validated write'))
def set_one_validated(scenario: Scenario, key: str, value: str) -> None:
    scenario.reply = scenario.api.set_settings({key: literal(value)}, validated=True)


@when(parsers.re(r'I set (?P<path>plain|validated) "(?P<key>[^"]+)" to (?P<value>.+)$'))
def set_by_path(scenario: Scenario, path: str, key: str, value: str) -> None:
    scenario.reply = scenario.api.set_settings({key: literal(value)}, validated=path == "validated")
