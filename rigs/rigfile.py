"""Rig files: one TOML file per bench, listing passive resources and the features it has.

A name is looked up in the rig search path (``rig_search_path``): the current
directory, the user's rig folder (``$XDG_CONFIG_HOME/chargebench/rigs``, by
default ``~/.config/chargebench/rigs``), then the rigs that ship with
chargebench.  A path finds any file; an http(s) URL is an ad-hoc rig with just
a controller's REST API.  Files are validated by ``rigs/rigschema.py``.  Rigs
with a ``[simulator]`` table describe the in-process simulator: their strings
may name what it binds at start-up (``{base_url}``, ``{pty[CP-1]}``, ``{tcp[CP-1]}``).
"""

from __future__ import annotations

import os
import string
import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Mapping

from .resources import RigError
from .rigschema import validate

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


def _password(table: Mapping[str, Any], where: str) -> str:
    """``password`` in the file, or ``password_env`` naming an environment variable."""
    if "password_env" in table:
        variable = table["password_env"]
        if variable not in os.environ:
            raise RigError(f"{where}: the environment variable {variable} (password_env) is not set")
        return os.environ[variable]
    return str(table["password"])


def _controller(table: Mapping[str, Any], index: int, source: str) -> ControllerResources:
    raw = table.get("instrument")
    instrument = None if raw is None else SerialResource(raw["url"], raw.get("baudrate", DEFAULT_BAUDRATE), float(raw.get("timeout", DEFAULT_TIMEOUT_S)))
    cards = table.get("cards")
    unknown = table.get("unknown_card")
    return ControllerResources(
        id=table["id"],
        url=table["url"],
        username=table["username"],
        password=_password(table, f"rig file {source}: controllers[{index}]"),
        instrument=instrument,
        nfc_reader=table.get("nfc_reader"),
        cards=None if cards is None else tuple(c.upper() for c in cards),
        unknown_card=None if unknown is None else unknown.upper(),
    )


def parse_rig(text: str, source: str) -> Rig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RigError(f"rig file {source}: {error}") from None
    validate(data, source)
    features = frozenset(data["features"])
    controllers = tuple(_controller(c, i, source) for i, c in enumerate(data["controllers"]))
    first = controllers[0]
    if NEEDS_INSTRUMENT & features and first.instrument is None:
        needing = ", ".join(sorted(NEEDS_INSTRUMENT & features))
        raise RigError(f"rig file {source}: features {needing} need an 'instrument' on controller {first.id} (controllers[0].instrument)")
    if "nfc" in features and first.nfc_reader is None:
        raise RigError(f"rig file {source}: feature nfc needs an 'nfc_reader' on controller {first.id} (controllers[0].nfc_reader)")
    return Rig(
        name=data["name"],
        description=data.get("description", ""),
        features=features,
        controllers=controllers,
        simulator=data.get("simulator"),
        source=source,
    )


def user_rig_folder() -> Path:
    """Where a user keeps their own rig files."""
    config = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(config) / "chargebench" / "rigs"


def rig_search_path() -> list[Path | Traversable]:
    """Where a rig name is looked up, first match wins."""
    return [Path.cwd(), user_rig_folder(), resources.files("rigs").joinpath("benches")]


def bench_names() -> list[str]:
    """Every rig name the search path offers."""
    names: set[str] = set()
    for folder in rig_search_path():
        if folder.is_dir():
            names.update(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml") and _looks_like_a_rig(p))
    return sorted(names)


def _looks_like_a_rig(file: Path | Traversable) -> bool:
    """The current directory holds other TOML files too (pyproject.toml): list only rig files."""
    try:
        data = tomllib.loads(file.read_text())
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return "controllers" in data and "features" in data


def _where(folder: Path | Traversable) -> str:
    return "the chargebench package" if not isinstance(folder, Path) else str(folder)


def load_rig(spec: str, username: str = "operator", password: str = "chargebench") -> Rig:
    """A rig by name (the search path), by path, or an ad-hoc REST-only rig for an http(s) URL."""
    if spec.startswith(("http://", "https://")):
        url = spec.rstrip("/")
        return Rig(url, "a controller's REST API only", frozenset({"controller-api"}), (ControllerResources("CP-1", url, username, password),), source=url)
    if spec.endswith(".toml") or os.sep in spec or spec.startswith("~"):
        path = Path(spec).expanduser()
        if not path.is_file():
            raise RigError(f"rig file {spec} does not exist")
        return parse_rig(path.read_text(), str(path.resolve()))
    for folder in rig_search_path():
        candidate = folder.joinpath(f"{spec}.toml")
        if candidate.is_file():
            return parse_rig(candidate.read_text(), str(candidate) if isinstance(candidate, Path) else f"rigs/benches/{spec}.toml")
    searched = ", ".join(_where(f) for f in rig_search_path())
    raise RigError(f"no rig named {spec!r} in {searched}; rigs: {', '.join(bench_names())} (or give a path to a .toml file, or a controller's URL)")
