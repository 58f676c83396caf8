"""chargebench's fleet against ACN-Sim on the same sessions of ACN-Sim's reference site, in one run.

The sessions: chargebench's ``caltech-like`` world (54 EVSEs, 30 days) produces them in the
first round; every session that got an EVSE (its plug-in, departure, the energy the driver
asked for, the EVSE) goes to ACN-Sim as a ``PluginEvent`` on its Caltech ACN network
(54 EVSEs, 208 V, 150 kW transformer) with ``UncontrolledCharging`` in 5-minute periods, each
EV a ``Linear2StageBattery`` like chargebench's charge curve.

Three contenders run in turn every round, each after a full garbage collection with Python's
own collector settings (chargebench's then settles its heap after building, as ``chargebench
run`` does):

- **ACN-Sim**: build the network, the EVs and the event queue, and run.
- **fleet model**: chargebench's model alone, a ``World`` of caltech-like driven by its drivers
  (``SimClock.advance`` over the span, no adapters: the back office and the hub are not
  called, so the drivers with an online card use the site's whitelist instead; that changes
  which list a card is on, not a single random draw).  Without the back office no smart grid
  applies the 150 kW limit; the output says whether its sessions are still the same.
- **full**: ``chargebench run``'s ``simulate()``: every session reported to the ABS back
  office, authorized, priced, the site's limit shared by its smart grid (all in-process).

- **bare SimPy** (a reference, not a contender): as many events as the fleet model processes, each
  a process resuming from a timeout and nothing else; the floor of any SimPy model.

The ratios are ACN-Sim's time over chargebench's per round, their median and range.
Goals (issue 12): the fleet model >= 80x faster than ACN-Sim, full >= 10x.

    pip install 'chargebench[bench]'   # acnportal
    python benchmarks/fleet_vs_acnsim.py [--days 30] [--rounds 5] [--seed 2026]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import time
import tomllib
import warnings
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Any, Callable, Generator

import simpy

from simulator.clock import ClockMode, SimClock
from simulator.heap import settle_heap
from simulator.model.fleet.catalogue import EV_MODELS
from simulator.model.world import World, WorldConfig
from simulator.run.batch import BATCH_TRACE, simulate
from simulator.runtime import Simulation

PERIOD_MIN = 5
"""ACN-Sim's period: 5 minutes, as in its Caltech examples (MODEL-PARAMETERS.md)."""
ACN_VOLTAGE = 208
ACN_EVSE_A = 32.0
GOAL_MODEL, GOAL_FULL = 80.0, 10.0
PYTHON_GC_THRESHOLDS = gc.get_threshold()

try:
    from acnportal import acnsim, algorithms
except ImportError as error:  # acnportal missing, or its own imports (pkg_resources) failing
    acnsim = algorithms = None
    ACN_PROBLEM = str(error)


@dataclass(frozen=True)
class Session:
    controller: str
    ev: str
    plug_in: float
    """Seconds after the world's start."""
    departure: float
    requested_kwh: float
    delivered_wh: int | None


def caltech(seed: int | None, local_auth: bool) -> WorldConfig:
    data = tomllib.loads(resources.files("simulator").joinpath("worlds", "caltech-like.toml").read_text())
    if local_auth:
        for site in data["fleet"]["sites"]:
            auth = site["drivers"]["auth"]
            site["drivers"]["auth"] = {"whitelist": auth.get("whitelist", 0) + auth.get("online", 0), "autocharge": auth.get("autocharge", 0)}
    return WorldConfig.from_dict(data, seed)


def sessions_of(world: World, days: float) -> list[Session]:
    """Every visit that got an EVSE; one still plugged in at the end leaves at the span's end."""
    assert world.fleet is not None
    end = days * 86_400.0
    return [
        Session(v.controller, v.ev, v.plugged, v.departure if v.departure is not None else end, v.needed_wh / 1000.0, v.energy_wh)
        for v in world.fleet.visits if v.controller is not None and v.plugged is not None
    ]


def run_full(seed: int | None, days: float) -> tuple[float, list[Session]]:
    """Seconds to build and run, and the sessions; the heap is settled between the two, as
    ``chargebench run`` does, outside the time (every contender's full collection is)."""
    started = time.perf_counter()
    sim = Simulation(caltech(seed, local_auth=False), mode=ClockMode.VIRTUAL, trace=BATCH_TRACE)
    built = time.perf_counter() - started
    settle_heap()
    started = time.perf_counter()
    asyncio.run(simulate(sim, days))
    return built + time.perf_counter() - started, sessions_of(sim.world, days)


def model_world(seed: int | None) -> tuple[SimClock, World]:
    """caltech-like as a bare model: no back office or hub adapters."""
    config = caltech(seed, local_auth=True)
    clock = SimClock(ClockMode.VIRTUAL, epoch=config.epoch)
    return clock, World(config, clock.env, clock, BATCH_TRACE)


def run_model(seed: int | None, days: float) -> tuple[float, list[Session]]:
    """Seconds to build and run, and the sessions (the heap settled between, as in run_full)."""
    started = time.perf_counter()
    clock, world = model_world(seed)
    built = time.perf_counter() - started
    settle_heap()
    started = time.perf_counter()
    clock.advance(days * 86_400.0)
    return built + time.perf_counter() - started, sessions_of(world, days)


def model_events(seed: int | None, days: float) -> int:
    """How many SimPy events the fleet model processes over the span (an untimed run)."""
    clock, _world = model_world(seed)
    env, end, steps = clock.env, days * 86_400.0, 0
    while env.peek() <= end:
        env.step()
        steps += 1
    return steps


def run_bare(events: int) -> int:
    """Bare SimPy: as many events as the model's, each a process resuming from a timeout and
    doing nothing else, on as many processes as the site has EVSEs; the floor of any SimPy model."""
    env = simpy.Environment()
    each = events // 54

    def waiter() -> Generator[simpy.Event, None, None]:
        for _ in range(each):
            yield env.timeout(1.0)

    for _ in range(54):
        env.process(waiter())
    env.run()
    return each * 54


def run_acnsim(sessions: list[Session], epoch: datetime, days: float) -> float:
    """Returns the energy ACN-Sim delivered, in kWh."""
    network = acnsim.sites.caltech_acn(basic_evse=True, voltage=ACN_VOLTAGE)
    stations = dict(zip(sorted({s.controller for s in sessions}), sorted(network.station_ids)))
    period_s = PERIOD_MIN * 60.0
    last = int(days * 86_400.0 // period_s)
    events = []
    for number, session in enumerate(sessions):
        model = EV_MODELS[session.ev]
        arrival = int(session.plug_in // period_s)
        departure = max(min(int(session.departure // period_s), last), arrival + 1)
        # chargebench draws the starting SoC uniformly below 95 % less the need; its mean:
        initial = max(0.05 * model.capacity_kwh, (model.capacity_kwh - session.requested_kwh) / 2.0)
        max_kw = min(model.max_current_a, ACN_EVSE_A) * ACN_VOLTAGE / 1000.0
        battery = acnsim.Linear2StageBattery(model.capacity_kwh, initial, max_kw)
        ev = acnsim.EV(arrival, departure, session.requested_kwh, stations[session.controller], f"session-{number}", battery)
        events.append(acnsim.PluginEvent(arrival, ev))
    simulator = acnsim.Simulator(network, algorithms.UncontrolledCharging(), acnsim.EventQueue(events), epoch,
                                 period=PERIOD_MIN, verbose=False)
    simulator.run()
    return float(acnsim.analysis.total_energy_delivered(simulator))


def fresh_heap() -> None:
    """Each contender starts from Python's own collector settings and a full collection
    (chargebench's runs then settle their heap as ``chargebench run`` does)."""
    gc.unfreeze()
    gc.set_threshold(*PYTHON_GC_THRESHOLDS)
    gc.collect()


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    fresh_heap()
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def self_timed(work: Callable[[], tuple[float, Any]]) -> tuple[float, Any]:
    fresh_heap()
    return work()


def summary(ratios: list[float]) -> str:
    ordered = sorted(ratios)
    return f"{statistics.median(ordered):,.1f}x (range {ordered[0]:,.1f}x-{ordered[-1]:,.1f}x over {len(ordered)} rounds)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=float, default=30.0, help="model days (default 30: ACN-Sim's reference month)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the three contenders (default 5)")
    parser.add_argument("--seed", type=int, default=None, help="the world's seed (default: caltech-like's own)")
    args = parser.parse_args()
    if acnsim is None:
        print(f"fleet_vs_acnsim: cannot import ACN-Sim ({ACN_PROBLEM}): pip install 'chargebench[bench]'", file=sys.stderr)
        return 2
    # Uncontrolled charging exceeds the Caltech pods' limits now and then; ACN-Sim warns each time.
    warnings.filterwarnings("ignore", category=UserWarning, module="acnportal")
    epoch = caltech(args.seed, local_auth=False).epoch
    events = model_events(args.seed, args.days)
    acn_s, model_s, full_s, bare_s = [], [], [], []
    sessions: list[Session] = []
    model_sessions: list[Session] = []
    acn_kwh = 0.0
    for number in range(args.rounds):
        seconds, full = self_timed(lambda: run_full(args.seed, args.days))
        full_s.append(seconds)
        sessions = sessions or full
        seconds, model_sessions = self_timed(lambda: run_model(args.seed, args.days))
        model_s.append(seconds)
        seconds, acn_kwh = timed(lambda: run_acnsim(sessions, epoch, args.days))
        acn_s.append(seconds)
        seconds, _ = timed(lambda: run_bare(events))
        bare_s.append(seconds)
        print(f"round {number + 1}: ACN-Sim {acn_s[-1]:.3f} s, fleet model {model_s[-1]:.3f} s, full {full_s[-1]:.3f} s, "
              f"bare SimPy {bare_s[-1]:.3f} s", flush=True)
    delivered = sum(s.delivered_wh or 0 for s in sessions) / 1000.0
    same = [(s.controller, s.plug_in, s.departure) for s in model_sessions] == [(s.controller, s.plug_in, s.departure) for s in sessions]
    same_energy = [s.delivered_wh for s in model_sessions] == [s.delivered_wh for s in sessions]
    print(f"sessions   : {len(sessions):,} on {len({s.controller for s in sessions})} EVSEs in {args.days:g} days "
          f"(chargebench delivered {delivered:,.0f} kWh, ACN-Sim {acn_kwh:,.0f} kWh)")
    print(f"fleet model: the same sessions as the full run: {'yes' if same else 'NO'}; the same energy each: "
          f"{'yes' if same_energy else 'no (no smart grid without the back office)'}")
    print(f"ACN-Sim    : median {statistics.median(acn_s):.3f} s (range {min(acn_s):.3f}-{max(acn_s):.3f} s)")
    print(f"fleet model: median {statistics.median(model_s):.3f} s (range {min(model_s):.3f}-{max(model_s):.3f} s)")
    print(f"full       : median {statistics.median(full_s):.3f} s (range {min(full_s):.3f}-{max(full_s):.3f} s)")
    print(f"bare SimPy : median {statistics.median(bare_s):.3f} s for the model's {events:,} events (range "
          f"{min(bare_s):.3f}-{max(bare_s):.3f} s): the floor of any SimPy model of these sessions")
    model_ratios = [a / m for a, m in zip(acn_s, model_s)]
    print(f"ceiling    : bare SimPy {summary([a / b for a, b in zip(acn_s, bare_s)])} faster than ACN-Sim; the fleet model "
          f"costs {summary([m / b for m, b in zip(model_s, bare_s)])} of bare SimPy's time")
    full_ratios = [a / f for a, f in zip(acn_s, full_s)]
    model_ratio, full_ratio = statistics.median(model_ratios), statistics.median(full_ratios)
    print(f"ratio model: {summary(model_ratios)} faster than ACN-Sim (goal >= {GOAL_MODEL:g}x) -> {'PASS' if model_ratio >= GOAL_MODEL else 'FAIL'}")
    print(f"ratio full : {summary(full_ratios)} faster than ACN-Sim (goal >= {GOAL_FULL:g}x) -> {'PASS' if full_ratio >= GOAL_FULL else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
