"""What a fleet adds to a world: controllers, drivers with their cards and cars, and the
back-office and roaming entries that know them.

Every draw comes from one stream per site (``fleet:site:<name>``), so a site's drivers are
the same whether it runs alone (a shard) or with the whole fleet.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Callable

from .config import FleetConfig, SiteConfig

MAX_STATION_RANK = 64
"""The ABS numbers a station's sockets 1-64 (ABS-SURFACE.md); bigger sites wrap around."""
ROAMING_PASSWORD = "fleet-roaming-pw"


@dataclass(frozen=True)
class DriverIdentity:
    id: str
    site: str
    medium: str
    ev_model: str
    card: str | None
    """The RFID UID (whitelist, online and roaming cards); None for app and Autocharge drivers."""
    evccid: str | None
    """The EV's EVCCID for Autocharge."""
    roaming_user: str | None
    """The OIOI account (roaming card and app drivers)."""


@dataclass(frozen=True)
class SiteLayout:
    config: SiteConfig
    controller_ids: tuple[str, ...]
    drivers: tuple[DriverIdentity, ...]


@dataclass(frozen=True)
class FleetLayout:
    sites: tuple[SiteLayout, ...]

    @property
    def controller_ids(self) -> tuple[str, ...]:
        return tuple(cp for site in self.sites for cp in site.controller_ids)

    def backoffice_entries(self, fleet: FleetConfig, existing_users: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        """``[backoffice]`` entries, in the world file's own form ("@key" references)."""
        entries: dict[str, list[dict[str, Any]]] = {name: [] for name in ("user", "zone", "pricingPolicy", "chargingStation", "device", "socket", "evDriver", "rfid")}
        names = {u["username"] for u in existing_users}
        if fleet.host not in names:
            entries["user"].append({"username": fleet.host, "password": fleet.password, "roles": ["host", "hostAdmin"]})
        if not any("cs" in u.get("roles", []) for u in existing_users):
            entries["user"].append({"username": "fleet-cs", "password": "fleet-cs-pw", "roles": ["cs"]})
        entries["zone"].append({"key": "fleet:zone", "owner": fleet.host, "name": "Fleet"})
        entries["pricingPolicy"].append({
            "key": "fleet:tariff", "owner": fleet.host, "name": "Fleet tariff", "startingFee": fleet.starting_fee,
            "pricePerKwh": fleet.price_per_kwh, "pricePerHour": 0.0, "parkingPerHour": fleet.parking_per_hour,
            "currency": fleet.currency,
        })
        for site in self.sites:
            station = f"fleet:station:{site.config.name}"
            entries["chargingStation"].append({
                "key": station, "owner": fleet.host, "name": site.config.station[:100], "zoneId": "@fleet:zone",
                "pricingPolicyId": "@fleet:tariff",
            })
            power = "SINGLE_PHASE_32A_230V" if site.config.phases == 1 else "TRIPLE_PHASE_32A_230_400V"
            for rank, cp_id in enumerate(site.controller_ids):
                entries["device"].append({"key": f"fleet:unit:{cp_id}", "owner": fleet.host, "deviceType": "CHARGING_UNIT",
                                          "chargingStationId": f"@{station}", "controllerId": cp_id})
                entries["socket"].append({
                    "owner": fleet.host, "chargingStationId": f"@{station}", "chargingUnitId": f"@fleet:unit:{cp_id}",
                    "deviceRank": 1, "stationRank": rank % MAX_STATION_RANK + 1, "current": float(site.config.max_current_a),
                    "phases": site.config.phases, "powerType": power, "evseId": f"DE*CBF*E{cp_id.replace('-', '')}",
                })
            for driver in site.drivers:
                token = driver.card if driver.medium in ("whitelist", "online") else driver.evccid
                if token is None or driver.medium == "roaming":
                    continue
                entries["evDriver"].append({"key": f"fleet:driver:{driver.id}", "username": driver.id.lower(),
                                            "email": f"{driver.id.lower()}@fleet.example", "firstName": driver.id,
                                            "activated": True})
                entries["rfid"].append({"tokenString": token, "evDriverId": f"@fleet:driver:{driver.id}",
                                        "description": f"{driver.medium} of {driver.id}"})
        return entries

    def roaming_users(self) -> list[dict[str, Any]]:
        """OIOI accounts of roaming-card and app drivers, each able to pay."""
        return [
            {"username": d.roaming_user, "email": d.roaming_user, "password": ROAMING_PASSWORD, "payment": ["creditcard"],
             "keys": [d.card] if d.card else []}
            for site in self.sites for d in site.drivers if d.roaming_user is not None
        ]


def lay_out(fleet: FleetConfig, rng: Callable[[str], random.Random]) -> FleetLayout:
    taken: set[str] = set()
    return FleetLayout(tuple(_site(site, fleet, rng(f"fleet:site:{site.name}"), taken) for site in fleet.sites))


def _unique_hex(rng: random.Random, digits: int, taken: set[str]) -> str:
    while True:
        value = f"{rng.getrandbits(digits * 4):0{digits}X}"
        if value not in taken:
            taken.add(value)
            return value


def _site(site: SiteConfig, fleet: FleetConfig, rng: random.Random, taken: set[str]) -> SiteLayout:
    controllers = tuple(f"{site.slug}-{i:0{max(3, len(str(site.controllers)))}d}" for i in range(1, site.controllers + 1))
    media = [medium for medium, _ in site.drivers.auth]
    media_weights = [share for _, share in site.drivers.auth]
    models = [entry.model.name for entry in fleet.ev_mix]
    model_weights = [entry.share for entry in fleet.ev_mix]
    drivers = []
    for n in range(1, site.drivers.count + 1):
        medium = rng.choices(media, media_weights)[0]
        model = rng.choices(models, model_weights)[0]
        driver_id = f"{site.slug}-D{n:05d}"
        card = _unique_hex(rng, 14, taken) if medium in ("whitelist", "online", "roaming") else None
        evccid = _unique_hex(rng, 12, taken) if medium == "autocharge" else None
        roaming_user = f"{driver_id.lower()}@roaming.example" if medium in ("roaming", "app") else None
        drivers.append(DriverIdentity(driver_id, site.name, medium, model, card, evccid, roaming_user))
    return SiteLayout(site, controllers, tuple(drivers))


DEFAULT_ROAMING: dict[str, Any] = {
    "keys": [
        {"key": "fleet-app-key-0001-chargebench", "role": "emp", "partners": ["chargebench-fleet-app"]},
        {"key": "fleet-cpo-key-0001-chargebench", "role": "cpo", "partners": ["chargebench-fleet-cpo"]},
    ],
    "partners": [
        {"identifier": "chargebench-fleet-app", "name": "Fleet App"},
        {"identifier": "chargebench-fleet-cpo", "name": "Fleet CPO", "company-id": 1, "endpoint": "self", "key": "hub-key-at-fleet-cpo-0001"},
    ],
    "companies": [{"id": 1, "name": "Fleet Charging", "type": "parking", "images": []}],
    "cpo": {
        "partner": "chargebench-fleet-cpo", "key": "fleet-cpo-key-0001-chargebench", "inbound-key": "hub-key-at-fleet-cpo-0001",
        "hub-partner": "chargebench-oioi-hub-0001", "hub": "self", "cpo-id": "DE*CBF", "station-id": "fleet", "name": "Fleet",
    },
}
"""The roaming a fleet gets when its world has no CPO: an app maker's key and the fleet's CPO on the hub."""


IDENTITY = ("identifier", "key", "id")
"""What names a default roaming entry: a partner's identifier, a key's key, a company's id."""


def _not_listed(listed: list[dict[str, Any]], defaults: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The default entries the world does not list itself (its own, e.g. the fleet CPO's partner
    with the endpoint of a load run's CPO, wins)."""
    names = {(field, entry[field]) for entry in listed for field in IDENTITY if field in entry}
    return [entry for entry in defaults if not any((field, entry.get(field)) in names for field in IDENTITY if field in entry)]


def fleet_roaming(roaming: dict[str, Any], layout: FleetLayout) -> dict[str, Any]:
    """The world's ``[roaming]`` with the fleet's drivers' accounts it does not list already
    (a shard's lists the whole fleet's, so the hub numbers them as the whole world's does), and
    a CPO if it has none, with the default entries the world does not list itself."""
    listed = {user["username"] for user in roaming.get("users", [])}
    users = [user for user in layout.roaming_users() if user["username"] not in listed]
    needs_cpo = any(site.config.roaming for site in layout.sites)
    if not users and not needs_cpo:
        return roaming
    merged = dict(roaming)
    if "cpo" not in merged:
        for name, value in DEFAULT_ROAMING.items():
            merged[name] = [*merged.get(name, []), *_not_listed(merged.get(name, []), value)] if isinstance(value, list) else value
    merged["users"] = [*merged.get("users", []), *users]
    return merged
