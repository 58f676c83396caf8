"""The garbage collector around a built world (measured by ``benchmarks/model_cost.py``).

A world is mostly long-lived objects (controllers, settings, the back office's tables)
and the model's own garbage is freed by reference counting, so the cyclic collector
spends its time walking live objects: about a third of a 10,000-controller run with
Python's defaults.  Freezing what survives the build takes those objects out of every
later collection, and a larger young generation makes collections rarer.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .runtime import Simulation

YOUNG_GENERATION = 10_000
"""Allocations between collections of the young generation (Python's default: 700)."""


def settle_heap() -> None:
    """After building a world: collect once, freeze the survivors, collect less often.

    Objects frozen earlier are thawed first, so a replaced world can be collected."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_GENERATION, *gc.get_threshold()[1:])


def keep_heap_settled(sim: "Simulation") -> None:
    """Settle now and after every reset of ``sim`` (a served world is rebuilt by /sim/reset)."""
    settle_heap()
    sim.world_listeners.append(lambda _world: settle_heap())
