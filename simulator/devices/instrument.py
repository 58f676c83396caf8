"""The simulator's EV bench instrument: the SCPI protocol of ``rigs/README.md`` on the model.

One instrument per simulated controller.  It plays the EV (plug, cable rating,
load, the EVCCID an ISO 15118 EV sends), reads what a bench meter and scope
read (PWM duty and frequency, current, power, energy), taps RFID cards and
switches the controller's mains.  The controller is looked up on every command,
so a world reset never leaves the instrument holding a stale model object.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from .. import __version__
from ..model.controller import Controller, ModelError
from ..model.ev import EvSpec, normal_evccid
from ..model.events import Event
from ..model.pilot import CABLE_RATING_BY_OHMS, NO_PWM, PilotState, pp_ohms_for
from ..model.world import World
from ..runtime import Simulation
from .scpi import (
    ILLEGAL_PARAMETER_VALUE,
    SETTINGS_CONFLICT,
    DATA_OUT_OF_RANGE,
    EXECUTION_ERROR,
    Interpreter,
    ScpiError,
    boolean,
    no_parameter,
    number,
    required,
    string,
)

PWM_FREQUENCY_HZ = 1000.0
"""IEC 61851-1: the control pilot oscillates at 1 kHz while a current is offered."""

PILOT_STATES = ("A", "B", "C", "D", "E", "F")
MAX_TRACE_STATES = 100_000
"""A pilot trace nobody clears keeps its most recent states, as the world's event log does."""

CARD_UID = re.compile(r"(?:[0-9A-F]{8}|[0-9A-F]{14}|[0-9A-F]{20})")
"""ISO 14443 UIDs of 4, 7 or 10 bytes, as upper-case hex."""


@dataclass
class EvSettings:
    """What the instrument's EV will be when it plugs in (set while unplugged)."""

    capacity_wh: float = 58_000.0
    soc_percent: float = 20.0
    load_current_a: float = 16.0
    phases: int = 3
    cable_rating_a: float = 32.0
    evccid: str | None = None

    def spec(self) -> EvSpec:
        return EvSpec(
            capacity_wh=self.capacity_wh,
            soc=self.soc_percent / 100,
            max_current_a=self.load_current_a,
            phases=self.phases,
            cable_rating_a=self.cable_rating_a,
            name="bench EV",
            evccid=self.evccid,
        )


@dataclass
class BenchInstrument:
    """The instrument wired to controller ``cp_id`` of ``sim``."""

    sim: Simulation
    cp_id: str
    ev: EvSettings = field(default_factory=EvSettings)
    card: str | None = None
    scpi: Interpreter = field(default_factory=Interpreter)
    pilot_trace: deque[str] = field(default_factory=lambda: deque(maxlen=MAX_TRACE_STATES))
    """The CP states entered since the last clear; :class:`PilotTraces` fills it."""

    def __post_init__(self) -> None:
        self._register()

    @property
    def identity(self) -> str:
        return f"chargebench,SIM-EV-INSTRUMENT,{self.cp_id},{__version__}"

    def controller(self) -> Controller:
        controller = self.sim.controller(self.cp_id)
        if controller is None:
            raise ScpiError(EXECUTION_ERROR, f"Execution error; controller {self.cp_id} is not in the world")
        return controller

    def handle(self, line: str) -> str | None:
        """One line in, the reply of a query out; the model settles as after any API call."""
        self.sim.clock.sync()
        try:
            return self.scpi.execute(line)
        finally:
            self.sim.clock.settle()

    def _clear_trace(self) -> None:
        self.pilot_trace.clear()

    def _pilot_trace(self) -> list[str]:
        return list(self.pilot_trace)

    # -- the command set ---------------------------------------------------------

    def _register(self) -> None:
        cmd = self.scpi.command

        @cmd("*IDN?")
        def idn(p: str | None) -> str:
            no_parameter(p)
            return self.identity

        @cmd("*RST")
        def rst(p: str | None) -> None:
            no_parameter(p)
            controller = self.controller()
            if not controller.powered:
                controller.power_on()
            if controller.ev is not None:
                controller.unplug()
            self.ev = EvSettings()
            self.card = None
            self._clear_trace()

        @cmd("*CLS")
        def cls(p: str | None) -> None:
            no_parameter(p)
            self.scpi.errors.clear()

        @cmd("*OPC?")
        def opc(p: str | None) -> str:
            no_parameter(p)
            return "1"

        @cmd("SYSTem:ERRor?")
        def error(p: str | None) -> str:
            no_parameter(p)
            return self.scpi.pop_error()

        @cmd("SYSTem:ERRor:COUNt?")
        def error_count(p: str | None) -> str:
            no_parameter(p)
            return str(len(self.scpi.errors))

        self._register_ev()
        self._register_readings()
        self._register_card_and_power()

    def _unplugged(self) -> None:
        if self.controller().ev is not None:
            raise ScpiError(SETTINGS_CONFLICT, "Settings conflict; the EV is plugged in (set it up before CP:STAT B)")

    def _register_ev(self) -> None:
        cmd = self.scpi.command

        def setting(pattern: str, attr: str, low: float, high: float, unit: str, kind: type = float) -> None:
            @cmd(pattern)
            def write(p: str | None) -> None:
                value = number(p, low, high, unit)
                if kind is int and not value.is_integer():
                    raise ScpiError(ILLEGAL_PARAMETER_VALUE, f"Illegal parameter value; {p} is not a whole number")
                self._unplugged()
                setattr(self.ev, attr, kind(value))

            @cmd(pattern + "?")
            def read(p: str | None) -> str:
                no_parameter(p)
                return f"{getattr(self.ev, attr):g}"

        setting("EV:CAPacity", "capacity_wh", 1000, 250_000, " Wh")
        setting("EV:SOC", "soc_percent", 0, 100, " %")
        setting("EV:PHASes", "phases", 1, 3, "", int)
        setting("LOAD:CURRent", "load_current_a", 1, 80, " A")

        @cmd("EV:EVCCid")
        def evccid(p: str | None) -> None:
            value = string(p)
            evccid = None
            if value.upper() != "NONE":
                evccid = normal_evccid(value)
                if evccid is None:
                    raise ScpiError(ILLEGAL_PARAMETER_VALUE, f"Illegal parameter value; '{value}' is no EVCCID (12 hex digits) and not NONE")
            self._unplugged()
            self.ev.evccid = evccid

        @cmd("EV:EVCCid?")
        def evccid_query(p: str | None) -> str:
            no_parameter(p)
            return self.ev.evccid or "NONE"

        @cmd("PP:RATing")
        def pp_rating(p: str | None) -> None:
            rating = number(p, 0, 1000, " A")
            if rating not in CABLE_RATING_BY_OHMS.values():
                allowed = ", ".join(f"{a:g}" for a in CABLE_RATING_BY_OHMS.values())
                raise ScpiError(ILLEGAL_PARAMETER_VALUE, f"Illegal parameter value; cable ratings are {allowed} A")
            self._unplugged()
            self.ev.cable_rating_a = rating

        @cmd("PP:RATing?")
        def pp_rating_query(p: str | None) -> str:
            no_parameter(p)
            return f"{self.ev.cable_rating_a:g}"

        @cmd("PP:RESistance?")
        def pp_resistance(p: str | None) -> str:
            no_parameter(p)
            return str(pp_ohms_for(self.ev.cable_rating_a))

        @cmd("CP:STATe")
        def cp_state(p: str | None) -> None:
            wanted = required(p).upper()
            if wanted not in PILOT_STATES:
                raise ScpiError(ILLEGAL_PARAMETER_VALUE, f"Illegal parameter value; '{p}' is not a pilot state A-F")
            state = PilotState(wanted.lower())
            controller = self.controller()
            try:
                if state is PilotState.A:
                    if controller.ev is not None:
                        controller.unplug()
                elif controller.ev is None:
                    controller.plug(self.ev.spec(), state)
                else:
                    controller.ev_pilot_request(state)
            except ModelError as error:
                raise ScpiError(SETTINGS_CONFLICT, f"Settings conflict; {error}") from None
            except ValueError as error:
                raise ScpiError(DATA_OUT_OF_RANGE, f"Data out of range; {error}") from None

        @cmd("CP:STATe?")
        def cp_state_query(p: str | None) -> str:
            no_parameter(p)
            return str(self.controller().pilot).upper()

        @cmd("CP:TRACe?")
        def cp_trace(p: str | None) -> str:
            no_parameter(p)
            return ",".join(self._pilot_trace()) or "NONE"

        @cmd("CP:TRACe:CLEar")
        def cp_trace_clear(p: str | None) -> None:
            no_parameter(p)
            self._clear_trace()

    def _register_readings(self) -> None:
        cmd = self.scpi.command

        @cmd("CP:DUTY?")
        def duty(p: str | None) -> str:
            no_parameter(p)
            return f"{self.controller().duty:.2f}"

        @cmd("CP:FREQuency?")
        def frequency(p: str | None) -> str:
            no_parameter(p)
            return f"{PWM_FREQUENCY_HZ if self.controller().duty != NO_PWM else 0.0:.1f}"

        @cmd("MEASure:POWer?")
        def power(p: str | None) -> str:
            no_parameter(p)
            return f"{self.controller().meter.power_w():.1f}"

        @cmd("MEASure:CURRent?")
        def current(p: str | None) -> str:
            no_parameter(p)
            controller = self.controller()
            phases = controller.ev.spec.phases if controller.ev is not None else 1
            return f"{controller.meter.power_w() / controller.voltage / phases:.2f}"

        @cmd("MEASure:ENERgy?")
        def energy(p: str | None) -> str:
            no_parameter(p)
            return f"{self.controller().meter.read_wh():.1f}"

    def _register_card_and_power(self) -> None:
        cmd = self.scpi.command

        @cmd("CARD:PRESent")
        def present(p: str | None) -> None:
            uid = string(p).upper()
            if not CARD_UID.fullmatch(uid):
                raise ScpiError(ILLEGAL_PARAMETER_VALUE, f"Illegal parameter value; '{uid}' is not a 4, 7 or 10 byte hex UID")
            if self.card is not None:
                raise ScpiError(SETTINGS_CONFLICT, f"Settings conflict; card {self.card} is still on the reader (CARD:REM first)")
            self.card = uid
            self.controller().present_tag(uid)

        @cmd("CARD:REMove")
        def remove(p: str | None) -> None:
            no_parameter(p)
            self.card = None

        @cmd("CARD?")
        def card(p: str | None) -> str:
            no_parameter(p)
            return self.card or "NONE"

        @cmd("POWer:CYCLe")
        def power_cycle(p: str | None) -> None:
            no_parameter(p)
            controller = self.controller()
            if not controller.powered:
                raise ScpiError(SETTINGS_CONFLICT, "Settings conflict; the mains are off (POW:STAT ON first)")
            controller.power_cycle("PowerLoss")

        @cmd("POWer:STATe")
        def power_state(p: str | None) -> None:
            on = boolean(p)
            controller = self.controller()
            if on and not controller.powered:
                controller.power_on()
            elif not on and controller.powered:
                controller.power_off("PowerLoss")

        @cmd("POWer:STATe?")
        def power_state_query(p: str | None) -> str:
            no_parameter(p)
            return "1" if self.controller().powered else "0"


class PilotTraces:
    """Fills each instrument's pilot trace from the world's events as they happen: a
    listener gets them at every trace level, the recorded trace only at ``full``.  One
    listener for all instruments, so an event costs one lookup however many there are."""

    def __init__(self, sim: Simulation, instruments: dict[str, BenchInstrument]) -> None:
        self.sim = sim
        self.traces = {cp_id: instrument.pilot_trace for cp_id, instrument in instruments.items()}
        self.attach(sim.world)
        sim.world_listeners.append(self.attach)

    def attach(self, world: World) -> None:
        """A rebuilt world starts every trace afresh: everything in it is new."""
        for trace in self.traces.values():
            trace.clear()
        world.events.subscribe(self.on_event, ("pilot",))

    def on_event(self, event: Event) -> None:
        trace = self.traces.get(event.source)
        if trace is not None:
            trace.append(str(event.data["state"]).upper())

    def close(self) -> None:
        self.sim.world_listeners.remove(self.attach)
        self.sim.world.events.unsubscribe(self.on_event)
