"""The fleet model: one seed, one set of sessions; a driver's energy need met to the Wh;
a site's sessions independent of the other sites; the grid limit held."""

from __future__ import annotations

import asyncio
from typing import Any

from simulator.clock import ClockMode
from simulator.model.world import WorldConfig
from simulator.run.batch import simulate
from simulator.run.results import Results
from simulator.runtime import Simulation

SITES = {
    "work": {"name": "Work", "kind": "workplace", "controllers": 6, "grid_limit_kw": 30, "drivers": {"count": 9}},
    "town": {"name": "Town", "kind": "public", "controllers": 4, "phases": 1,
             "drivers": {"count": 14, "auth": {"whitelist": 1, "online": 1, "roaming": 1, "app": 1, "autocharge": 1}}},
}


def run(sites: list[str], seed: int = 5, days: float = 4.0) -> Results:
    data: dict[str, Any] = {"seed": seed, "epoch": "2026-01-05T00:00:00Z", "fleet": {"sites": [SITES[s] for s in sites]}}
    sim = Simulation(WorldConfig.from_dict(data), mode=ClockMode.VIRTUAL)
    return asyncio.run(simulate(sim, days))


def test_the_same_seed_gives_the_same_sessions_and_another_seed_others() -> None:
    first, again, other = run(["work", "town"]), run(["work", "town"]), run(["work", "town"], seed=6)
    assert first.sessions == again.sessions and first.load == again.load
    assert len(first.sessions) > 30
    assert other.sessions != first.sessions


def test_every_medium_reaches_a_priced_session_and_roaming_ones_a_cdr() -> None:
    rows = run(["work", "town"], days=8.0).sessions
    served = [r for r in rows if r["outcome"] == "served"]
    media = {r["medium"] for r in served if r["site"] == "Town"}
    assert media == {"whitelist", "online", "roaming", "app", "autocharge"}, media
    assert all(r["abs_status"] == "FINISHED" and r["price"] is not None for r in served)
    roaming = [r for r in served if r["medium"] in ("roaming", "app")]
    assert roaming and all(r["cdr_id"] for r in roaming)
    assert not any(r["cdr_id"] for r in served if r["medium"] not in ("roaming", "app"))


def test_a_driver_who_leaves_after_charging_stopped_got_the_energy_needed() -> None:
    rows = [r for r in run(["town"]).sessions if r["outcome"] == "served"]
    full = [r for r in rows if r["charging_stop"] and r["charging_stop"] < r["departure"]]
    assert len(full) >= 5
    for row in full:
        assert abs(row["energy_wh"] - row["needed_wh"]) <= 1.0, row


def test_a_sites_sessions_do_not_depend_on_the_other_sites() -> None:
    together = [r for r in run(["work", "town"]).sessions if r["site"] == "Town"]
    alone = run(["town"]).sessions
    strip = ("abs_session", "cdr_id")
    assert [{k: v for k, v in r.items() if k not in strip} for r in together] == \
           [{k: v for k, v in r.items() if k not in strip} for r in alone]


def test_the_site_load_never_exceeds_its_grid_limit() -> None:
    results = run(["work"], days=3.0)
    work = [p["mean_kw"] for p in results.load if p["site"] == "Work"]
    assert max(work) <= 30.0 + 1e-6
    assert max(work) > 15.0, "the limit was never approached: the test would not notice an overload"


def test_a_site_bigger_than_a_hub_station_is_pushed_as_several_and_app_starts_work_everywhere() -> None:
    """The hub takes at most 64 connectors per station-post: a 70-charger site is two stations,
    and a driver's app finds every EVSE (before, the one big station-post was refused, and
    every app start at the site failed)."""
    site = {"name": "Big", "kind": "public", "controllers": 70, "drivers": {"count": 300, "auth": {"app": 1}}}
    sim = Simulation(WorldConfig.from_dict({"seed": 3, "epoch": "2026-01-05T00:00:00Z", "fleet": {"sites": [site]}}),
                     mode=ClockMode.VIRTUAL)
    rows = asyncio.run(simulate(sim, 1.0)).sessions
    stations = sim.world.roaming.hub.stations.stations.values()
    assert sorted(len(s.connectors) for s in stations) == [6, 64]
    plugged = [r for r in rows if r["plug_in"] is not None]
    assert len({r["controller"] for r in plugged}) > 64
    assert plugged and not [r for r in plugged if r["outcome"] == "refused"]
