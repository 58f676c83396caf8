"""One running simulation: the clock, the world on it, and the dispatcher into it."""

from __future__ import annotations

from pathlib import Path
from typing import Awaitable, Callable

from .api.controller.dispatcher import Dispatcher
from .clock import ClockError, ClockMode, SimClock
from .model.controller import Controller
from .model.events import TraceLevel
from .model.world import World, WorldConfig

MAX_DRAIN_ROUNDS = 100
"""Adapters handing work to each other this often in one drain is a loop, not traffic."""


class Simulation:
    def __init__(self, config: WorldConfig, mode: ClockMode = ClockMode.VIRTUAL, factor: float = 1.0,
                 trace: TraceLevel | None = None) -> None:
        self.config = config
        self.trace = config.trace if trace is None else TraceLevel(trace)
        """How much of each world's events its log keeps: ``chargebench serve --trace``, else the world file's."""
        self.clock = SimClock(mode, factor, epoch=config.epoch)
        self.world = World(config, self.clock.env, self.clock, self.trace)
        self.dispatcher = Dispatcher(self.clock, self.controller)
        self.world_listeners: list[Callable[[World], None]] = []
        """Adapters outside the model (back-office links) re-attach to each new world."""
        self.io_drains: list[Callable[[], Awaitable[bool]]] = []
        """Each waits for one adapter's HTTP traffic the model's events caused; True if it
        found any in flight (see :meth:`drain_io`)."""
        self.io_hand_overs: list[Callable[[], bool]] = []
        """Each makes one adapter hand over work it holds back while nobody looks (coalesced
        meter readings); a client's request calls them first (:meth:`hand_over`)."""
        self.io_busy: list[Callable[[], bool]] = []
        """Each tells, without waiting, whether one adapter has traffic in flight; an adapter
        registers both, so a request that finds every adapter idle awaits nothing."""

    @classmethod
    def from_file(cls, path: Path | None = None, seed: int | None = None, **kw: object) -> "Simulation":
        return cls(WorldConfig.load(path, seed), **kw)  # type: ignore[arg-type]

    def controller(self, cp_id: str) -> Controller | None:
        return self.world.controllers.get(cp_id)

    def reset(self) -> None:
        """Back to time zero and the world as the config describes it."""
        self.clock.reset()
        self.world = World(self.config, self.clock.env, self.clock, self.trace)
        for listener in self.world_listeners:
            listener(self.world)

    async def hand_over(self) -> None:
        """Before a client looks: what the adapters hold back goes out, and completes."""
        if self.handing_over():
            await self.drain_io()

    def handing_over(self) -> bool:
        """Every adapter queues what it holds back; True if any did."""
        return any([hand_over() for hand_over in self.io_hand_overs])

    def io_pending(self) -> bool:
        """Whether any adapter has traffic to complete (what :meth:`drain_io` would wait for)."""
        for pending in self.io_busy:  # a plain loop: asked twice around every request
            if pending():
                return True
        return False

    async def drain_io(self) -> None:
        """Let every adapter finish the requests the last model change caused (no sleeping).

        One adapter's answer may hand work to another (a card roaming refuses goes on to
        the back office), so the adapters are drained in rounds until one finds all idle."""
        for _ in range(MAX_DRAIN_ROUNDS):
            if not self.io_pending():
                return
            busy = [await drain() for drain in self.io_drains]
            if not any(busy):
                return

    async def advance(self, seconds: float) -> float:
        """Virtual time forward; wherever the model handed the adapters work at an instant (a
        station report, an online authorization, a remote start), that traffic completes
        before time moves on, as on a network much faster than the model's events."""
        clock = self.clock
        if clock.mode is not ClockMode.VIRTUAL:
            raise ClockError("time can only be advanced on a virtual clock")
        if not 0 <= seconds < float("inf"):
            raise ValueError("time moves forward by a finite number of seconds")
        env = clock.env
        target = env.now + seconds
        clock.settle()
        await self.drain_io()
        step, peek, pending = env.step, env.peek, self.io_pending
        while (at := peek()) <= target:
            step()
            if peek() > at and pending():
                await self.drain_io()
        if env.now < target:
            env.run(until=target)
        await self.drain_io()
        return clock.now
