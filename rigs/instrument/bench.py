"""The EV bench instrument as driver: EvEmulator, CardPresenter, PowerSwitch and Meter over SCPI."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..protocols import EvParameters
from .link import ScpiLink


@dataclass
class SerialBenchInstrument:
    link: ScpiLink
    _evccid_set: bool = field(default=False, init=False)
    """EV:EVCC goes out only for an EV with an EVCCID, or to clear the last one: an
    instrument without high-level communication never sees it (feature ``ev-evccid``)."""

    def identify(self) -> str:
        return self.link.query("*IDN?")

    def reset(self) -> None:
        """Mains on, EV unplugged, no card on the reader, EV settings and pilot trace back to defaults."""
        self.link.write("*RST")
        self._evccid_set = False

    # -- EvEmulator -------------------------------------------------------------

    def plug(self, ev: EvParameters) -> None:
        self.link.write(f"EV:CAP {ev.capacity_wh:g}")
        self.link.write(f"EV:SOC {ev.soc * 100:g}")
        self.link.write(f"EV:PHAS {ev.phases:d}")
        self.link.write(f"LOAD:CURR {ev.max_current_a:g}")
        self.link.write(f"PP:RAT {ev.cable_rating_a:g}")
        if ev.evccid or self._evccid_set:
            self.link.write(f'EV:EVCC "{ev.evccid}"' if ev.evccid else "EV:EVCC NONE")
            self._evccid_set = bool(ev.evccid)
        self.link.write("CP:STAT B")
        self.link.write("CP:STAT C")

    def unplug(self) -> None:
        self.link.write("CP:STAT A")

    def signal(self, state: str) -> None:
        self.link.write(f"CP:STAT {state}")

    def pilot_state(self) -> str:
        return self.link.query("CP:STAT?")

    def pilot_trace(self) -> list[str]:
        reply = self.link.query("CP:TRAC?")
        return [] if reply == "NONE" else reply.split(",")

    def pp_resistance(self) -> float:
        return self.link.query_float("PP:RES?")

    def pwm_duty(self) -> float:
        return self.link.query_float("CP:DUTY?")

    def pwm_frequency(self) -> float:
        return self.link.query_float("CP:FREQ?")

    # -- CardPresenter ------------------------------------------------------------

    def tap(self, uid: str) -> None:
        self.link.write(f'CARD:PRES "{uid}"')
        self.link.write("CARD:REM")

    # -- PowerSwitch ----------------------------------------------------------------

    def power_cycle(self) -> None:
        self.link.write("POW:CYCL")

    def power_off(self) -> None:
        self.link.write("POW:STAT OFF")

    def power_on(self) -> None:
        self.link.write("POW:STAT ON")

    def powered(self) -> bool:
        return self.link.query("POW:STAT?") == "1"

    # -- Meter ------------------------------------------------------------------------

    def current_a(self) -> float:
        return self.link.query_float("MEAS:CURR?")

    def power_w(self) -> float:
        return self.link.query_float("MEAS:POW?")

    def energy_wh(self) -> float:
        return self.link.query_float("MEAS:ENER?")

    def close(self) -> None:
        self.link.close()
