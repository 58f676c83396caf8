"""The electric vehicle as the controller sees it: a battery behind an on-board charger."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .battery import DEFAULT_FULL_SOC, DEFAULT_TRANSITION_SOC
from .pilot import PilotState

NOMINAL_VOLTAGE = 230.0
"""Phase-to-neutral voltage of the European grid (EN 50160)."""

EVCCID = re.compile(r"[0-9A-F]{12}")
"""The EV communication controller's id (ISO 15118-2 / DIN 70121): its MAC, 6 bytes as hex."""


def normal_evccid(text: str) -> str | None:
    """``00:1a:2b:3c:4d:5e``, ``00-1A-...`` and ``001A2B3C4D5E`` are one EVCCID: upper-case hex
    without separators; None for anything else."""
    bare = text.replace(":", "").replace("-", "").upper()
    return bare if EVCCID.fullmatch(bare) else None


@dataclass
class EvSpec:
    """What a driver plugs in; defaults are a VW ID.3 (MODEL-PARAMETERS.md)."""

    capacity_wh: float = 58_000.0
    soc: float = 0.2
    max_current_a: float = 16.0
    phases: int = 3
    cable_rating_a: float = 32.0
    transition_soc: float = DEFAULT_TRANSITION_SOC
    full_soc: float = DEFAULT_FULL_SOC
    target_soc: float = 1.0
    name: str = "EV"
    evccid: str | None = None
    """Sent by an EV that talks ISO 15118 / DIN 70121 as it plugs in; None for a basic IEC 61851 EV."""

    def __post_init__(self) -> None:
        if self.capacity_wh <= 0:
            raise ValueError("battery capacity must be positive")
        if not 0.0 <= self.soc <= 1.0:
            raise ValueError("state of charge must be between 0 and 1")
        if self.phases not in (1, 2, 3):
            raise ValueError("phases must be 1, 2 or 3")
        if self.max_current_a <= 0 or self.cable_rating_a <= 0:
            raise ValueError("currents must be positive")
        if not 0.0 < self.transition_soc < self.full_soc <= 1.0:
            raise ValueError("need 0 < transition SoC < full SoC <= 1")
        if self.evccid is not None:
            evccid = normal_evccid(self.evccid) if isinstance(self.evccid, str) else None
            if evccid is None:
                raise ValueError("an EVCCID is the EV's MAC: 12 hex digits, optionally separated by ':' or '-'")
            self.evccid = evccid

    def charge_current(self, offered_a: float) -> float:
        """The current drawn: the lowest of offer, cable and on-board charger."""
        return min(offered_a, self.cable_rating_a, self.max_current_a)


@dataclass(slots=True)
class Ev:
    """A plugged EV whose state of charge the socket updates as energy flows."""

    spec: EvSpec
    soc: float = field(init=False)
    wants_energy: bool = field(init=False, default=True)
    pilot_request: PilotState = field(init=False, default=PilotState.C)
    """What the EV signals on the pilot (IEC 61851-1): C ready (B while no current is offered),
    B not ready, D ready and needs ventilation; E and F are pilot faults (short, failed diode)."""

    def __post_init__(self) -> None:
        self.soc = self.spec.soc
        self.wants_energy = self.soc < min(self.spec.full_soc, self.spec.target_soc)
