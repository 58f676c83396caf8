"""``chargebench run``: a fleet world in virtual time, as fast as the machine allows.

The world runs with the same model, back office and hub as ``chargebench serve``; only
the sockets are skipped (the stations' reports and the roaming calls are made in-process,
see :meth:`Simulation.advance`), so the same seed gives the same sessions as a served
world advanced over the same span.
"""

from __future__ import annotations

import asyncio
import csv
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from tqdm import tqdm

from ..api.abs.app import ABS_LINKS
from ..api.oioi.service import OIOI
from ..clock import ClockMode
from ..heap import settle_heap
from ..model.events import TraceLevel
from ..model.worldfile import read_world
from ..runtime import Simulation
from ..server import build_app
from .report import write_report
from .results import LOAD_COLUMNS, SESSION_COLUMNS, Results, collect

STEP_S = 3600.0
"""Progress is reported once per model hour."""
BATCH_TRACE = TraceLevel.OFF
"""A batch run keeps no trace: its results come from the fleet and the back office, and no
one can read ``/sim/events`` during it; recording every event would cost more than the model."""


@dataclass(frozen=True)
class RunOptions:
    world: Path | None
    days: float
    seed: int | None = None
    out: Path | None = None
    shards: int | None = None
    """None: one process; N: the fleet split by site over N Ray actors (see shards.py)."""
    ray_address: str | None = None


class InProcessRun:
    """A simulation whose station reports and roaming calls reach its own back office and hub
    in-process; one object, so a shard can advance it a step at a time."""

    def __init__(self, sim: Simulation) -> None:
        self.sim = sim
        self.app = build_app(sim)
        self.app[ABS_LINKS].in_process()
        self.app[OIOI].in_process()

    async def until(self, end: float, tick: Callable[[float], None] = lambda _now: None) -> None:
        """Advance to model second ``end``, an hour at a time; ``tick`` after each hour. At the
        end the back office has every periodic reading (see ``ChargingStationLink._reading``)."""
        sim = self.sim
        while sim.clock.now < end:
            await sim.advance(min(STEP_S, end - sim.clock.now))
            tick(sim.clock.now)
        await sim.hand_over()

    async def close(self) -> None:
        await self.app[ABS_LINKS].close()
        await self.app[OIOI].close(self.app)


async def simulate(sim: Simulation, days: float, tick: Callable[[float], None] = lambda _now: None) -> Results:
    """Advance ``days`` of model time with every adapter in-process; ``tick`` after each hour."""
    run = InProcessRun(sim)
    try:
        await run.until(days * 86_400.0, tick)
        return collect(sim.world, days)
    finally:
        await run.close()


def run(options: RunOptions) -> Results:
    if options.shards is not None:
        return _run_sharded(options)
    sim = Simulation.from_file(options.world, options.seed, mode=ClockMode.VIRTUAL, trace=BATCH_TRACE)
    settle_heap()
    fleet = sim.world.fleet
    if fleet is None:
        raise ValueError("the world has no [fleet] section: nothing drives it (see docs/fleet.md)")
    progress = Progress(options.days, lambda: len(fleet.visits))
    results = asyncio.run(simulate(sim, options.days, progress.tick))
    progress.close()
    return _written(results, options.out)


def _run_sharded(options: RunOptions) -> Results:
    from .shards import run_sharded  # Ray: only for a sharded run

    assert options.shards is not None
    arrivals = [0]
    progress = Progress(options.days, lambda: arrivals[0])

    def tick(now: float, total: int) -> None:
        arrivals[0] = total
        progress.tick(now)

    results = run_sharded(read_world(options.world), options.seed, options.days, options.shards, options.ray_address, tick)
    progress.close()
    return _written(results, options.out)


def _written(results: Results, out: Path | None) -> Results:
    if out is not None:
        write(results, out)
    return results


class Progress:
    """Model days, arrivals and the wall rate: a bar on a terminal, plain lines (one a model
    day, at most every few seconds) where there is none, as in CI."""

    def __init__(self, days: float, arrivals: Callable[[], int]) -> None:
        self.arrivals = arrivals
        self.started = self.printed = time.perf_counter()
        self.bar = tqdm(total=days, unit="day", desc="model days", file=sys.stderr, dynamic_ncols=True,
                        bar_format="{desc}: {percentage:3.0f}%|{bar}| {n:.1f}/{total:g} [{elapsed}<{remaining}, {postfix}]",
                        disable=not sys.stderr.isatty())

    def tick(self, now: float) -> None:
        day = now / 86_400.0
        wall = time.perf_counter() - self.started
        status = f"{self.arrivals():,} arrivals, {now / 3600.0 / max(wall, 1e-9):,.0f} model h/s"
        if not self.bar.disable:
            self.bar.update(day - self.bar.n)
            self.bar.set_postfix_str(status, refresh=False)
        elif day >= self.bar.total or (day.is_integer() and time.perf_counter() - self.printed >= 5.0):
            self.printed = time.perf_counter()
            print(f"model day {day:g}/{self.bar.total:g}: {status}, {wall:.1f} s", file=sys.stderr, flush=True)

    def close(self) -> None:
        self.bar.close()


def write(results: Results, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    sessions, load, summary = out / "sessions.csv", out / "load.csv", out / "summary.json"
    _csv(sessions, SESSION_COLUMNS, results.sessions)
    _csv(load, LOAD_COLUMNS, results.load)
    summary.write_text(json.dumps(results.summary, indent=2) + "\n")
    return [sessions, load, summary, *write_report(results, out)]


def _csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, object]]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
