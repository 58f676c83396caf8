"""What a world file must satisfy beyond its schema: dates that exist, unique names, and
references (``"@key"``, owners, partners, controllers) that name something.

The data has passed the schema already, so every value has its type here.  The back office's
own rules (names unique per tenant, a socket on its station's unit, ...) are its own to check
as it creates the entries (``BackOffice._seed`` names a refused entry by its key path).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterator, Sequence

from ..cli_types import host_port
from .backoffice.access import SYSTEM
from .backoffice.backoffice import SEED_ORDER
from .backoffice.catalogue import RESOURCES
from .backoffice.fields import Kind
from .fleet.catalogue import EV_MODELS, MEDIA
from .fleet.config import site_slug
from .roaming.config import RoamingConfig

KeyPath = tuple[str | int, ...]
HUB_IDENTIFIER = RoamingConfig.identifier


@dataclass(frozen=True)
class Mistake:
    path: KeyPath
    problem: str
    expected: str | None = None
    """None: what the schema says of the path."""


def mistakes(data: dict[str, Any]) -> Iterator[Mistake]:
    """Every mistake, section by section."""
    yield from _epoch(data)
    yield from _unique(data, ("accounts",), "username")
    yield from _unique(data, ("controllers",), "id")
    yield from _unique(data, ("whitelist",), "id")
    yield from _backoffice(data)
    yield from _roaming(data)
    yield from _fleet(data)
    yield from _load(data)


def _load(data: dict[str, Any]) -> Iterator[Mistake]:
    """The hub's endpoint and the CPO's key there come together; the CPO's endpoint listens at a
    port that exists."""
    table = data.get("load", {})
    for given, other, what in (("target-oioi", "oioi-key", "the CPO's API key at target-oioi"),
                               ("oioi-key", "target-oioi", "the hub's endpoint the key is for")):
        if given in table and other not in table:
            yield Mistake(("load", other), "missing", what)
    if "cpo-listen" in table:
        try:
            host_port(table["cpo-listen"])
        except ValueError as error:
            yield Mistake(("load", "cpo-listen"), f"{show(table['cpo-listen'])} {error}", "HOST:PORT, the port 0 to 65535")


def _epoch(data: dict[str, Any]) -> Iterator[Mistake]:
    if "epoch" not in data:
        return
    try:
        moment = datetime.fromisoformat(data["epoch"])
    except ValueError:
        yield Mistake(("epoch",), f"{show(data['epoch'])} is not a date-time")
        return
    if moment.tzinfo is None:
        yield Mistake(("epoch",), f"{show(data['epoch'])} has no UTC offset")


def _unique(data: dict[str, Any], where: KeyPath, name: str, label: str | None = None) -> Iterator[Mistake]:
    """Each entry of the list at ``where`` has its own ``name`` (entries without one are skipped)."""
    first: dict[Any, int] = {}
    for index, entry in enumerate(_at(data, where)):
        value = entry.get(name)
        if value is None:
            continue
        if value in first:
            yield Mistake((*where, index, name), f"{show(value)} is also the {name} of {format_path((*where, first[value]))}",
                          f"each {label or name} only once")
        else:
            first[value] = index


def _backoffice(data: dict[str, Any]) -> Iterator[Mistake]:
    backoffice = data.get("backoffice", {})
    keys: dict[str, tuple[str, KeyPath]] = {}
    """Each "@key" so far: its resource and where it was defined."""
    owners = {user["username"] for user in backoffice.get("user", [])} | {SYSTEM.username}
    if "fleet" in data:
        owners.add(data["fleet"].get("host", "fleet"))
    controllers = [c["id"] for c in data.get("controllers", [])]
    for name in SEED_ORDER:
        resource = RESOURCES[name]
        for index, entry in enumerate(backoffice.get(name, [])):
            here: KeyPath = ("backoffice", name, index)
            for field in resource.fields:
                if field.kind is Kind.ID and field.name in entry:
                    yield from _reference(keys, field.ref, entry[field.name], (*here, field.name))
                if field.kind is Kind.ID_LIST:
                    for position, value in enumerate(entry.get(field.name, [])):
                        yield from _reference(keys, field.ref, value, (*here, field.name, position))
            if entry.get("owner", SYSTEM.username) not in owners:
                yield Mistake((*here, "owner"), f"{show(entry['owner'])} is no back-office user",
                              "the username of a [[backoffice.user]]" + (" or the fleet's host" if "fleet" in data else ""))
            if name == "device" and "controllerId" in entry and entry["controllerId"] not in controllers:
                yield Mistake((*here, "controllerId"), f"{show(entry['controllerId'])} is no controller of the world",
                              f"one of the [[controllers]] ids: {_listing(controllers)}")
            if "key" in entry:
                if entry["key"] in keys:
                    yield Mistake((*here, "key"), f"{show(entry['key'])} is also the key of {format_path(keys[entry['key']][1])}", "each key only once")
                keys[entry["key"]] = (name, here)


def _reference(keys: dict[str, tuple[str, KeyPath]], resource: str | None, value: Any, path: KeyPath) -> Iterator[Mistake]:
    if not isinstance(value, str):
        return  # a number: an id as the back office counts them
    found = keys.get(value[1:])
    if found is None or found[0] != resource:
        choices = [f"@{key}" for key, (kind, _) in keys.items() if kind == resource]
        yield Mistake(path, f"{show(value)} names no earlier [[backoffice.{resource}]]",
                      f"one of: {_listing(choices)}" if choices else f"\"@key\" of a [[backoffice.{resource}]] above this entry")


def _roaming(data: dict[str, Any]) -> Iterator[Mistake]:
    for where, name in (("keys", "key"), ("partners", "identifier"), ("users", "username"), ("stock", "uid"),
                        ("companies", "id"), ("vehicles", "id")):
        yield from _unique(data, ("roaming", where), name)
    roaming = data.get("roaming", {})
    partners = [p["identifier"] for p in roaming.get("partners", [])]
    for index, key in enumerate(roaming.get("keys", [])):
        for position, partner in enumerate(key.get("partners", [])):
            if partner not in partners:
                yield _unknown(("roaming", "keys", index, "partners", position), partner, "[[roaming.partners]] identifiers", partners)
    emps = [p for k in roaming.get("keys", []) if k["role"] == "emp" for p in k.get("partners", [])]
    for index, user in enumerate(roaming.get("users", [])):
        if "emp" in user and user["emp"] not in emps:
            yield _unknown(("roaming", "users", index, "emp"), user["emp"], "partners of [[roaming.keys]] with role \"emp\"", emps)
    companies = [c["id"] for c in roaming.get("companies", [])]
    for index, partner in enumerate(roaming.get("partners", [])):
        if "company-id" in partner and partner["company-id"] not in companies:
            yield _unknown(("roaming", "partners", index, "company-id"), partner["company-id"], "[[roaming.companies]] ids", companies)
    cpo = roaming.get("cpo")
    if cpo is not None:
        if cpo["partner"] not in partners:
            yield _unknown(("roaming", "cpo", "partner"), cpo["partner"], "[[roaming.partners]] identifiers", partners)
        keys = [k["key"] for k in roaming.get("keys", []) if k["role"] == "cpo"]
        if cpo["key"] not in keys:
            yield _unknown(("roaming", "cpo", "key"), cpo["key"], "[[roaming.keys]] keys with role \"cpo\"", keys)
        yield from _cpo_handshake(roaming, cpo)


def _cpo_handshake(roaming: dict[str, Any], cpo: dict[str, Any]) -> Iterator[Mistake]:
    """With the simulator's own hub, the CPO must know the hub's identifier and the key the hub presents."""
    if cpo.get("hub", "self") != "self":
        return
    hub = roaming.get("identifier", HUB_IDENTIFIER)
    if cpo["hub-partner"] != hub:
        yield Mistake(("roaming", "cpo", "hub-partner"), f"{show(cpo['hub-partner'])} is not the hub's identifier",
                      f"roaming.identifier, {show(hub)}, under which the hub sends its whitelists")
    partner = next((p for p in roaming.get("partners", []) if p["identifier"] == cpo["partner"]), {})
    if partner.get("endpoint") == "self" and partner.get("key") != cpo["inbound-key"]:
        yield Mistake(("roaming", "cpo", "inbound-key"), f"{show(cpo['inbound-key'])} is not the key the hub presents",
                      f"the key of {format_path(('roaming', 'partners', roaming['partners'].index(partner)))}, the CPO's partner: {show(partner.get('key'))}")


def _unknown(path: KeyPath, value: Any, what: str, choices: Sequence[Any]) -> Mistake:
    return Mistake(path, f"{show(value)} names nothing", f"one of the {what}: {_listing(choices)}" if choices else f"one of the {what} (there are none)")


def _fleet(data: dict[str, Any]) -> Iterator[Mistake]:
    fleet = data.get("fleet")
    if fleet is None:
        return
    for index, entry in enumerate(fleet.get("ev_mix", [])):
        missing = [key for key in ("capacity_kwh", "max_ac_kw") if key not in entry]
        if entry["model"] not in EV_MODELS and missing:
            yield Mistake(("fleet", "ev_mix", index, "model"), f"{show(entry['model'])} is no built-in model and has no {' or '.join(missing)}",
                          f"one of: {', '.join(EV_MODELS)}; or capacity_kwh and max_ac_kw for a new model")
    yield from _unique(data, ("fleet", "ev_mix"), "model")
    yield from _unique(data, ("fleet", "sites"), "name", "site name")
    slugs: dict[str, int] = {}
    for index, site in enumerate(fleet["sites"]):
        slug = site_slug(site["name"])
        if slug in slugs:
            yield Mistake(("fleet", "sites", index, "name"),
                          f"{show(site['name'])} gives the same controller ids ({slug}-001, ...) as {format_path(('fleet', 'sites', slugs[slug]))}",
                          "names that differ in more than case and punctuation")
        slugs.setdefault(slug, index)
        auth = site.get("drivers", {}).get("auth")
        if auth is not None and not sum(auth.values()) > 0:
            yield Mistake(("fleet", "sites", index, "drivers", "auth"), "every share is 0" if auth else "no medium has a share",
                          f"shares >= 0 of {', '.join(MEDIA)}, not all 0")


def _at(data: dict[str, Any], where: KeyPath) -> list[dict[str, Any]]:
    found: Any = data
    for part in where:
        found = found.get(part, {}) if isinstance(found, dict) else {}
    return found if isinstance(found, list) else []


def show(value: Any) -> str:
    """A value as a world file writes it, cut short."""
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _listing(values: Sequence[Any], most: int = 8) -> str:
    shown = ", ".join(str(v) for v in values[:most])
    return shown + (f" (and {len(values) - most} more)" if len(values) > most else "") if values else "(none)"


def format_path(path: KeyPath) -> str:
    """``fleet.sites[0].drivers.auth``: keys joined by dots, list indices in brackets."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            key = part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else json.dumps(part)
            text += f".{key}" if text else key
    return text
