"""``chargebench run --shards N``: the fleet split by site over Ray actors gives the unsharded
run's sessions, load and KPIs (ids the back office and hub hand out aside)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from typing import Any

import pytest

from simulator.clock import ClockMode
from simulator.model.world import WorldConfig
from simulator.run.batch import simulate
from simulator.run.shards import partition, run_sharded, split
from simulator.runtime import Simulation
from tests.ray_support import ray_local  # noqa: F401 (a fixture)

SITES = [
    {"name": "Work", "kind": "workplace", "controllers": 6, "grid_limit_kw": 30, "drivers": {"count": 9}},
    {"name": "Town", "kind": "public", "controllers": 4, "phases": 1,
     "drivers": {"count": 14, "auth": {"whitelist": 1, "online": 1, "roaming": 1, "app": 1, "autocharge": 1}}},
    {"name": "Home", "kind": "home", "controllers": 5, "phases": 1, "drivers": {"count": 8}},
]
WORLD: dict[str, Any] = {"seed": 5, "epoch": "2026-01-05T00:00:00Z", "fleet": {"sites": SITES}}
IDS = ("abs_session",)
"""Each shard's back office numbers its own sessions; a roaming session's id (the CDR's) is drawn per controller, the same in every shard."""


def without_ids(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k not in IDS} for row in rows]


def test_two_shards_give_the_unsharded_sessions_load_and_kpis(ray_local: Any) -> None:
    days = 4.0
    alone = asyncio.run(simulate(Simulation(WorldConfig.from_dict(WORLD), mode=ClockMode.VIRTUAL), days))
    ticks: list[tuple[float, int]] = []
    sharded = run_sharded(WORLD, None, days, 2, tick=lambda now, arrivals: ticks.append((now, arrivals)))
    assert len({row["site"] for row in alone.sessions}) == 3 and len(alone.sessions) > 50
    assert without_ids(sharded.sessions) == without_ids(alone.sessions)
    assert sharded.load == alone.load
    assert sharded.summary == alone.summary
    served = [row for row in sharded.sessions if row["outcome"] == "served"]
    assert all(row["abs_session"] is not None for row in served), "a shard's back office lost a session"
    assert ticks[-1] == (days * 86_400.0, len(alone.sessions))


def test_a_shard_holds_whole_sites_balanced_by_their_work() -> None:
    groups = partition(SITES, 2)
    assert sorted(i for group in groups for i in group) == [0, 1, 2]
    assert all(groups), groups
    parts = split({**WORLD, "controllers": [{"id": "CP-1"}]}, 2)
    assert [[s["name"] for s in part["fleet"]["sites"]] for part in parts] == [[SITES[i]["name"] for i in g] for g in groups]
    assert [("controllers" in part) for part in parts] == [True, False], "the world's own controllers belong to one shard"


def test_shards_of_a_fleet_are_the_whole_fleet_on_one_hub() -> None:
    """Two roaming sites in two shards: each site is the same station with the same EVSEs, each
    roaming session gets the same id (its CDR's), and each driver's account the same EVCO ID as
    in the whole world, so shards pointed at one external hub never collide there (before, both
    shards pushed their site as station "fleet" and drew session ids from one seeded stream)."""
    app = {"count": 30, "visits_per_weekday": 1.0, "dwell_hours_mean": 1.0, "auth": {"roaming": 1, "app": 1}}
    world = {"seed": 7, "epoch": "2026-01-05T00:00:00Z",
             "fleet": {"sites": [{"name": name, "kind": "public", "controllers": 5, "drivers": app} for name in ("East", "West")]}}

    def run(data: dict[str, Any]) -> tuple[Simulation, list[dict[str, Any]]]:
        sim = Simulation(WorldConfig.from_dict(data), mode=ClockMode.VIRTUAL)
        return sim, asyncio.run(simulate(sim, 1.0)).sessions

    def stations(sim: Simulation) -> dict[str, list[str]]:
        return {s.external_id: [c.evse_id for c in s.connectors] for s in sim.world.roaming.hub.stations.stations.values()}

    def evco_ids(sim: Simulation) -> dict[str, str]:
        return {user.username: user.evco_id for user in sim.world.roaming.hub.directory.users}

    whole, rows = run(world)
    parts = [run(part) for part in split(world, 2)]
    assert [len(stations(sim)) for sim, _ in parts] == [1, 1]
    assert stations(parts[0][0]) | stations(parts[1][0]) == stations(whole)
    assert evco_ids(parts[0][0]) == evco_ids(parts[1][0]) == evco_ids(whole)
    cdrs = {(r["controller"], r["transaction"]): r["cdr_id"] for r in rows if r["cdr_id"] is not None}
    sharded = [(r["controller"], r["transaction"], r["cdr_id"]) for _, part_rows in parts for r in part_rows if r["cdr_id"] is not None]
    assert {cp.split("-")[0] for cp, _ in cdrs} == {"EAST", "WEST"} and len(cdrs) >= 10, f"too few roaming sessions: {cdrs}"
    assert {(cp, tx): cdr for cp, tx, cdr in sharded} == cdrs
    assert len({cdr for _, _, cdr in sharded}) == len(sharded)


def test_more_shards_than_sites_or_no_fleet_is_refused() -> None:
    with pytest.raises(ValueError, match="3 site"):
        split(WORLD, 4)
    with pytest.raises(ValueError, match=r"no \[fleet\]"):
        split({"seed": 1}, 2)


def chargebench(*args: str, prelude: str = "") -> subprocess.CompletedProcess[str]:
    code = f"import sys; {prelude}from simulator.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)


def test_run_shards_without_ray_names_the_extra_in_one_line() -> None:
    done = chargebench("run", "--world", "city-5000", "--days", "1", "--shards", "2", prelude="sys.modules['ray'] = None; ")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["chargebench: --shards needs Ray, the optional extra 'scale': pip install 'chargebench[scale]'"]


@pytest.mark.parametrize("args, message", [
    (("--shards", "2"), "--shards 2: the fleet has 1 site(s) and a shard runs whole sites"),
    (("--shards", "0"), "argument --shards: '0' must be 1 or more"),
    (("--ray-address", "ray://head:10001"), "--ray-address needs --shards N"),
])
def test_run_shards_bad_values_get_one_line(args: tuple[str, ...], message: str) -> None:
    done = chargebench("run", "--world", "caltech-like", "--days", "1", *args)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], done.stderr
