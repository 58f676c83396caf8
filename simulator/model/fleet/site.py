"""A site at run time: which of its controllers are free, who waits for one, and its load."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import simpy

from ..battery import ChargeCurve
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
        self._interval_wh: list[float] = []
        """Energy of the closed charge curves per load interval: the load curve without a timer."""
        for controller in controllers:
            controller.meter.on_closed = self._add_curve

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
        self._plugged.add(controller)

    def release(self, controller: Controller) -> None:
        """The driver left: the controller goes to the first in the queue, or back to the free ones."""
        self._plugged.discard(controller)
        if self._waiting:
            self._waiting.popleft().succeed(controller)
        else:
            self._free.append(controller)

    def power_kw(self) -> float:
        return sum(c.meter.power_w() for c in self._plugged) / 1000.0

    @property
    def load(self) -> list[LoadPoint]:
        """15-minute mean power of every interval ended by now."""
        ended = int(self.env.now // LOAD_INTERVAL_S)
        energy = self._interval_wh[:ended] + [0.0] * (ended - len(self._interval_wh))
        for controller in self._plugged:
            running = controller.meter.open_curve()
            if running is not None:
                _spread(energy, running[0], float(self.env.now), running[1])
        return [LoadPoint((k + 1) * LOAD_INTERVAL_S, wh / LOAD_INTERVAL_S * 3.6) for k, wh in enumerate(energy)]

    def _add_curve(self, start: float, end: float, curve: ChargeCurve) -> None:
        last = math.ceil(end / LOAD_INTERVAL_S)
        if last > len(self._interval_wh):
            self._interval_wh.extend([0.0] * (last - len(self._interval_wh)))
        _spread(self._interval_wh, start, end, curve)


def _spread(intervals: list[float], start: float, end: float, curve: ChargeCurve) -> None:
    """Adds the energy a curve delivers from ``start`` to ``end`` to the load intervals it spans
    (those beyond the list's end are left out: they have not ended)."""
    stop = min(end, start + curve.seconds_to_full, len(intervals) * LOAD_INTERVAL_S)
    constant_until = start + (curve.seconds_to_full if curve.full_soc <= curve.transition_soc else curve.seconds_to_transition)
    wh_per_s = curve.power_w / 3600.0
    index = int(start // LOAD_INTERVAL_S)
    before = 0.0
    while index * LOAD_INTERVAL_S < stop:
        boundary = min((index + 1) * LOAD_INTERVAL_S, stop)
        after = (boundary - start) * wh_per_s if boundary <= constant_until else curve.energy_after(boundary - start)
        intervals[index] += after - before
        before = after
        index += 1
