"""World files: TOML read, checked against ``worlds/world.schema.json`` and the rules a schema
cannot say (:mod:`.world_rules`), so that a mistake is one line naming the file, the key path
and what was expected, never a traceback or a bare key name."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date, datetime, time
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from jsonschema import Draft202012Validator, ValidationError

from .world_rules import KeyPath, format_path, mistakes, show

DEFAULT_WORLD = "worlds/default.toml"
TOML_POSITION = re.compile(r"^(?P<message>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$")


class WorldFileError(ValueError):
    """A world file that cannot be loaded; ``str()`` is the one line a user sees."""


def read_world(path: Path | None) -> dict[str, Any]:
    """The world file at ``path`` (None: the embedded default world), parsed and checked."""
    if path is None:
        return parse_world(resources.files("simulator").joinpath(DEFAULT_WORLD).read_text(), DEFAULT_WORLD)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise WorldFileError(f"{path}: cannot read the world file: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise WorldFileError(f"{path}: not a world file: it is not UTF-8 text") from None
    return parse_world(text, str(path))


def parse_world(text: str, source: str = "world file") -> dict[str, Any]:
    """TOML text as a world's dict; ``source`` names it in the error."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise WorldFileError(_syntax_error(str(error), text, source)) from None
    return check_world(data, source)


def check_world(data: dict[str, Any], source: str) -> dict[str, Any]:
    """The world's dict if it fits the schema and the rules, else a WorldFileError for the first mistake."""
    epoch = data.get("epoch")
    if isinstance(epoch, datetime) and epoch.tzinfo is not None:
        data["epoch"] = epoch.isoformat()  # an unquoted TOML date-time is as good as a string
    errors = sorted(_validator().iter_errors(data), key=lambda error: _file_order(data, _key_path(error)))
    if errors:
        raise WorldFileError(_line(source, _key_path(errors[0]), _wording(errors[0])))
    for mistake in mistakes(data):
        expected = mistake.expected or describe(_schema_at(mistake.path))
        raise WorldFileError(_line(source, mistake.path, f"{mistake.problem} (expected {expected})"))
    return data


@cache
def world_schema() -> dict[str, Any]:
    return json.loads(resources.files("simulator").joinpath("worlds/world.schema.json").read_text())


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(world_schema())


def _syntax_error(message: str, text: str, source: str) -> str:
    found = TOML_POSITION.match(message)
    if found is None:
        return f"{source}: invalid TOML: {message}"
    if found["line"] is None:
        lines = text.split("\n")
        line, column = len(lines), len(lines[-1]) + 1
    else:
        line, column = int(found["line"]), int(found["column"])
    return f"{source}:{line}:{column}: invalid TOML: {found['message']}"


def _line(source: str, path: KeyPath, message: str) -> str:
    return f"{source}: {format_path(path)}: {message}" if path else f"{source}: {message}"


# -- what a schema error says ---------------------------------------------------------------------


def _key_path(error: ValidationError) -> KeyPath:
    """Where the mistake is: an unknown or missing key's own path, not its table's."""
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        allowed = error.schema.get("properties", {})
        return path + (next(key for key in error.instance if key not in allowed),)
    if error.validator == "required":
        return path + (next(key for key in error.validator_value if key not in error.instance),)
    return path


def _wording(error: ValidationError) -> str:
    kind, value, schema = error.validator, error.instance, error.schema
    if kind == "additionalProperties":
        return f"unknown key (expected one of: {', '.join(schema['properties'])})"
    if kind == "required":
        missing = _key_path(error)[-1]
        return f"missing (expected {describe(schema['properties'][missing])})"
    if kind == "type":
        problem = f"got {_kind_of(value)}" + _brackets_hint(value, schema, error.absolute_path)
    elif kind in ("minimum", "exclusiveMinimum"):
        problem = f"{show(value)} is too small"
    elif kind in ("maximum", "exclusiveMaximum"):
        problem = f"{show(value)} is too large"
    elif kind == "minLength":
        problem = f"{show(value)} is too short"
    elif kind == "maxLength":
        problem = f"{show(value)} is too long ({len(value)} characters)"
    elif kind in ("minItems", "maxItems"):
        problem = f"has {len(value)} item{'s' if len(value) != 1 else ''}"
    elif kind == "uniqueItems":
        problem = f"lists {show(next(v for i, v in enumerate(value) if v in value[:i]))} twice"
    elif kind == "contains":
        problem = f"no item is {describe(schema['contains'])}"
    elif kind == "anyOf" and all(set(option) == {"required"} for option in schema["anyOf"]):
        problem = "a key is missing"
    else:
        problem = f"{show(value)} is not allowed"
    return f"{problem} (expected {describe(schema)})"


def _brackets_hint(value: Any, schema: dict[str, Any], path: Iterable[str | int]) -> str:
    """The usual TOML slip: one pair of brackets where two belong, or the other way round."""
    table = format_path(path)
    if isinstance(value, dict) and schema.get("type") == "array":
        return f": write [[{table}]] for each entry"
    if isinstance(value, list) and schema.get("type") == "object" and all(isinstance(item, dict) for item in value):
        return f": write [{table}], not [[{table}]]"
    return ""


def describe(schema: dict[str, Any]) -> str:
    """A schema in words: its own ``expected`` text, else what its keywords say."""
    schema = _resolve(schema)
    if "expected" in schema:
        return str(schema["expected"])
    if "enum" in schema:
        return "one of: " + ", ".join(str(option) for option in schema["enum"])
    if "anyOf" in schema:
        return " or ".join(describe(option) for option in schema["anyOf"])
    kind = schema.get("type")
    if kind in ("integer", "number"):
        return f"{'an integer' if kind == 'integer' else 'a number'}{_bounds(schema)}"
    if kind == "string":
        return _sized("a string", schema.get("minLength", 0), schema.get("maxLength"), "character")
    if kind == "boolean":
        return "true or false"
    if kind == "array":
        items = _resolve(schema.get("items", {}))
        low, high = schema.get("minItems", 0), schema.get("maxItems")
        if items.get("type") == "object":
            return _sized("an array of tables", low, high, "table")
        return _sized("a list", low, high, "item") + (f", each {describe(items)}" if items else "")
    if kind == "object":
        return "a table"
    return "something else"


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = world_schema()["$defs"][schema["$ref"].removeprefix("#/$defs/")]
    return schema


def _schema_at(path: KeyPath) -> dict[str, Any]:
    schema = world_schema()
    for part in path:
        schema = _resolve(schema)
        schema = schema["items"] if isinstance(part, int) else schema["properties"][part]
    return _resolve(schema)


def _bounds(schema: dict[str, Any]) -> str:
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f" from {low} to {high}"
    parts = [f"{sign} {schema[key]}" for key, sign in (("minimum", ">="), ("exclusiveMinimum", ">"), ("maximum", "<="), ("exclusiveMaximum", "<"))
             if key in schema]
    return " " + " and ".join(parts) if parts else ""


def _sized(noun: str, low: int, high: int | None, unit: str) -> str:
    """``a string of 1 to 100 characters``, ``a non-empty array of tables``, ..."""
    if low == high:
        return f"{noun} of exactly {low} {unit}s"
    if high is not None:
        return f"{noun} of {low} to {high} {unit}s" if low else f"{noun} of at most {high} {unit}s"
    if low == 1:
        return "a non-empty " + noun.split(" ", 1)[1]
    return f"{noun} of at least {low} {unit}s" if low else noun


def _kind_of(value: Any) -> str:
    if isinstance(value, str):
        return f"the string {show(value)}"
    if isinstance(value, bool):
        return show(value)
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, (datetime, date, time)):
        return f"the {type(value).__name__.replace('datetime', 'date-time')} {value.isoformat()}"
    return type(value).__name__


def _file_order(data: Any, path: KeyPath) -> tuple[int, ...]:
    """Where a path comes in the file (tomllib keeps the order): the first mistake is reported first."""
    order = []
    for part in path:
        if isinstance(data, dict):
            keys = list(data)
            order.append(keys.index(part) if part in data else len(keys))
        elif isinstance(data, list) and isinstance(part, int):
            order.append(part)
        else:
            break
        data = data[part] if isinstance(data, list) or part in data else None
    return tuple(order)
