"""Create, read, update and delete for every catalogue resource, with its conflict rules.

Every check runs before anything is written, so a refused request changes nothing.
"""

from __future__ import annotations

from typing import Any, Callable
from urllib.parse import urlsplit

from .access import SYSTEM, Caller
from .catalogue import MAX_VEHICLES, RESOURCES, Resource
from .fields import Kind
from .registry import Entry, Registry
from .status import AbsError, Status

Rule = Callable[[Caller, dict[str, Any], Entry | None], None]
"""Checks the merged values of a create (entry None) or an update."""


class Records:
    def __init__(self, registry: Registry, controller_ids: frozenset[str], hash_password: Callable[[str, str], str]) -> None:
        self.registry = registry
        self.controller_ids = controller_ids
        self.hash_password = hash_password
        self.rules: dict[str, Rule] = {
            "socket": self._socket_rule,
            "notificationRule": self._notification_rule,
            "device": self._device_rule,
        }

    # -- operations --------------------------------------------------------------

    def create(self, caller: Caller, resource: Resource, values: dict[str, Any]) -> Entry:
        if not resource.creatable or not caller.can_write(resource.family):
            raise AbsError(Status.AUTHENTICATION_FAILED, f"these credentials may not create a {resource.name}")
        merged = {f.name: f.default for f in resource.fields if not f.write_only} | values
        owner = self._check(caller, resource, merged, None)
        if resource.name == "vehicle" and len(self.registry["vehicle"]) >= MAX_VEHICLES:
            raise AbsError(Status.TOO_MANY_VEHICLES, f"at most {MAX_VEHICLES} vehicles")
        if resource.name == "user":
            merged["password"] = self.hash_password(merged["username"], merged["password"])
        extra: dict[str, Any] = {"roles": set()} if resource.name == "user" else {}
        if resource.name == "evDriver":
            extra["activated"] = False
        return self.registry[resource.name].add(owner or caller.username, merged, **extra)

    def update(self, caller: Caller, resource: Resource, entry_id: int, values: dict[str, Any]) -> Entry:
        entry = self.registry.changeable(caller, resource, entry_id)
        merged = entry.values | values
        self._check(caller, resource, merged, entry)
        if resource.name == "user" and "password" in values:
            merged["password"] = self.hash_password(merged["username"], values["password"])
        entry.values = merged
        return entry

    def delete(self, caller: Caller, resource: Resource, entry_id: int) -> Entry:
        entry = self.registry.changeable(caller, resource, entry_id)
        blocker = self._delete_blocker(resource, entry)
        if blocker is not None:
            raise blocker
        self.registry[resource.name].remove(entry_id)
        return entry

    def get(self, caller: Caller, resource: Resource, entry_id: int) -> Entry:
        return self.registry.visible(caller, resource, entry_id)

    def listing(self, caller: Caller, resource: Resource, own: bool = False, **filters: Any) -> list[Entry]:
        return [
            e for e in self.registry[resource.name]
            if caller.sees(resource.family, e.owner)
            and (not own or e.owner == caller.username)
            and all(e.values.get(k) == v for k, v in filters.items())
        ]

    # -- checks ------------------------------------------------------------------

    def _check(self, caller: Caller, resource: Resource, merged: dict[str, Any], entry: Entry | None) -> str | None:
        """Refs visible, unique keys free, the resource's own rule; returns the parent's owner."""
        owner = None
        for f in resource.fields:
            if f.kind is Kind.ID and f.ref and merged.get(f.name) is not None:
                parent = self.registry.visible(caller, RESOURCES[f.ref], merged[f.name])
                owner = owner or parent.owner
            if f.kind is Kind.ID_LIST and f.ref:
                for ref_id in merged.get(f.name) or ():
                    self.registry.visible(SYSTEM, RESOURCES[f.ref], ref_id)
        for keys, status in resource.unique:
            key = tuple(merged.get(k) for k in keys)
            if None in key:
                continue
            clash = [e for e in self.registry[resource.name] if e is not entry and tuple(e.values.get(k) for k in keys) == key]
            if clash:
                raise AbsError(status, f"a {resource.name} with that {'/'.join(keys)} already exists")
        rule = self.rules.get(resource.name)
        if rule is not None:
            rule(caller, merged, entry)
        return owner

    def _socket_rule(self, caller: Caller, merged: dict[str, Any], entry: Entry | None) -> None:
        unit = self.registry["device"].get(merged["chargingUnitId"])
        assert unit is not None
        if unit["chargingStationId"] != merged["chargingStationId"] or unit["deviceType"] != "CHARGING_UNIT":
            raise AbsError(Status.INVALID_COMBINATION, "chargingUnitId must be a CHARGING_UNIT of the socket's charging station")

    def _device_rule(self, caller: Caller, merged: dict[str, Any], entry: Entry | None) -> None:
        controller = merged.get("controllerId")
        if controller and controller not in self.controller_ids:
            raise AbsError(Status.INVALID_PARAMETER, f"parameter 'controllerId': no controller {controller!r} in this world")
        if controller and merged["deviceType"] != "CHARGING_UNIT":
            raise AbsError(Status.INVALID_COMBINATION, "only a CHARGING_UNIT has a controllerId")
        taken = [e for e in self.registry["device"] if e is not entry and controller and e["controllerId"] == controller]
        if taken:
            raise AbsError(Status.INVALID_COMBINATION, f"controller {controller!r} is already device {taken[0].id}")

    def _notification_rule(self, caller: Caller, merged: dict[str, Any], entry: Entry | None) -> None:
        protocol, target = merged["protocol"], merged["target"]
        if protocol == "WEBHOOK":
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise AbsError(Status.INVALID_COMBINATION, "a WEBHOOK target must be an http(s) URL")
            if not merged.get("secret"):
                raise AbsError(Status.INVALID_COMBINATION, "a WEBHOOK rule needs a secret to sign its deliveries")
        if protocol == "EMAIL" and "@" not in target:
            raise AbsError(Status.INVALID_COMBINATION, "an EMAIL target must be an e-mail address")
        if protocol == "AMQP" and urlsplit(target).scheme not in ("amqp", "amqps"):
            raise AbsError(Status.INVALID_COMBINATION, "an AMQP target must be an amqp(s) URL")
        station_id, zone_id = merged.get("chargingStationId"), merged.get("zoneId")
        if station_id is not None and zone_id is not None:
            station = self.registry["chargingStation"].get(station_id)
            if station is not None and station["zoneId"] != zone_id:
                raise AbsError(Status.INVALID_COMBINATION, "the charging station is not in that zone")

    def _delete_blocker(self, resource: Resource, entry: Entry) -> AbsError | None:
        children = {
            "zone": ("chargingStation", "zoneId"),
            "chargingStation": ("device", "chargingStationId"),
            "device": ("socket", "chargingUnitId"),
            "account": ("evDriver", "accountId"),
        }
        if resource.name == "rfid" and entry["evDriverId"] is not None:
            return AbsError(Status.TOKEN_ASSIGNED, "the token is assigned to an EV driver")
        if resource.name in children:
            table, key = children[resource.name]
            if self.registry[table].where(**{key: entry.id}):
                return AbsError(Status.INVALID_COMBINATION, f"{resource.name} {entry.id} still has {table} entries")
        return None
