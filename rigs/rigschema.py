"""The rig file's JSON Schema: a misspelt key or a wrong type is named with its key path.

``chargebench rig schema`` prints it for editors that validate TOML against a
JSON Schema (e.g. Taplo, Even Better TOML).
"""

from __future__ import annotations

import difflib
from typing import Any, Mapping

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .resources import RigError

FEATURES: dict[str, str] = {
    "controller-api": "the controller's REST API",
    "ev-emulator": "plays the EV: plug, pilot state, PWM reading, load",
    "ev-evccid": "the EV sends an EVCCID as it plugs in (ISO 15118 / DIN 70121 EV; EV:EVCC)",
    "card-presenter": "taps RFID cards on the controller's reader",
    "power-switch": "cuts and restores the controller's mains",
    "meter": "the rig's own meter: current, power, energy",
    "nfc": "a PC/SC reader on the controller's NFC tag",
    "sim-control": "the simulator's control API: fault injection, the whole world's state",
    "virtual-time": "time passes on request instead of on the wall clock",
}
"""Every feature a rig may declare, and what it means."""

_TEXT = {"type": "string", "minLength": 1}
_UID = {"type": "string", "pattern": "^[0-9A-Fa-f]{8}([0-9A-Fa-f]{6}([0-9A-Fa-f]{6})?)?$"}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "chargebench rig file",
    "type": "object",
    "required": ["name", "features", "controllers"],
    "additionalProperties": False,
    "properties": {
        "name": _TEXT,
        "description": {"type": "string"},
        "features": {"type": "array", "uniqueItems": True, "items": {"enum": list(FEATURES)}},
        "simulator": {"type": "object", "additionalProperties": False, "properties": {"world": _TEXT}},
        "controllers": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/controller"}},
    },
    "$defs": {
        "controller": {
            "type": "object",
            "required": ["id", "url", "username"],
            "oneOf": [{"required": ["password"]}, {"required": ["password_env"]}],
            "additionalProperties": False,
            "properties": {
                "id": _TEXT,
                "url": _TEXT,
                "username": _TEXT,
                "password": {"type": "string"},
                "password_env": _TEXT,
                "instrument": {
                    "type": "object",
                    "required": ["url"],
                    "additionalProperties": False,
                    "properties": {
                        "url": _TEXT,
                        "baudrate": {"type": "integer", "minimum": 50},
                        "timeout": {"type": "number", "exclusiveMinimum": 0},
                    },
                },
                "nfc_reader": _TEXT,
                "cards": {"type": "array", "items": _UID},
                "unknown_card": _UID,
            },
        },
    },
}

_VALIDATOR = Draft202012Validator(SCHEMA)


def _join(path: list[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _problems(error: ValidationError) -> list[tuple[list[str | int], str]]:
    """(key path, what is wrong) for one schema error; an unknown key is named in its own path."""
    path = list(error.absolute_path)
    if error.validator == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        return [
            (path + [key], "unknown key" + "".join(f" (did you mean {m!r}?)" for m in difflib.get_close_matches(key, known, 1)) + f"; known: {', '.join(known)}")
            for key in error.instance if key not in known
        ]
    if error.validator == "oneOf":
        both = "password" in error.instance and "password_env" in error.instance
        return [(path, "give 'password' or 'password_env', not both" if both else "needs 'password' or 'password_env'")]
    if error.validator == "enum":
        return [(path, f"{error.instance!r} is not one of {', '.join(error.validator_value)}")]
    if error.validator == "pattern":
        return [(path, f"{error.instance!r} is not a card UID (4, 7 or 10 bytes as hex)")]
    return [(path, error.message)]


def validate(data: Mapping[str, Any], source: str) -> None:
    """Raise one RigError with a line per problem, each naming its key path."""
    problems = sorted((p for e in _VALIDATOR.iter_errors(data) for p in _problems(e)), key=lambda p: [str(k) for k in p[0]])
    if problems:
        raise RigError("\n".join(f"rig file {source}: {_join(path)}: {what}" for path, what in problems))
