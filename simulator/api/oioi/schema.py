"""The JSON Schema description of every OIOI call, the one source of request validation.

Formats are checked by the functions of :mod:`simulator.model.roaming.formats`,
so the hub, the CPO endpoint and the property tests agree on what is valid.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any, Iterable

import jsonschema
import jsonschema_rs
import yaml

from ...model.roaming import formats

SCHEMA_FILE = "oioi-v4.schema.yaml"

FORMATS = {
    "uid": lambda v: formats.normalize_uid(v) is not None,
    "evse-id": lambda v: formats.EVSE_ID.fullmatch(v) is not None,
    "cpo-id": lambda v: formats.CPO_ID.fullmatch(v) is not None,
    "rfc3339": lambda v: formats.parse_time(v) is not None,
    "country": lambda v: formats.ISO_COUNTRY.fullmatch(v) is not None,
    "language": lambda v: formats.LANGUAGE.fullmatch(v) is not None,
    "email": lambda v: formats.EMAIL.fullmatch(v) is not None,
}


def _format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker(formats=())
    for name, check in FORMATS.items():
        checker.checks(name)(lambda value, check=check: not isinstance(value, str) or check(value))
    return checker


@functools.cache
def document() -> dict[str, Any]:
    """The whole description, as served at ``GET /api/v4/schema``."""
    text = resources.files("simulator.api.oioi").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def call_names() -> list[str]:
    return sorted(document()["x-calls"])


def call_info(name: str) -> dict[str, Any]:
    return document()["x-calls"][name]


def request_schema(name: str) -> dict[str, Any]:
    """One call's field schema as a standalone document (its ``$defs`` included)."""
    fields = {k: v for k, v in call_info(name).items() if not k.startswith("x-")}
    return {"$defs": document()["$defs"], **fields}


def result_codes(name: str) -> frozenset[int]:
    return frozenset(call_info(name)["x-result-codes"])


def roles(name: str) -> frozenset[str]:
    return frozenset(call_info(name)["x-roles"])


@functools.cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = request_schema(name)
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    return cls(schema, format_checker=_format_checker())


@functools.cache
def _fast_validator(name: str) -> jsonschema_rs.Draft7Validator:
    """The same schema compiled by jsonschema-rs: a valid call is told valid some 20 times
    sooner; ``jsonschema`` still words every problem (tests/test_oioi_schema_speed.py
    checks that both agree)."""
    return jsonschema_rs.Draft7Validator(request_schema(name), formats=FORMATS, validate_formats=True)


def prepare(names: Iterable[str]) -> None:
    """Read the description and compile these calls' validators now rather than at their first
    call (a load run's shard, before the first remote start, which a driver waits for)."""
    for name in names:
        _fast_validator(name)


def problem(name: str, fields: Any) -> str | None:
    """What is wrong with a call's fields, in one sentence, or None if they are valid."""
    if _fast_validator(name).is_valid(fields):
        return None
    return worded_problem(name, fields)


def worded_problem(name: str, fields: Any) -> str | None:
    """:func:`problem` as ``jsonschema`` alone finds it."""
    error = jsonschema.exceptions.best_match(_validator(name).iter_errors(fields))
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path)
    return f"{name}{'/' + where if where else ''}: {error.message[:300]}"
