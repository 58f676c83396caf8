"""Stations: CPOs push them (station-post, connector-post-status), apps read them (station-get-*)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ....model.roaming.codes import Code, RoamingError
from ....model.roaming.formats import format_time
from ....model.roaming.stations import Station
from .registry import HubCall, hub_call

CONNECTOR_MODE = "Mode3"
STATION_FLAGS = ("is-green-power-available", "is-plugin-charge", "is-roofed", "is-reservable", "is-private", "is-free-charge")


def partner_identifier(fields: dict[str, Any]) -> str:
    """Beside ``station`` as in the example, or inside it as the field list indents it."""
    identifier = fields.get("partner-identifier", fields.get("station", {}).get("partner-identifier"))
    if identifier is None:
        raise RoamingError(Code.INVALID_FORMAT, "station-post needs a partner-identifier")
    return identifier


@hub_call("station-post")
async def station_post(call: HubCall) -> dict[str, Any]:
    hub = call.hub
    partner = hub.partner_for(call.request.key, partner_identifier(call.fields))
    station = dict(call.fields["station"])
    contact = dict(station["contact"])
    if "website" in contact:
        contact.setdefault("web", contact.pop("website"))
    station["contact"] = contact
    station.pop("partner-identifier", None)
    hub.stations.post(partner.identifier, partner.company_id, station, hub.now)
    return {}


@hub_call("connector-post-status")
async def connector_post_status(call: HubCall) -> dict[str, Any]:
    f = call.fields
    hub = call.hub
    partner = hub.partner_for(call.request.key, f["partner-identifier"])
    hub.stations.set_status(partner.identifier, f["connector-id"], f["status"], hub.now)
    return {}


def station_view(call: HubCall, station: Station) -> dict[str, Any]:
    hub, data = call.hub, station.data
    dynamic = station.last_dynamic_change()
    contact = data["contact"]
    return {
        "id": station.id,
        "address": dict(data["address"]),
        "contact": {name: contact.get(name) for name in ("email", "web", "phone", "fax")},
        "operator-company-id": station.company_id,
        "operator-logo": None,
        "floor-level": data.get("floor-level"),
        **{flag: bool(data.get(flag, False)) for flag in STATION_FLAGS},
        "last-static-change": hub.timestamp(station.last_static_change),
        "last-dynamic-change": None if dynamic is None else hub.timestamp(dynamic),
        "name": data["name"],
        "description": data.get("description"),
        "latitude": data["latitude"],
        "longitude": data["longitude"],
        "open-hour-notes": data.get("open-hour-notes"),
        "total-parking": data.get("total-parking", len(station.connectors)),
        "notes": data.get("notes"),
        "has-dynamic-info": dynamic is not None,
        "is-open-24": data["is-open-24"],
        "dynamic-status-summary": station.status_summary,
        "is-validated": True,
        "owner-company-id": station.company_id,
        "service-providers": None,
        "connectors": [
            {
                "id": c.id,
                "status": c.status,
                "last-change": hub.timestamp(c.last_change),
                "name": c.name,
                "speed": f"{c.speed_kw:g}kW",
                "mode": CONNECTOR_MODE,
                "external-id": c.evse_id,
                "prices": None,
            }
            for c in station.connectors
        ],
    }


def station_summary(call: HubCall, station: Station) -> dict[str, Any]:
    """The short form of a station that lists of stations (surface, recent stations) give."""
    return {
        "id": station.id,
        "name": station.data["name"],
        "latitude": station.data["latitude"],
        "longitude": station.data["longitude"],
        "dynamic-status-summary": station.status_summary,
        "owner-type": call.hub.company_type(station.company_id),
    }


def company_view(company: dict[str, Any]) -> dict[str, Any]:
    contact = company.get("contact", {})
    address = company.get("address", {})
    return {
        "id": company["id"],
        "name": company["name"],
        "contact": {name: contact.get(name) for name in ("email", "web", "phone", "fax")},
        "address": {name: address.get(name) for name in ("street", "street-number", "city", "zip", "country")},
        "description": company.get("description"),
        "type": company.get("type"),
    }


@hub_call("station-get-by-ids")
async def station_get_by_ids(call: HubCall) -> dict[str, Any]:
    hub = call.hub
    found = [s for s in (hub.stations.visible(int(i)) for i in dict.fromkeys(call.fields["station-ids"])) if s is not None]
    company_ids = {s.company_id for s in found if s.company_id is not None}
    companies = [company_view(hub.companies[c]) for c in sorted(company_ids) if c in hub.companies]
    return {"stations": [station_view(call, s) for s in found], "companies": companies}


@hub_call("station-get-surface")
async def station_get_surface(call: HubCall) -> dict[str, Any]:
    hub = call.hub
    types = {cid: hub.company_type(cid) for cid in hub.companies}
    found = hub.stations.surface(call.fields, call.fields.get("filters", {}), types)
    return {
        "stations": [
            {
                **station_summary(call, s),
                "last-static-change": hub.timestamp(s.last_static_change),
                "connector-statuses": {str(c.id): c.status for c in s.connectors},
            }
            for s in found
        ]
    }


@hub_call("station-get-usage")
async def station_get_usage(call: HubCall) -> dict[str, Any]:
    hub = call.hub
    station = hub.stations.visible(int(call.fields["station-id"]))
    if station is None:
        raise RoamingError(Code.EVSE_NOT_FOUND, f"no station {call.fields['station-id']}")
    starts = [c.start for c in hub.sessions.at_evses({c.evse_id for c in station.connectors})]
    now = hub.moment()
    return {
        "station-usage": {
            "last-7-days-usage-count": sum(1 for s in starts if now - s <= timedelta(days=7)),
            "last-30-days-usage-count": sum(1 for s in starts if now - s <= timedelta(days=30)),
            "last-station-usage-date": None if not starts else format_time(max(starts)),
        }
    }
