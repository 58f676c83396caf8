"""Create, read, update and delete for every catalogue resource, with its conflict rules.

Every check runs before anything is written, so a refused request changes nothing.
"""

from __future__ import annotations

from typing import Any, Callable
from urllib.parse import urlsplit

from .access import SYSTEM, TENANT_OWNED, Access
from .catalogue import MAX_VEHICLES, RESOURCES, Resource
from .fields import Kind
from .registry import Entry, Registry
from .status import AbsError, Status

Rule = Callable[[dict[str, Any], Entry | None], None]
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

    def create(self, access: Access, resource: Resource, values: dict[str, Any]) -> Entry:
        if not resource.creatable or not access.allowed:
            raise AbsError(Status.AUTHENTICATION_FAILED, f"these credentials may not create a {resource.name}")
        merged = {f.name: f.default for f in resource.fields if not f.write_only} | values
        owner = self._check(access, resource, merged, None)
        if resource.name == "vehicle" and len(self.registry["vehicle"]) >= MAX_VEHICLES:
            raise AbsError(Status.TOO_MANY_VEHICLES, f"at most {MAX_VEHICLES} vehicles")
        if resource.name == "user":
            merged["password"] = self.hash_password(merged["username"], merged["password"])
        extra: dict[str, Any] = {"roles": set()} if resource.name == "user" else {}
        if resource.name == "evDriver":
            extra["activated"] = False
        return self.registry[resource.name].add(owner, merged, **extra)

    def update(self, access: Access, resource: Resource, entry_id: int, values: dict[str, Any]) -> Entry:
        entry = self.registry.visible(access, resource, entry_id)
        merged = entry.values | values
        self._check(access, resource, merged, entry)
        if resource.name == "user" and "password" in values:
            merged["password"] = self.hash_password(merged["username"], values["password"])
        self.registry[resource.name].replace(entry, merged)
        return entry

    def delete(self, access: Access, resource: Resource, entry_id: int) -> Entry:
        entry = self.registry.visible(access, resource, entry_id)
        blocker = self._delete_blocker(resource, entry)
        if blocker is not None:
            raise blocker
        self.registry[resource.name].remove(entry_id)
        return entry

    def get(self, access: Access, resource: Resource, entry_id: int) -> Entry:
        return self.registry.visible(access, resource, entry_id)

    def listing(self, access: Access, resource: Resource, own: bool = False, **filters: Any) -> list[Entry]:
        return [
            e for e in self.registry[resource.name].where(**filters)
            if access.sees(e.owner) and (not own or e.owner == access.username)
        ]

    # -- checks ------------------------------------------------------------------

    def _check(self, access: Access, resource: Resource, merged: dict[str, Any], entry: Entry | None) -> str:
        """Refs visible, unique keys free, the resource's own rule; returns the owner: the
        entry's, else its parent's (an entry belongs to the tenant of what it is created
        under), else the caller's."""
        owner = entry.owner if entry is not None else None
        for f in resource.fields:
            if f.kind is Kind.ID and f.ref and merged.get(f.name) is not None:
                parent = self.registry.visible(access, RESOURCES[f.ref], merged[f.name])
                owner = owner or parent.owner
            if f.kind is Kind.ID_LIST and f.ref:
                for ref_id in merged.get(f.name) or ():
                    self.registry.visible(SYSTEM, RESOURCES[f.ref], ref_id)
        owner = owner or access.username
        for keys, status in resource.unique:
            key = tuple(merged.get(k) for k in keys)
            if None in key:
                continue
            if any(e is not entry for e in self._namesakes(resource, owner, dict(zip(keys, key)))):
                raise AbsError(status, f"a {resource.name} with that {'/'.join(keys)} already exists")
        rule = self.rules.get(resource.name)
        if rule is not None:
            rule(merged, entry)
        return owner

    def _namesakes(self, resource: Resource, owner: str, key: dict[str, Any]) -> list[Entry]:
        """The entries with these key values that a new entry must not repeat: the tenant's own
        for tenant-owned resources (another tenant's names neither clash nor show), every
        entry otherwise."""
        found = self.registry[resource.name].where(**key)
        return [e for e in found if e.owner == owner] if resource.name in TENANT_OWNED else found

    def _socket_rule(self, merged: dict[str, Any], entry: Entry | None) -> None:
        unit = self.registry["device"].get(merged["chargingUnitId"])
        assert unit is not None
        if unit["chargingStationId"] != merged["chargingStationId"] or unit["deviceType"] != "CHARGING_UNIT":
            raise AbsError(Status.INVALID_COMBINATION, "chargingUnitId must be a CHARGING_UNIT of the socket's charging station")

    def _device_rule(self, merged: dict[str, Any], entry: Entry | None) -> None:
        controller = merged.get("controllerId")
        if controller and controller not in self.controller_ids:
            raise AbsError(Status.INVALID_PARAMETER, f"parameter 'controllerId': no controller {controller!r} in this world")
        if controller and merged["deviceType"] != "CHARGING_UNIT":
            raise AbsError(Status.INVALID_COMBINATION, "only a CHARGING_UNIT has a controllerId")
        taken = [e for e in self.registry["device"].where(controllerId=controller) if e is not entry] if controller else []
        if taken:
            raise AbsError(Status.INVALID_COMBINATION, f"controller {controller!r} is already a charging unit")

    def _notification_rule(self, merged: dict[str, Any], entry: Entry | None) -> None:
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
