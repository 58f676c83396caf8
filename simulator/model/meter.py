"""The controller's energy meter: a Wh register fed by closed-form charge curves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import simpy

from .battery import ChargeCurve


@dataclass(slots=True)
class _Segment:
    started: float
    curve: ChargeCurve


class Meter:
    """Reads exactly at any instant, without ticking: register plus the running curve."""

    def __init__(self, env: simpy.Environment, register_wh: float = 0.0) -> None:
        self.env = env
        self.register_wh = register_wh
        self._segment: _Segment | None = None
        self.on_closed: Callable[[float, float, ChargeCurve], None] | None = None
        """Told of each closed curve (start, end, curve): a site's load curve accumulates them."""

    @property
    def running(self) -> bool:
        return self._segment is not None

    @property
    def curve(self) -> ChargeCurve | None:
        """The curve the energy follows now; None while nothing flows."""
        return None if self._segment is None else self._segment.curve

    def open_curve(self) -> tuple[float, ChargeCurve] | None:
        """When the running curve started, and the curve; None while nothing flows."""
        seg = self._segment
        return None if seg is None else (seg.started, seg.curve)

    def read_wh(self) -> float:
        seg = self._segment
        if seg is None:
            return self.register_wh
        return self.register_wh + seg.curve.energy_after(self.env.now - seg.started)

    def power_w(self) -> float:
        seg = self._segment
        return 0.0 if seg is None else seg.curve.power_after(self.env.now - seg.started)

    def soc(self) -> float | None:
        seg = self._segment
        return None if seg is None else seg.curve.soc_after(self.env.now - seg.started)

    def start(self, curve: ChargeCurve) -> None:
        self.fold()
        self._segment = _Segment(self.env.now, curve)

    def fold(self) -> float | None:
        """Close the running curve into the register; returns the battery's SoC then."""
        seg = self._segment
        if seg is None:
            return None
        curve = seg.curve
        soc = curve.soc_after(self.env.now - seg.started)
        self.register_wh += (soc - curve.soc0) * curve.capacity_wh
        self._segment = None
        if self.on_closed is not None:
            self.on_closed(seg.started, self.env.now, curve)
        return soc
