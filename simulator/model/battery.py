"""Two-stage battery charging, solved in closed form so nothing ticks.

Constant power up to ``transition_soc``, then the maximum power falls linearly
with SoC to zero at 100 % (ACN-Sim's ``Linear2StageBattery``).  In the taper,
d(soc)/dt = k (1 - soc) with k = P / (C (1 - s_t)), so
1 - soc(t) = (1 - soc_0) exp(-k t): the battery approaches full exponentially
and the EV stops drawing once ``full_soc`` is reached.  A ``full_soc`` at or
below the transition (a driver's target of 30 %) ends the constant-power stage
there: no taper is ever reached.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

DEFAULT_TRANSITION_SOC = 0.8
DEFAULT_FULL_SOC = 0.995
"""The EV ends charging here: the taper would otherwise never reach 100 %."""


@dataclass(frozen=True, slots=True)
class ChargeCurve:
    """SoC and energy over time for one constant offered power ``power_w``.

    The milestones are solved once, when the curve is made: a curve is read many
    times (meter, SoC, scheduling) but made only when the offer changes.
    """

    capacity_wh: float
    soc0: float
    power_w: float
    transition_soc: float = DEFAULT_TRANSITION_SOC
    full_soc: float = DEFAULT_FULL_SOC
    seconds_to_transition: float = field(init=False)
    """Until the taper begins; 0 when it has begun or lies beyond ``full_soc``."""
    seconds_to_full: float = field(init=False)
    _k: float = field(init=False, repr=False)
    """Taper rate: d(soc)/dt = k (1 - soc)."""

    def __post_init__(self) -> None:
        k = self.power_w / (self.capacity_wh * (1.0 - self.transition_soc)) / 3600.0
        linear_end = min(self.transition_soc, self.full_soc)  # constant power ends at the taper or at full
        if self.soc0 >= linear_end:
            to_linear_end = 0.0
        elif self.power_w <= 0:
            to_linear_end = math.inf
        else:
            to_linear_end = (linear_end - self.soc0) * self.capacity_wh * 3600.0 / self.power_w
        if self.soc0 >= self.full_soc:
            to_full = 0.0
        elif self.power_w <= 0:
            to_full = math.inf
        elif self.full_soc <= self.transition_soc:
            to_full = to_linear_end
        else:
            start = max(self.soc0, self.transition_soc)
            to_full = to_linear_end + math.log((1.0 - start) / (1.0 - self.full_soc)) / k
        to_transition = to_linear_end if self.full_soc > self.transition_soc else 0.0
        object.__setattr__(self, "_k", k)
        object.__setattr__(self, "seconds_to_transition", to_transition)
        object.__setattr__(self, "seconds_to_full", to_full)

    def soc_after(self, seconds: float) -> float:
        if self.power_w <= 0 or seconds <= 0:
            return self.soc0
        seconds = min(seconds, self.seconds_to_full)
        t1 = self.seconds_to_transition
        if seconds <= t1 or self.full_soc <= self.transition_soc:
            return min(self.soc0 + self.power_w * seconds / 3600.0 / self.capacity_wh, max(self.soc0, self.full_soc))
        start = max(self.soc0, self.transition_soc)
        return 1.0 - (1.0 - start) * math.exp(-self._k * (seconds - t1))

    def energy_after(self, seconds: float) -> float:
        """Energy in Wh delivered to the battery after ``seconds``."""
        return (self.soc_after(seconds) - self.soc0) * self.capacity_wh

    def power_after(self, seconds: float) -> float:
        soc = self.soc_after(seconds)
        if self.power_w <= 0 or soc >= self.full_soc:
            return 0.0
        if soc < self.transition_soc:
            return self.power_w
        return self.power_w * (1.0 - soc) / (1.0 - self.transition_soc)
