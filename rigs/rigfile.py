"""Rig files: one TOML file per bench, listing passive resources and the features it has.

A name finds ``rigs/benches/NAME.toml``; a path finds any file; an http(s) URL
is an ad-hoc rig with just a controller's REST API.  Rigs with a ``[simulator]``
table describe the in-process simulator: their strings may name what it binds
at start-up (``{base_url}``, ``{pty[CP-1]}``, ``{tcp[CP-1]}``).
"""

from __future__ import annotations

import os
import string
import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

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

NEEDS_INSTRUMENT = frozenset({"ev-emulator", "ev-evccid", "card-presenter", "power-switch", "meter"})
DEFAULT_BAUDRATE = 115200
DEFAULT_TIMEOUT_S = 2.0


@dataclass(frozen=True)
class SerialResource:
    url: str
    baudrate: int = DEFAULT_BAUDRATE
    timeout: float = DEFAULT_TIMEOUT_S


@dataclass(frozen=True)
class ControllerResources:
    """One controller on the bench and what is wired to it."""

    id: str
    url: str
    username: str
    password: str
    instrument: SerialResource | None = None
    nfc_reader: str | None = None
    cards: tuple[str, ...] | None = None
    """UIDs on the card presenter; None: it presents any UID (the simulator's)."""
    unknown_card: str | None = None
    """A card on the presenter that the controller does not know."""


@dataclass(frozen=True)
class Rig:
    name: str
    description: str
    features: frozenset[str]
    controllers: tuple[ControllerResources, ...]
    simulator: Mapping[str, Any] | None = None
    source: str = ""

    @property
    def default_controller(self) -> ControllerResources:
        return self.controllers[0]

    def controller(self, cp_id: str) -> ControllerResources:
        for controller in self.controllers:
            if controller.id == cp_id:
                return controller
        raise LookupError(f"rig {self.name!r} has no controller {cp_id!r}; it has {', '.join(c.id for c in self.controllers)}")

    def bind(self, values: Mapping[str, Any]) -> "Rig":
        """Fill the simulator's placeholders (base URL, pty paths, TCP ports)."""
        def fill(text: str, where: str) -> str:
            try:
                return string.Formatter().vformat(text, (), values)
            except (KeyError, IndexError, ValueError) as error:
                raise RigError(f"rig {self.name!r}: {where} {text!r} names an unknown placeholder {error}") from None

        def fill_controller(c: ControllerResources) -> ControllerResources:
            instrument = c.instrument and replace(c.instrument, url=fill(c.instrument.url, f"controller {c.id} instrument url"))
            return replace(c, url=fill(c.url, f"controller {c.id} url"), instrument=instrument)

        return replace(self, controllers=tuple(fill_controller(c) for c in self.controllers))


def _get(table: Mapping[str, Any], key: str, kind: type, where: str, default: Any = ...) -> Any:
    if key not in table:
        if default is ...:
            raise RigError(f"{where} lacks {key!r}")
        return default
    value = table[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise RigError(f"{where}: {key!r} must be a {kind.__name__}, not {value!r}")
    return value


def _password(table: Mapping[str, Any], where: str) -> str:
    """``password`` in the file, or ``password_env`` naming an environment variable."""
    if "password_env" in table:
        variable = _get(table, "password_env", str, where)
        if variable not in os.environ:
            raise RigError(f"{where}: the environment variable {variable} (password_env) is not set")
        return os.environ[variable]
    return _get(table, "password", str, where)


def _controller(table: Any, index: int, rig: str) -> ControllerResources:
    where = f"rig {rig!r}: controllers[{index}]"
    if not isinstance(table, dict):
        raise RigError(f"{where} must be a table")
    instrument = None
    if "instrument" in table:
        raw = _get(table, "instrument", dict, where)
        iwhere = f"{where}.instrument"
        instrument = SerialResource(
            _get(raw, "url", str, iwhere),
            _get(raw, "baudrate", int, iwhere, DEFAULT_BAUDRATE),
            _get(raw, "timeout", float, iwhere, DEFAULT_TIMEOUT_S),
        )
    cards = table.get("cards")
    if cards is not None and (not isinstance(cards, list) or not all(isinstance(c, str) for c in cards)):
        raise RigError(f"{where}: 'cards' must be a list of UIDs")
    return ControllerResources(
        id=_get(table, "id", str, where),
        url=_get(table, "url", str, where),
        username=_get(table, "username", str, where),
        password=_password(table, where),
        instrument=instrument,
        nfc_reader=_get(table, "nfc_reader", str, where, None),
        cards=None if cards is None else tuple(c.upper() for c in cards),
        unknown_card=_get(table, "unknown_card", str, where, None),
    )


def parse_rig(text: str, source: str) -> Rig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RigError(f"rig file {source}: {error}") from None
    name = _get(data, "name", str, f"rig file {source}")
    where = f"rig {name!r}"
    features = _get(data, "features", list, where)
    unknown = [f for f in features if f not in FEATURES]
    if unknown:
        raise RigError(f"{where}: unknown feature {unknown[0]!r}; known: {', '.join(FEATURES)}")
    raw_controllers = _get(data, "controllers", list, where)
    if not raw_controllers:
        raise RigError(f"{where} lists no controllers")
    controllers = tuple(_controller(c, i, name) for i, c in enumerate(raw_controllers))
    first = controllers[0]
    if NEEDS_INSTRUMENT & set(features) and first.instrument is None:
        needing = ", ".join(sorted(NEEDS_INSTRUMENT & set(features)))
        raise RigError(f"{where}: features {needing} need an 'instrument' on controller {first.id}")
    if "nfc" in features and first.nfc_reader is None:
        raise RigError(f"{where}: feature nfc needs an 'nfc_reader' on controller {first.id}")
    return Rig(
        name=name,
        description=_get(data, "description", str, where, ""),
        features=frozenset(features),
        controllers=controllers,
        simulator=_get(data, "simulator", dict, where, None),
        source=source,
    )


def bench_names() -> list[str]:
    return sorted(p.name.removesuffix(".toml") for p in resources.files("rigs").joinpath("benches").iterdir() if p.name.endswith(".toml"))


def load_rig(spec: str, username: str = "operator", password: str = "chargebench") -> Rig:
    """A rig by name (rigs/benches), by path, or an ad-hoc REST-only rig for an http(s) URL."""
    if spec.startswith(("http://", "https://")):
        url = spec.rstrip("/")
        return Rig(url, "a controller's REST API only", frozenset({"controller-api"}), (ControllerResources("CP-1", url, username, password),), source=url)
    path = Path(spec)
    if spec.endswith(".toml") or os.sep in spec:
        if not path.is_file():
            raise RigError(f"rig file {spec} does not exist")
        return parse_rig(path.read_text(), str(path))
    bench = resources.files("rigs").joinpath("benches", f"{spec}.toml")
    if not bench.is_file():
        raise RigError(f"no rig named {spec!r}; rigs: {', '.join(bench_names())} (or give a path to a .toml file)")
    return parse_rig(bench.read_text(), f"rigs/benches/{spec}.toml")
