"""Events per second of the controller model against a bare SimPy loop, in one run.

Both sides run the same drivers with the same random draws and the same step
loop.  On the bare side a driver only waits; on the model side it plugs an EV in,
presents a card, and unplugs it, and the controllers add their own events (the
taper point and the full battery, from closed-form curves).  The ratio is the
model's cost per event.  Goal: the model keeps >= 50 % of the bare rate.

    python benchmarks/model_event_rate.py [--controllers 1000] [--hours 48]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from typing import Callable, Generator

import simpy

from simulator.clock import SimClock
from simulator.model.ev import EvSpec
from simulator.model.world import World, WorldConfig

TAG = "04A2B3C4D5E680"


def step_all(env: simpy.Environment, until: float) -> int:
    steps = 0
    while env.peek() < until:
        env.step()
        steps += 1
    return steps


def drivers(controllers: int, hours: float, seed: int, with_model: bool) -> tuple[int, float]:
    """The fleet's drivers on ``controllers`` sockets; ``with_model`` decides whether
    their actions reach controllers or are only drawn."""
    config = WorldConfig.load(seed=seed)
    config = WorldConfig(config.seed, config.epoch, config.site, config.accounts, tuple(f"CP-{i}" for i in range(controllers)), config.whitelist)
    clock = SimClock(epoch=config.epoch)
    world = World(config, clock.env, clock)
    env = clock.env
    rng = world.rng("benchmark drivers")

    def driver(cp_id: str) -> Generator[simpy.Event, None, None]:
        controller = world.controllers[cp_id]
        while True:
            yield env.timeout(rng.expovariate(1 / 1800))
            ev = EvSpec(capacity_wh=rng.choice((39_000, 58_000, 77_000)), soc=rng.uniform(0.1, 0.9))
            if with_model:
                controller.plug(ev)
            yield env.timeout(rng.uniform(5, 60))
            if with_model:
                controller.present_tag(TAG)
            yield env.timeout(rng.expovariate(1 / (4 * 3600)))
            if with_model:
                controller.unplug()

    for cp_id in world.controllers:
        env.process(driver(cp_id))
    gc.collect()
    started = time.perf_counter()
    steps = step_all(env, hours * 3600)
    return steps, time.perf_counter() - started


def median_rate(run: Callable[[], tuple[int, float]], rounds: int) -> tuple[float, int]:
    rates, steps = [], 0
    for _ in range(rounds):
        steps, seconds = run()
        rates.append(steps / seconds)
    return statistics.median(rates), steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--controllers", type=int, default=1000)
    parser.add_argument("--hours", type=float, default=24.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    bare_rate, bare_steps = median_rate(lambda: drivers(args.controllers, args.hours, args.seed, False), args.rounds)
    model_rate, model_steps = median_rate(lambda: drivers(args.controllers, args.hours, args.seed, True), args.rounds)
    print(f"bare SimPy : {bare_rate:12,.0f} events/s ({bare_steps:,} events, {args.controllers} drivers without the model, {args.hours:g} h)")
    print(f"model      : {model_rate:12,.0f} events/s ({model_steps:,} events, {args.controllers} controllers, {args.hours:g} h)")
    ratio = model_rate / bare_rate
    print(f"ratio      : {ratio:.0%} of bare SimPy (goal >= 50%) -> {'PASS' if ratio >= 0.5 else 'FAIL'}")


if __name__ == "__main__":
    main()
