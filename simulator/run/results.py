"""What a fleet run produced, as tables a person or a script reads: one row per session,
15-minute load per site, and the KPIs of the whole run.

Each session row joins what the three sides recorded: the fleet (arrival, departure,
medium), the controller (transaction, energy), the back office (session, price) and the
roaming hub (the CDR's id).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.world import World

SESSION_COLUMNS = (
    "site", "controller", "driver", "ev", "medium", "outcome", "arrival", "plug_in", "charging_start", "charging_stop",
    "departure", "needed_wh", "energy_wh", "transaction", "abs_session", "abs_status", "price", "currency", "cdr_id",
)
LOAD_COLUMNS = ("site", "interval_end", "mean_kw", "limit_kw")


@dataclass
class Results:
    sessions: list[dict[str, Any]]
    load: list[dict[str, Any]]
    summary: dict[str, Any]


def collect(world: World, days: float) -> Results:
    fleet = world.fleet
    if fleet is None:
        raise ValueError("this world has no [fleet]: nothing to run")
    iso = world.calendar.isoformat
    abs_sessions = {(s["controllerId"], s["transactionId"]): s for s in world.backoffice.charging.sessions if s["transactionId"] is not None}
    operator = world.roaming.operator
    hub = world.roaming.hub
    cdrs = {} if operator is None else {
        (r.cp_id, r.transaction_id): r.session_id for r in operator.sessions.values() if r.session_id in hub.sessions.cdrs
    }
    rows = []
    for visit in fleet.visits:
        session = abs_sessions.get((visit.controller, visit.transaction)) if visit.transaction is not None else None
        rows.append({
            "site": visit.site, "controller": visit.controller, "driver": visit.driver, "ev": visit.ev, "medium": visit.medium,
            "outcome": visit.outcome, "arrival": iso(visit.arrival),
            "plug_in": None if visit.plugged is None else iso(visit.plugged),
            "charging_start": None if visit.charging_start is None else iso(visit.charging_start),
            "charging_stop": None if visit.charging_stop is None else iso(visit.charging_stop),
            "departure": None if visit.departure is None else iso(visit.departure),
            "needed_wh": visit.needed_wh, "energy_wh": visit.energy_wh, "transaction": visit.transaction,
            "abs_session": None if session is None else session.id,
            "abs_status": None if session is None else session["status"],
            "price": None if session is None else session["totalPrice"],
            "currency": None if session is None else session["currency"],
            "cdr_id": cdrs.get((visit.controller, visit.transaction)),
        })
    load = [
        {"site": name, "interval_end": iso(point.end), "mean_kw": round(point.kw, 3), "limit_kw": site.config.grid_limit_kw}
        for name, site in fleet.sites.items() for point in site.load
    ]
    return Results(rows, load, _summary(world, days))


def _summary(world: World, days: float) -> dict[str, Any]:
    fleet = world.fleet
    assert fleet is not None
    sites = {}
    for name, site in fleet.sites.items():
        visits = [v for v in fleet.visits if v.site == name]
        sites[name] = _kpis(visits, len(site.controllers), days) | {
            "kind": site.config.kind,
            "controllers": len(site.controllers),
            "grid_limit_kw": site.config.grid_limit_kw,
            "peak_kw": round(max((p.kw for p in site.load), default=0.0), 3),
        }
    controllers = sum(len(site.controllers) for site in fleet.sites.values())
    return {
        "seed": world.config.seed,
        "days": days,
        "start": world.calendar.isoformat(0.0),
        "end": world.calendar.isoformat(float(world.env.now)),
        **_kpis(fleet.visits, controllers, days),
        "sites": sites,
    }


def _kpis(visits: list[Any], controllers: int, days: float) -> dict[str, Any]:
    """Sessions, served and turned-away drivers, energy, utilisation, idle share of connected time."""
    ended = [v for v in visits if v.departure is not None]
    served = [v for v in ended if v.outcome == "served"]
    connected = sum(v.departure - v.plugged for v in ended if v.plugged is not None)
    charging = sum((v.charging_stop or v.departure) - v.charging_start for v in ended if v.charging_start is not None)
    energy = sum(v.energy_wh or 0 for v in served)
    arrivals = len(visits)
    turned_away = sum(1 for v in visits if v.outcome == "turned_away")
    return {
        "arrivals": arrivals,
        "sessions": len(served),
        "served_share": round(len(served) / arrivals, 4) if arrivals else None,
        "turned_away": turned_away,
        "refused": sum(1 for v in visits if v.outcome == "refused"),
        "energy_kwh": round(energy / 1000.0, 3),
        "energy_per_session_kwh": round(energy / 1000.0 / len(served), 3) if served else None,
        "utilisation": round(connected / (controllers * days * 86_400.0), 4) if controllers and days else None,
        "idle_share": round(1.0 - charging / connected, 4) if connected else None,
    }
