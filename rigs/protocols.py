"""What steps may ask of a bench, whatever plays the part (labgrid-style driver protocols).

A rig binds one driver per protocol; the serial bench instrument implements all
four below, but a lab may well use a separate power switch or meter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Protocol


@dataclass(frozen=True)
class EvParameters:
    """The EV the emulator plays; set before it plugs in."""

    capacity_wh: float = 58_000.0
    soc: float = 0.2
    max_current_a: float = 16.0
    phases: int = 3
    cable_rating_a: float = 32.0
    evccid: str | None = None
    """What an ISO 15118 / DIN 70121 EV sends as it plugs in (12 hex digits); None: a basic IEC 61851 EV."""

    @classmethod
    def from_mapping(cls, ev: Mapping[str, Any]) -> "EvParameters":
        """From a scenario's EV as the steps and the data factory describe it."""
        defaults = cls()
        return cls(
            capacity_wh=float(ev.get("capacityWh", defaults.capacity_wh)),
            soc=float(ev.get("soc", defaults.soc)),
            max_current_a=float(ev.get("maxCurrent", defaults.max_current_a)),
            phases=int(ev.get("phases", defaults.phases)),
            cable_rating_a=float(ev.get("cableRating", defaults.cable_rating_a)),
            evccid=ev.get("evccid"),
        )


class EvEmulator(Protocol):
    def plug(self, ev: EvParameters) -> None: ...

    def unplug(self) -> None: ...

    def signal(self, state: str) -> None:
        """Switch the EV's side of the pilot: B not ready, C ready, D ready with ventilation,
        E pilot shorted, F diode fault (IEC 61851-1); plugs in first if unplugged."""
        ...

    def pilot_state(self) -> str:
        """The control-pilot state A-F the EV side measures now."""
        ...

    def pilot_trace(self) -> list[str]:
        """Every control-pilot state entered since the last reset."""
        ...

    def pp_resistance(self) -> float:
        """The proximity-pilot resistor of the cable the EV plugs in with, in ohms."""
        ...

    def pwm_duty(self) -> float: ...

    def pwm_frequency(self) -> float: ...


class CardPresenter(Protocol):
    def tap(self, uid: str) -> None:
        """Hold card ``uid`` to the controller's reader, then take it away."""
        ...


class PowerSwitch(Protocol):
    def power_cycle(self) -> None:
        """Cut the controller's mains and restore it."""
        ...

    def power_off(self) -> None:
        """Cut the controller's mains until :meth:`power_on`."""
        ...

    def power_on(self) -> None: ...

    def powered(self) -> bool: ...


class Meter(Protocol):
    def current_a(self) -> float: ...

    def power_w(self) -> float: ...

    def energy_wh(self) -> float: ...
