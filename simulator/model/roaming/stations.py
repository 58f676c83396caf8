"""Charging stations as CPO partners push them (station-post, connector-post-status).

The hub numbers stations and connectors with its own integer ids, the ones the
OEM-side calls (station-get-*) use; the CPO's EVSE IDs stay the connectors'
``external-id``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .codes import Code, RoamingError

SURFACE_LIMIT = 100
"""The spec caps the stations one station-get-surface returns; this is the cap."""


@dataclass
class Connector:
    id: int
    evse_id: str
    name: str
    speed_kw: float
    status: str = "Unknown"
    last_change: float = 0.0


@dataclass
class Station:
    id: int
    external_id: str
    partner: str
    company_id: int | None
    data: dict[str, Any]
    connectors: list[Connector]
    last_static_change: float
    deleted: bool = False
    usage: list[float] = field(default_factory=list)

    @property
    def status_summary(self) -> str | None:
        statuses = {c.status for c in self.connectors}
        for status in ("Available", "Occupied", "Offline"):
            if status in statuses:
                return status
        return None

    def last_dynamic_change(self) -> float | None:
        return max((c.last_change for c in self.connectors if c.status != "Unknown"), default=None)


def _connector_shape(connectors: list[dict[str, Any]]) -> list[tuple[str, str, float]]:
    return sorted((c["id"], c["name"], float(c["speed"])) for c in connectors)


class StationRegistry:
    def __init__(self, first_station_id: int = 1001, first_connector_id: int = 10001) -> None:
        self.stations: dict[int, Station] = {}
        self._by_external: dict[str, Station] = {}
        self._by_evse: dict[str, Connector] = {}
        """Each EVSE ID is one connector of one station (:meth:`post` refuses anything else)."""
        self._evse_station: dict[str, Station] = {}
        self._next_station = first_station_id
        self._next_connector = first_connector_id

    def post(self, partner: str, company_id: int | None, station: dict[str, Any], now: float) -> Station:
        """station-post: a new station, or new static data for one of this partner's stations."""
        external = station["id"]
        existing = self._by_external.get(external)
        if existing is not None and existing.partner != partner:
            raise RoamingError(Code.INVALID_PARTNER, f"station {external!r} belongs to another partner")
        for connector in station["connectors"]:
            owner = self._evse_station.get(connector["id"])
            if owner is not None and owner is not existing:
                raise RoamingError(Code.INVALID_FORMAT, f"EVSE ID {connector['id']!r} belongs to another station")
        if len({c["id"] for c in station["connectors"]}) != len(station["connectors"]):
            raise RoamingError(Code.INVALID_FORMAT, "a station lists one EVSE ID twice")
        if existing is not None:
            old = [(c.evse_id, c.name, c.speed_kw) for c in existing.connectors]
            if sorted(old) != _connector_shape(station["connectors"]):
                raise RoamingError(Code.INVALID_FORMAT, "the connectors of an existing station cannot change")
            existing.data = station
            existing.deleted = bool(station["deleted"])
            existing.last_static_change = now
            return existing
        connectors = []
        for wire in station["connectors"]:
            connectors.append(Connector(self._next_connector, wire["id"], wire["name"], float(wire["speed"])))
            self._next_connector += 1
        created = Station(self._next_station, external, partner, company_id, station, connectors, now, bool(station["deleted"]))
        self._next_station += 1
        self.stations[created.id] = created
        self._by_external[external] = created
        for connector in connectors:
            self._by_evse[connector.evse_id] = connector
            self._evse_station[connector.evse_id] = created
        return created

    def visible(self, station_id: int) -> Station | None:
        station = self.stations.get(station_id)
        return None if station is None or station.deleted else station

    def station_of(self, evse_id: str) -> Station | None:
        station = self._evse_station.get(evse_id)
        return None if station is None or station.deleted else station

    def connector(self, evse_id: str) -> Connector | None:
        """The connector with this EVSE ID, if its station is visible."""
        return None if self.station_of(evse_id) is None else self._by_evse[evse_id]

    def set_status(self, partner: str, evse_id: str, status: str, now: float) -> None:
        """connector-post-status: only for EVSEs of stations the same partner pushed."""
        station = self.station_of(evse_id)
        if station is None or station.partner != partner:
            raise RoamingError(Code.EVSE_NOT_FOUND, f"no EVSE {evse_id!r} of this partner")
        connector = self._by_evse[evse_id]
        connector.status, connector.last_change = status, now

    def surface(self, box: dict[str, float], filters: dict[str, Any], company_types_of: dict[int, str | None]) -> list[Station]:
        """Stations in the box that pass every given filter, at most :data:`SURFACE_LIMIT`.

        ``payable`` filters nothing: every simulated station is payable by app and by
        charging key (docs/oioi.md, decision 4)."""
        excluded = set(filters.get("excludes", ()))
        types = set(filters.get("connector-types", ()))
        company_types = set(filters.get("company-types", ()))
        operators = set(filters.get("operator-ids", ()))
        faster, slower = filters.get("connector-speeds-greater"), filters.get("connector-speeds-less")
        found: list[Station] = []
        for station in self.stations.values():
            data = station.data
            if station.deleted or station.id in excluded:
                continue
            if not (box["min-lat"] <= data["latitude"] <= box["max-lat"] and box["min-long"] <= data["longitude"] <= box["max-long"]):
                continue
            connectors = [
                c for c in station.connectors
                if (not types or c.name in types)
                and (faster is None or c.speed_kw > faster)
                and (slower is None or c.speed_kw < slower)
            ]
            if not connectors:
                continue
            if operators and station.company_id not in operators:
                continue
            if company_types and company_types_of.get(station.company_id or -1) not in company_types:
                continue
            found.append(station)
            if len(found) == SURFACE_LIMIT:
                break
        return found
