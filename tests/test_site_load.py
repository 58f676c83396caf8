"""A site's load curve is made from the charge curves the meters close, not by a timer: each
15-minute mean must equal what the site's meters read at the interval's two ends."""

from __future__ import annotations

import pytest

from simulator.clock import ClockMode, SimClock
from simulator.model.fleet.site import LOAD_INTERVAL_S, LoadPoint
from simulator.model.world import World, WorldConfig

WORLD = {
    "seed": 11, "epoch": "2026-01-05T00:00:00Z",
    "fleet": {"sites": [
        {"name": "Depot", "kind": "depot", "controllers": 5, "drivers": {"count": 12}},
        {"name": "Town", "kind": "public", "controllers": 3, "phases": 1, "drivers": {"count": 10}},
    ]},
}


def test_each_interval_holds_what_the_meters_read_at_its_ends() -> None:
    config = WorldConfig.from_dict(WORLD)
    clock = SimClock(ClockMode.VIRTUAL, epoch=config.epoch)
    world = World(config, clock.env, clock)
    assert world.fleet is not None
    sites = world.fleet.sites.values()
    read = {site.config.name: [sum(c.meter.read_wh() for c in site.controllers)] for site in sites}
    charged = 0
    for _ in range(3 * 96):
        clock.advance(LOAD_INTERVAL_S / 3)  # mid-interval: a running curve counts only for ended intervals
        for site in sites:
            check(site.load, read[site.config.name])
        clock.advance(2 * LOAD_INTERVAL_S / 3)
        for site in sites:
            read[site.config.name].append(sum(c.meter.read_wh() for c in site.controllers))
            charged += any(c.meter.running for c in site.controllers)
    assert charged > 50, "too few intervals ended while charging to test anything"


def check(load: list[LoadPoint], meter_wh: list[float]) -> None:
    expected = [(after - before) / LOAD_INTERVAL_S * 3.6 for before, after in zip(meter_wh, meter_wh[1:])]
    assert [p.end for p in load] == [LOAD_INTERVAL_S * (k + 1) for k in range(len(expected))]
    assert [p.kw for p in load] == pytest.approx(expected, abs=1e-6)
