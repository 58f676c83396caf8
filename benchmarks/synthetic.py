"""A synthetic fleet for the model benchmarks: ``n`` controllers of the default world and
one driver per controller who plugs an EV in, presents a card and unplugs hours later.

Both benchmarks that use it compare like with like: ``with_model=False`` draws the same
random numbers and waits the same SimPy timeouts without touching a controller.
"""

from __future__ import annotations

import dataclasses
from typing import Generator

import simpy

from simulator.clock import SimClock
from simulator.model.ev import EvSpec
from simulator.model.events import TraceLevel
from simulator.model.world import World, WorldConfig

TAG = "04A2B3C4D5E680"


def build_world(controllers: int, seed: int, trace: TraceLevel = TraceLevel.FULL) -> World:
    config = WorldConfig.load(seed=seed)
    config = dataclasses.replace(config, controller_ids=tuple(f"CP-{i}" for i in range(controllers)), backoffice={}, instrument_ids=())
    clock = SimClock(epoch=config.epoch)
    return World(config, clock.env, clock, trace)


def start_drivers(world: World, with_model: bool) -> None:
    env = world.env
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


def step_all(env: simpy.Environment, until: float) -> int:
    steps = 0
    while env.peek() < until:
        env.step()
        steps += 1
    return steps
