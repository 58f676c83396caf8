"""A site at run time: which of its controllers are free, who waits for one, and its load."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import simpy

from ..controller import Controller
from .config import SiteConfig

LOAD_INTERVAL_S = 900.0
"""The load curve's resolution: 15-minute means, as grid operators meter them."""


@dataclass(slots=True)
class LoadPoint:
    end: float
    """Model seconds at the end of the interval."""
    kw: float
    """Mean power over the interval."""


class Site:
    def __init__(self, env: simpy.Environment, config: SiteConfig, controllers: list[Controller], station_id: int | None) -> None:
        self.env = env
        self.config = config
        self.controllers = controllers
        self.station_id = station_id
        """The back-office station whose smart grid holds the site to its grid limit."""
        self._free: deque[Controller] = deque(controllers)
        self._waiting: deque[simpy.Event] = deque()
        self._plugged: set[Controller] = set()
        self._idle_wh = sum(c.meter.read_wh() for c in controllers)
        """Energy registers of the controllers nobody is plugged into (they do not move)."""
        self._last_wh = self._idle_wh
        self.load: list[LoadPoint] = []
        env.process(self._meter())

    @property
    def occupied(self) -> int:
        return len(self._plugged)

    @property
    def queue(self) -> int:
        return len(self._waiting)

    def take(self) -> Controller | None:
        """A free controller with mains and nothing plugged in, or None."""
        for _ in range(len(self._free)):
            controller = self._free.popleft()
            if controller.ev is None and controller.powered:
                return controller
            self._free.append(controller)
        return None

    def wait(self) -> simpy.Event:
        """An event that succeeds with the next controller freed (see :meth:`release`)."""
        ticket = self.env.event()
        self._waiting.append(ticket)
        return ticket

    def give_up(self, ticket: simpy.Event) -> None:
        if ticket in self._waiting:
            self._waiting.remove(ticket)

    def plugged(self, controller: Controller) -> None:
        self._idle_wh -= controller.meter.read_wh()
        self._plugged.add(controller)

    def release(self, controller: Controller) -> None:
        """The driver left: the controller goes to the first in the queue, or back to the free ones."""
        self._plugged.discard(controller)
        self._idle_wh += controller.meter.read_wh()
        if self._waiting:
            self._waiting.popleft().succeed(controller)
        else:
            self._free.append(controller)

    def energy_wh(self) -> float:
        return self._idle_wh + sum(c.meter.read_wh() for c in self._plugged)

    def power_kw(self) -> float:
        return sum(c.meter.power_w() for c in self._plugged) / 1000.0

    def _meter(self):  # type: ignore[no-untyped-def]
        while True:
            yield self.env.timeout(LOAD_INTERVAL_S)
            now_wh = self.energy_wh()
            self.load.append(LoadPoint(float(self.env.now), (now_wh - self._last_wh) / LOAD_INTERVAL_S * 3.6))
            self._last_wh = now_wh
