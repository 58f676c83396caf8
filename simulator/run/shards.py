"""``chargebench run --shards N``: a fleet split by site over N Ray actors, merged into one result.

Sites never interact inside chargebench except through the back office and the hub, and
every draw of a site comes from its own seeded streams, so each shard (the world file with
only its sites, its own back office and hub) produces exactly the sessions and load of its
sites in the unsharded run; only the ids the back office and the hub hand out (ABS session,
CDR) differ. The merge puts the sessions back in arrival order and the sites in the world
file's order, and computes the fleet's KPIs from all visits, so the merged result equals the
unsharded one, ids aside.

Ray is the optional extra ``scale``; only this module (and the load test's) imports it, and
only when a sharded run starts. ``ray.init()`` starts a local Ray; ``--ray-address`` joins a
cluster with the same code (each node needs chargebench[scale] of the same version).
"""

from __future__ import annotations

import copy
import os
import time
from dataclasses import dataclass
from typing import Any, Callable, NamedTuple

from ..clock import ClockMode
from ..heap import settle_heap
from ..model.fleet.catalogue import KIND_DEFAULTS
from ..model.fleet.drivers import Visit
from ..model.fleet.layout import fleet_roaming
from ..model.world import WorldConfig
from ..runtime import Simulation
from .batch import BATCH_TRACE, InProcessRun
from .results import LOAD_COLUMNS, SESSION_COLUMNS, Results, _kpis as kpis, collect

STEP_S = 86_400.0
"""Each shard is asked to advance a model day at a time, so progress can be shown."""
EXTRA = "pip install 'chargebench[scale]'"


class ShardingUnavailable(Exception):
    """Ray is missing or cannot start: the message says what to do."""


def ray_module() -> Any:
    """Ray, or a one-line error naming the extra that brings it."""
    try:
        import ray
    except ImportError:
        raise ShardingUnavailable(f"--shards needs Ray, the optional extra 'scale': {EXTRA}") from None
    return ray


def site_weight(site: dict[str, Any]) -> float:
    """Expected weekday visits plus the controllers (each meters and reports): the work a site gives."""
    drivers = site.get("drivers", {})
    rate = drivers.get("visits_per_weekday", KIND_DEFAULTS[site["kind"]].visits_per_weekday)
    return drivers.get("count", 0) * rate + site["controllers"]


def partition(sites: list[dict[str, Any]], shards: int) -> list[list[int]]:
    """Site indexes per shard, heaviest site first onto the lightest shard (balanced work);
    each shard keeps its sites in the world file's order."""
    if not 1 <= shards <= len(sites):
        raise ValueError(f"--shards {shards}: the fleet has {len(sites)} site(s) and a shard runs whole sites")
    loads = [0.0] * shards
    groups: list[list[int]] = [[] for _ in range(shards)]
    for index in sorted(range(len(sites)), key=lambda i: (-site_weight(sites[i]), i)):
        lightest = min(range(shards), key=lambda s: (loads[s], s))
        loads[lightest] += site_weight(sites[index])
        groups[lightest].append(index)
    return [sorted(group) for group in groups]


def split(data: dict[str, Any], shards: int, seed: int | None = None) -> list[dict[str, Any]]:
    """The world file's dict once per shard, with only that shard's fleet sites; the world's own
    ``[[controllers]]`` (no fleet drives them) stay with the first shard. Every shard's hub holds
    the whole fleet's roaming accounts, in the whole world's order, so an account has the same
    EVCO ID in every shard as in the whole world (and at a hub serving the whole world)."""
    if "fleet" not in data:
        raise ValueError("the world has no [fleet] section: nothing drives it (see docs/fleet.md)")
    sites = data["fleet"].get("sites", [])
    groups = partition(sites, shards)
    whole = WorldConfig.from_dict(data, seed).layout
    assert whole is not None
    roaming = fleet_roaming(data.get("roaming", {}), whole)
    parts = []
    for number, group in enumerate(groups):
        part = copy.deepcopy({k: v for k, v in data.items() if k != "fleet"})
        part["roaming"] = copy.deepcopy(roaming)
        part["fleet"] = {**copy.deepcopy(data["fleet"]), "sites": [copy.deepcopy(sites[i]) for i in group]}
        if number > 0:
            part.pop("controllers", None)
        parts.append(part)
    return parts


class VisitFigures(NamedTuple):
    """What the merge reads of a visit (its order, the fleet's KPIs): shipped instead of the
    whole :class:`Visit`, a third of the bytes."""

    arrival: float
    outcome: str
    plugged: float | None
    departure: float | None
    charging_start: float | None
    charging_stop: float | None
    energy_wh: int | None

    @classmethod
    def of(cls, visit: Visit) -> "VisitFigures":
        return cls(visit.arrival, visit.outcome, visit.plugged, visit.departure, visit.charging_start, visit.charging_stop,
                   visit.energy_wh)


@dataclass
class ShardOutput:
    """What a shard ships back, compactly: rows as tuples in the columns' order (a month of
    city-5000 is some 130,000 sessions; dicts would repeat every column name in every row)."""

    sessions: list[tuple[Any, ...]]
    """The sessions table's rows, values in ``SESSION_COLUMNS`` order."""
    load: list[tuple[Any, ...]]
    """The load curves' points, values in ``LOAD_COLUMNS`` order."""
    summary: dict[str, Any]
    visits: list[VisitFigures]
    """The visits of ``sessions``, row for row."""
    cpu_seconds: float
    """CPU time of the shard's process (building the world and running it): its share of the work."""
    build_cpu_seconds: float = 0.0
    """Of which: starting the process and building the world, the fixed cost of a shard."""


class ShardWorker:
    """One shard's world with its own back office and hub, advanced by the coordinator (a Ray actor)."""

    def __init__(self, data: dict[str, Any], seed: int | None) -> None:
        self.data, self.seed = data, seed
        self.run: InProcessRun | None = None
        self.build_cpu = 0.0

    async def advance(self, end: float) -> tuple[float, int]:
        """To model second ``end``; the time reached and the arrivals so far."""
        if self.run is None:
            config = WorldConfig.from_dict(self.data, self.seed)
            self.run = InProcessRun(Simulation(config, mode=ClockMode.VIRTUAL, trace=BATCH_TRACE))
            settle_heap()  # as the unsharded run does: the collector then leaves the built world alone
            self.build_cpu = time.process_time()
        await self.run.until(end)
        world = self.run.sim.world
        assert world.fleet is not None
        return self.run.sim.clock.now, len(world.fleet.visits)

    async def output(self, days: float) -> ShardOutput:
        assert self.run is not None
        world = self.run.sim.world
        assert world.fleet is not None
        results = collect(world, days)
        result = ShardOutput([tuple(row[c] for c in SESSION_COLUMNS) for row in results.sessions],
                             [tuple(point[c] for c in LOAD_COLUMNS) for point in results.load], results.summary,
                             [VisitFigures.of(visit) for visit in world.fleet.visits], time.process_time(), self.build_cpu)
        await self.run.close()
        return result


def merge(parts: list[ShardOutput], site_order: list[str], days: float) -> Results:
    """One result from the shards': sessions in arrival order (the unsharded run's order),
    load and per-site KPIs in the world file's site order, the fleet's KPIs over all visits."""
    rows = sorted(((v, row) for part in parts for v, row in zip(part.visits, part.sessions)), key=lambda pair: pair[0].arrival)
    rank = {name: i for i, name in enumerate(site_order)}
    load = sorted((dict(zip(LOAD_COLUMNS, point)) for part in parts for point in part.load), key=lambda point: rank[point["site"]])
    sites = {name: s for part in parts for name, s in part.summary["sites"].items()}
    first = parts[0].summary
    controllers = sum(s["controllers"] for s in sites.values())
    summary = {
        "seed": first["seed"], "days": first["days"], "start": first["start"], "end": first["end"],
        **kpis([v for v, _ in rows], controllers, days),
        "sites": {name: sites[name] for name in site_order},
    }
    return Results([dict(zip(SESSION_COLUMNS, row)) for _, row in rows], load, summary)


def run_sharded(data: dict[str, Any], seed: int | None, days: float, shards: int, address: str | None = None,
                tick: Callable[[float, int], None] = lambda _now, _arrivals: None) -> Results:
    """The fleet of ``data`` (a world file's dict) over ``shards`` Ray actors, merged; ``tick(now,
    arrivals)`` whenever the slowest shard has finished another model day."""
    outputs = run_shards(data, seed, days, shards, address, tick)
    return merge(outputs, [site["name"] for site in data["fleet"]["sites"]], days)


def run_shards(data: dict[str, Any], seed: int | None, days: float, shards: int, address: str | None = None,
               tick: Callable[[float, int], None] = lambda _now, _arrivals: None) -> list[ShardOutput]:
    """What each shard returns, unmerged (see :func:`run_sharded`)."""
    parts = split(data, shards, seed)
    ray = ray_module()
    with RaySession(ray, address, shards):
        actor = ray.remote(num_cpus=1, max_concurrency=1)(ShardWorker)
        workers = [actor.remote(part, seed) for part in parts]
        end = days * 86_400.0
        reached, arrivals = [0.0] * shards, [0] * shards
        pending = {workers[i].advance.remote(min(STEP_S, end)): i for i in range(shards)}
        while pending:
            (ref,), _ = ray.wait(list(pending), num_returns=1)
            i = pending.pop(ref)
            reached[i], arrivals[i] = ray.get(ref)
            if reached[i] < end:
                pending[workers[i].advance.remote(min(reached[i] + STEP_S, end))] = i
            if reached[i] == min(reached):
                tick(min(reached), sum(arrivals))
        return list(ray.get([worker.output.remote(days) for worker in workers]))


class RaySession:
    """Ray for one run: joins ``address`` or starts a local Ray with a CPU per shard (at least
    the machine's); leaves a Ray the caller had started running."""

    def __init__(self, ray: Any, address: str | None, shards: int) -> None:
        self.ray, self.address, self.shards = ray, address, shards
        self.started = False

    def __enter__(self) -> None:
        ray = self.ray
        if ray.is_initialized():
            return
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": True, "logging_level": "warning"}
        if self.address is None:
            options["num_cpus"] = max(self.shards, os.cpu_count() or 1)
        try:
            ray.init(address=self.address, **options)
        except (ConnectionError, RuntimeError, ValueError) as error:
            where = f"the Ray cluster at {self.address}" if self.address else "a local Ray"
            raise ShardingUnavailable(f"cannot start {where}: {str(error).splitlines()[0]}") from None
        self.started = True

    def __exit__(self, *exc: object) -> None:
        if self.started:
            self.ray.shutdown()

