"""The fleet scenarios' power watch sees a site over its grid limit when nothing holds it there,
so 'the site load never exceeded its limit' can fail."""

from __future__ import annotations

from fixtures.fleet import BatchWorld, world_path
from simulator.model.backoffice.access import SYSTEM

SITE = "Market Square"


def test_the_watch_sees_the_peak_above_the_limit_once_the_smart_grid_is_off() -> None:
    world = BatchWorld(world_path("town"), None)
    site = world.world.fleet.sites[SITE]
    limit = site.config.grid_limit_kw
    world.world.backoffice.configure_smartgrid(SYSTEM, site.station_id, False, None)
    world.pass_days(1)
    peak = world.peaks()[SITE]
    curve = max(p["mean_kw"] for p in world.load() if p["site"] == SITE)
    assert peak.peak_kw > limit, f"{SITE} peaked at {peak.peak_kw:.1f} kW without its smart grid, its limit is {limit:g} kW"
    assert peak.peak_kw >= curve - 1e-9, "an instant's power is never below a 15-minute mean of it"


def test_with_the_smart_grid_the_same_day_stays_within_the_limit() -> None:
    world = BatchWorld(world_path("town"), None)
    world.pass_days(1)
    peak = world.peaks()[SITE]
    assert peak.peak_kw <= peak.limit_kw + 0.001, f"{SITE} peaked at {peak.peak_kw:.3f} kW, its limit is {peak.limit_kw:g} kW"
