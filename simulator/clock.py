"""SimPy time coupled to asyncio, so HTTP servers and the model share one loop.

The model only ever sees ``env.now`` (seconds since the world's epoch).  Two
modes decide how that time moves:

* ``virtual``: time moves only when :meth:`SimClock.advance` is called, and then
  instantly; tests use it to let "2 hours pass" in microseconds.
* ``realtime``: a background task keeps ``env.now`` at
  ``(loop.time() - start) * factor``.  SimPy's own ``RealtimeEnvironment``
  blocks in ``time.sleep``, which would freeze the event loop, so the loop
  drives ``env.step()`` itself.

The wall clock is read here and nowhere in the model; the epoch is a fixed
datetime from the world configuration, so a run is reproducible.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import math
from datetime import datetime, timedelta, timezone

import simpy

DEFAULT_EPOCH = datetime(2026, 1, 5, 6, 0, tzinfo=timezone.utc)
"""A Monday morning: a fixed origin of model time (see the world file)."""

MAX_REALTIME_SLEEP = 0.25
"""Upper bound of one wait of the realtime driver, so a stop is seen quickly."""


class ClockMode(enum.StrEnum):
    VIRTUAL = "virtual"
    REALTIME = "realtime"


class ClockError(RuntimeError):
    """A request the clock cannot honour in its mode (e.g. advancing real time)."""


class SimClock:
    """Owns the SimPy environment and decides when its events are processed."""

    def __init__(
        self,
        mode: ClockMode = ClockMode.VIRTUAL,
        factor: float = 1.0,
        epoch: datetime = DEFAULT_EPOCH,
    ) -> None:
        if not math.isfinite(factor) or factor <= 0:
            raise ValueError(f"the real-time factor must be a finite number above 0, not {factor}")
        self.mode = ClockMode(mode)
        self.factor = factor
        self.epoch = epoch
        self.env = simpy.Environment()
        self._task: asyncio.Task[None] | None = None
        self._wakeup: asyncio.Event | None = None
        self._wall_start = 0.0

    @property
    def now(self) -> float:
        return float(self.env.now)

    def datetime_at(self, sim_seconds: float) -> datetime:
        return self.epoch + timedelta(seconds=sim_seconds)

    def seconds_at(self, moment: datetime) -> float:
        return (moment - self.epoch).total_seconds()

    def isoformat(self, sim_seconds: float | None = None) -> str:
        """UTC date-time with milliseconds and a ``Z``, as the controller spec shows."""
        moment = self.datetime_at(self.now if sim_seconds is None else sim_seconds)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"

    def settle(self) -> int:
        """Process every event due at the current instant; returns how many."""
        env, count = self.env, 0
        while env.peek() <= env.now:
            env.step()
            count += 1
        if self._wakeup is not None:
            self._wakeup.set()
        return count

    def advance(self, seconds: float) -> float:
        """Move virtual time forward, processing every event on the way."""
        if self.mode is not ClockMode.VIRTUAL:
            raise ClockError("time can only be advanced on a virtual clock")
        if seconds < 0:
            raise ValueError("time cannot go backwards")
        self.settle()
        if seconds > 0:
            self.env.run(until=self.env.now + seconds)
        self.settle()
        return self.now

    def sync(self) -> None:
        """Bring model time up to the wall clock (realtime mode) before a request."""
        if self.mode is ClockMode.REALTIME and self._task is not None:
            self._run_until(self._target())
        self.settle()

    def _target(self) -> float:
        return (asyncio.get_running_loop().time() - self._wall_start) * self.factor

    def _run_until(self, target: float) -> None:
        if target > self.env.now:
            self.env.run(until=target)

    async def _drive(self) -> None:
        assert self._wakeup is not None
        while True:
            self._run_until(self._target())
            self.settle()
            self._wakeup.clear()
            delay = MAX_REALTIME_SLEEP
            upcoming = self.env.peek()
            if upcoming != float("inf"):
                delay = min(delay, max(0.0, (upcoming - self.env.now) / self.factor))
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), delay)

    def start(self) -> None:
        """Start following the wall clock (realtime mode only); needs a running loop."""
        if self.mode is not ClockMode.REALTIME or self._task is not None:
            return
        loop = asyncio.get_running_loop()
        self._wall_start = loop.time() - self.now / self.factor
        self._wakeup = asyncio.Event()
        self._task = loop.create_task(self._drive(), name="simclock")

    def reset(self) -> None:
        """Start over at time zero with an empty environment."""
        self.env = simpy.Environment()
        if self._task is not None:
            self._wall_start = asyncio.get_running_loop().time()

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        self._wakeup = None
