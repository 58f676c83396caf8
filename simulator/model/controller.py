"""The charge controller: one Type 2 socket, its relay, meter, pilot and authorization.

Pure SimPy: every state change is a method call at the current model instant or
a SimPy timeout scheduled for the next analytic milestone (taper point, battery
full, authorization timeout).  Nothing here does I/O; what happened goes to the
world's :class:`EventLog`.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from typing import Any, Callable

import simpy

from .battery import ChargeCurve
from .calendar import Calendar
from .events import EventLog
from .faults import Fault, FaultLog, Level
from .kvstore import KeyValueStore
from .logins import LoginManager
from .ev import NOMINAL_VOLTAGE, Ev, EvSpec
from .meter import Meter
from .nfc_reader import NfcReader
from .pilot import CHARGING_STATES, NO_PWM, PilotState, current_to_duty, duty_to_current
from .pairing import Pairing
from .settings import SettingsStore
from .users import UserDirectory
from .whitelist import TagType, Whitelist


class ModelError(Exception):
    """An action the physical situation does not allow (e.g. plugging twice)."""


class AuthState(enum.StrEnum):
    NOT_AUTHORIZED = "not_authorized"
    AUTHORIZED = "authorized_for_charging"
    REJECTED = "authorization_rejected"


class SystemState(enum.StrEnum):
    IDLE = "idle"
    OCCUPIED = "occupied"
    CHARGING = "charging"
    SUSPENDED = "suspended"
    ERROR = "error"


class OcppState(enum.StrEnum):
    AVAILABLE = "available"
    PREPARING = "preparing"
    CHARGING = "charging"
    SUSPENDED_EV = "suspended_ev"
    SUSPENDED_EVSE = "suspended_evse"
    FINISHING = "finishing"
    FAULTED = "faulted"


MILESTONE_SLACK_S = 1e-6
"""A milestone this close is reached now: re-arming for less could not move the float clock."""
CONNECTION_STATE = {
    PilotState.A: "no_vehicle_connected",
    PilotState.B: "vehicle_connected_type2",
    PilotState.C: "vehicle_charging_type2",
    PilotState.D: "vehicle_charging_type2",
    PilotState.E: "error",
    PilotState.F: "error",
}


@dataclass(slots=True)
class Transaction:
    id: int
    start: float
    meter_start: float
    tag: str | None
    user_id: str | None
    user_name: str | None
    stop: float | None = None
    meter_stop: float | None = None
    stop_reason: str | None = None

    @property
    def meter_start_wh(self) -> int:
        return round(self.meter_start)

    def consumption_wh(self, meter_now: float) -> int:
        end = self.meter_stop if self.meter_stop is not None else meter_now
        return round(end) - self.meter_start_wh


@dataclass(slots=True)
class Authorization:
    tag: str
    user_id: str | None
    user_name: str | None


def _check_ev_pilot(state: PilotState) -> None:
    if state is PilotState.A:
        raise ModelError("a plugged EV reaches state A only by unplugging")


class Controller:
    """One ebee-style controller driving one Type 2 socket."""

    def __init__(
        self,
        env: simpy.Environment,
        cp_id: str,
        events: EventLog,
        calendar: Calendar,
        logins: LoginManager,
        users: UserDirectory,
        serial: str = "",
        ambient_temp: float = 21.5,
        voltage: float = NOMINAL_VOLTAGE,
    ) -> None:
        self.env = env
        self.id = cp_id
        self.logins = logins
        self.events = events
        self.calendar = calendar
        self.voltage = voltage
        self.ambient_temp = ambient_temp
        self.powered = True
        """False while the mains are off: the controller senses and answers nothing."""
        self.powered_since = float(env.now)
        self.settings = SettingsStore()
        self.settings.values["SerialNumber_sys"] = serial
        self.settings.values["ChargePointId_ocpp"] = cp_id
        self.settings.live.update(
            SysTime_mon=lambda: self.calendar.isoformat(self.env.now),
            Uptime_mon=lambda: int(self.env.now - self.powered_since),
        )
        self.whitelist = Whitelist()
        self.reader = NfcReader(env, self.settings, self._emit)
        self.users = users
        self.kvstore = KeyValueStore()
        self.faults = FaultLog()
        self.pairing = Pairing(env, self.whitelist, self._emit, lambda: bool(self.settings["BuzzerEnabled_hmi"]))
        self.meter = Meter(env)
        self.pilot = PilotState.A
        self.ev: Ev | None = None
        self.duty = NO_PWM
        self.relay_closed = False
        self.authorization: Authorization | None = None
        self.auth_state = AuthState.NOT_AUTHORIZED
        self.transactions: list[Transaction] = []
        self.active: Transaction | None = None
        self.finishing = False
        self._milestone: tuple[float, str] | None = None
        """When the running curve reaches its next milestone (taper or full), and which."""
        self._alarm: simpy.Event | None = None
        """The one timer that wakes the controller for a milestone; a later curve's milestone
        re-arms it when it rings, so an offer that changes often leaves no trail of timers."""
        self._alarm_at = math.inf
        self.current_limit = math.inf
        """A limit set from outside (back-office command, smart grid), in A."""
        self.online_authorizer: Callable[[str], None] | None = None
        """Asked about tags missing from the whitelist; answers via :meth:`authorize_remote`."""

    # -- what the world does to the controller ---------------------------------

    def plug(self, spec: EvSpec, pilot: PilotState = PilotState.C) -> None:
        """An EV plugs in signalling ``pilot`` (B-F, see :meth:`ev_pilot_request`)."""
        if self.ev is not None:
            raise ModelError(f"socket of {self.id} is already occupied")
        _check_ev_pilot(pilot)
        self.ev = Ev(spec)
        self.ev.pilot_request = pilot
        self._emit("plugged", ev=spec.name, soc=spec.soc, capacityWh=spec.capacity_wh, evccid=spec.evccid)
        if self.powered:
            self._ev_noticed()

    def unplug(self) -> None:
        if self.ev is None:
            raise ModelError(f"no EV is plugged into {self.id}")
        if self.active is not None:
            self._end_transaction("EVDisconnected")
        self._stop_energy()
        self.ev = None
        self.finishing = False
        if self.powered:
            self._set_pilot(PilotState.A)
        self._clear_authorization()
        self._emit("unplugged")

    def ev_pilot_request(self, state: PilotState) -> None:
        """The EV switches its side of the pilot (IEC 61851-1); the controller follows at once.

        B: not ready, the EV pauses (no current, the transaction stays, suspended_ev).
        C: ready, charges when current is offered. D: ready, needs ventilation: charges
        if ``Ventilation_ctl`` is on, else an error. E (pilot shorted) and F (the EV's
        diode failed; the controller answers with -12 V) are errors: PWM stops, the
        relay opens, the transaction stays (OCPP 1.6 lets Faulted return to Charging)
        and charging resumes when the EV returns to B or C.
        """
        if self.ev is None:
            raise ModelError(f"no EV is plugged into {self.id}")
        _check_ev_pilot(state)
        self.ev.pilot_request = state
        self._emit("ev_pilot_request", state=str(state))
        self.refresh_offer()
        self._maybe_start()

    def present_tag(self, tag: str) -> AuthState:
        """An RFID card is held to the reader: local whitelist decides (an unpowered reader reads nothing)."""
        if not self.powered:
            return self.auth_state
        self._emit("tag_presented", tag=tag)
        if self.pairing.active:
            self.pairing.read(tag)
            return self.auth_state
        if self.active is not None:
            if self.active.tag == tag:
                self.stop_transaction("Local")
            return self.auth_state
        entry = self.whitelist.get(tag)
        if entry is None and self.online_authorizer is not None and self.settings["OnlineAuth_auth"]:
            self._emit("authorization_requested", tag=tag)
            self.online_authorizer(tag)
            return self.auth_state
        if entry is None:
            return self._reject(tag)
        self._authorize(tag, entry.userid, entry.name)
        self._maybe_start()
        return self.auth_state

    def authorize_remote(self, tag: str, accepted: bool, user_id: str | None = None, user_name: str | None = None) -> AuthState:
        """The back office's answer to an online check, or its remote start (lost while unpowered)."""
        if self.active is not None or not self.powered:
            return self.auth_state
        if not accepted:
            return self._reject(tag)
        self._authorize(tag, user_id, user_name)
        self._maybe_start()
        return self.auth_state

    def withdraw_authorization(self, tag: str) -> None:
        """The back office cancels its remote start before a transaction began."""
        if self.active is None and self.authorization is not None and self.authorization.tag == tag:
            self._clear_authorization()
            self._emit("authorization_withdrawn", tag=tag)

    def set_current_limit(self, amps: float) -> None:
        """Cap the offered current (below 6 A the PWM pauses charging); the same cap again changes nothing."""
        if amps == self.current_limit:
            return
        self.current_limit = amps
        self._emit("current_limit", current=amps)
        self.refresh_offer()

    def reboot(self) -> None:
        """The firmware restarts (a back-office command): a running transaction ends, what lives in
        memory is gone (login sessions and token, a waiting authorization, the back office's
        current limit), a change that waited for a reboot takes effect, uptime restarts. (Spec 001
        clears the pairing list only on power fail, so a reboot leaves pairing mode alone.)"""
        if self.active is not None:
            self.stop_transaction("Reboot")
        self._clear_authorization()
        self.logins.drop_all()
        self.settings.pending_reboot.clear()
        self.current_limit = math.inf
        self.powered_since = float(self.env.now)
        self._emit("rebooted")

    def unlock(self) -> None:
        """Release the cable: a running transaction ends first."""
        if self.active is not None:
            self.stop_transaction("UnlockCommand")
        self._emit("unlocked")

    def enable_pairing(self) -> None:
        if self._system_state() is not SystemState.IDLE:
            raise ModelError("pairing mode may only be enabled while the controller is idle")
        if self.pairing.active:
            raise ModelError("pairing mode is already active")
        self.pairing.enable()

    def power_off(self, reason: str = "PowerLoss") -> None:
        """The mains go: a running transaction ends, what is volatile is lost, the pilot has no +12 V (E)."""
        if not self.powered:
            raise ModelError(f"{self.id} is already off")
        if self.active is not None:
            self._end_transaction(reason)
        self._stop_energy()
        self._clear_authorization()
        self.finishing = False
        self.logins.drop_all()
        self.pairing.power_lost()
        self.settings.pending_reboot.clear()
        self.powered = False
        self._emit("powered_off", reason=reason)
        self._set_pilot(PilotState.E)

    def power_on(self) -> None:
        """The mains return: settings, whitelist and transactions are as stored; uptime restarts."""
        if self.powered:
            raise ModelError(f"{self.id} is already on")
        self.powered = True
        self.powered_since = float(self.env.now)
        self._emit("powered_on")
        if self.ev is None:
            self._set_pilot(PilotState.A)
        else:
            self._ev_noticed()

    def power_cycle(self, reason: str = "PowerLoss") -> None:
        """Power fails and returns at this instant."""
        self.power_off(reason)
        self.power_on()

    def raise_fault(self, level: Level, code: str, message: str) -> bool:
        """A fault appears; an error also ends a running transaction. False if the log is full."""
        if not self.faults.raise_fault(Fault(level, code, message, float(self.env.now))):
            return False
        self._emit("fault_raised", level=str(level), code=code)
        if level is Level.ERROR and self.active is not None:
            self.stop_transaction("Other")
        return True

    def clear_faults(self, code: str | None = None) -> int:
        cleared = self.faults.clear(code)
        self._emit("faults_cleared", code=code, count=cleared)
        self._maybe_start()
        return cleared

    def stop_transaction(self, reason: str) -> None:
        if self.active is None:
            raise ModelError(f"no transaction is running on {self.id}")
        self._end_transaction(reason)
        self._stop_energy()
        self._clear_authorization()
        if self.ev is not None:
            self.finishing = True
            self.refresh_offer()

    # -- what the controller reports ------------------------------------------

    @property
    def offered_current(self) -> float:
        return duty_to_current(self.duty)

    def system_state(self) -> dict[str, Any]:
        state: dict[str, Any] = {
            "systemState": str(self._system_state()),
            "connectionState": CONNECTION_STATE[self.pilot],
            "authState": str(self.auth_state),
            "ocppState": str(self._ocpp_state()),
            "type2State": str(self.pilot),
            "ambientTemp": self.ambient_temp,
        }
        state["hmiState"] = self.reader.hmi_state(state["systemState"])
        if self.active is not None:
            state["transaction"] = self._active_view(self.active)
        return state

    def transaction_view(self, tx: Transaction) -> dict[str, Any]:
        assert tx.stop is not None and tx.meter_stop is not None
        return {
            "id": tx.id,
            "startTime": self.calendar.isoformat(tx.start),
            "stopTime": self.calendar.isoformat(tx.stop),
            "duration": round(tx.stop - tx.start),
            "meterStart": tx.meter_start_wh,
            "meterStop": round(tx.meter_stop),
            "consumption": tx.consumption_wh(tx.meter_stop),
            "tag": tx.tag,
            "userId": tx.user_id,
            "userName": tx.user_name,
            "stopReason": tx.stop_reason,
            "socket": 1,
        }

    def transactions_since(self, moment: float) -> list[Transaction]:
        """Ended transactions that started at or after ``moment``, oldest first."""
        found = []
        for tx in reversed(self.transactions):
            if tx.start < moment:
                break
            found.append(tx)
        return found[::-1]

    # -- internals -------------------------------------------------------------

    def _system_state(self) -> SystemState:
        if self._pilot_fault() is not None or self.faults.has_errors:
            return SystemState.ERROR
        if self.pilot in CHARGING_STATES:
            return SystemState.CHARGING
        if self.active is not None:
            return SystemState.SUSPENDED
        if self.pilot is PilotState.B:
            return SystemState.OCCUPIED
        return SystemState.IDLE

    def _ocpp_state(self) -> OcppState:
        if self._pilot_fault() is not None or self.faults.has_errors:
            return OcppState.FAULTED
        if self.active is not None:
            if self.pilot in CHARGING_STATES:
                return OcppState.CHARGING
            if self.offered_current <= 0:
                return OcppState.SUSPENDED_EVSE
            return OcppState.SUSPENDED_EV
        if self.pilot is PilotState.A:
            return OcppState.PREPARING if self.authorization else OcppState.AVAILABLE
        return OcppState.FINISHING if self.finishing else OcppState.PREPARING

    def _active_view(self, tx: Transaction) -> dict[str, Any]:
        meter = self.meter.read_wh()
        power = self.meter.power_w()
        return {
            "id": tx.id,
            "startTime": self.calendar.isoformat(tx.start),
            "duration": round(self.env.now - tx.start),
            "meterStart": tx.meter_start_wh,
            "consumption": tx.consumption_wh(meter),
            "power": round(power, 1),
            "current": round(power / self.voltage / self.ev.spec.phases, 2) if self.ev else 0.0,
            "offeredCurrent": round(self.offered_current, 1),
            "tag": tx.tag,
            "userId": tx.user_id,
        }

    def _emit(self, kind: str, **data: Any) -> None:
        self.events.record(float(self.env.now), self.id, kind, data)

    def _set_pilot(self, state: PilotState) -> None:
        if state is not self.pilot:
            self.pilot = state
            self._emit("pilot", state=str(state))

    def _authorize(self, tag: str | None, user_id: str | None, user_name: str | None) -> None:
        timeout = float(self.settings["AuthTimeout_auth"])
        self.authorization = Authorization(tag or "", user_id, user_name)
        self.auth_state = AuthState.AUTHORIZED
        self._emit("authorized", tag=tag, userId=user_id)
        if self.ev is None:
            expiry = self.env.timeout(timeout)
            expiry.callbacks.append(lambda _e, auth=self.authorization: self._expire(auth))

    def _reject(self, tag: str) -> AuthState:
        self.authorization = None
        self.auth_state = AuthState.REJECTED
        self._emit("authorization_rejected", tag=tag)
        return self.auth_state

    def _expire(self, auth: Authorization) -> None:
        if self.authorization is auth and self.active is None:
            self._clear_authorization()
            self._emit("authorization_expired", tag=auth.tag)

    def _clear_authorization(self) -> None:
        self.authorization = None
        self.auth_state = AuthState.NOT_AUTHORIZED

    def _maybe_start(self) -> None:
        if self.active is not None or self.ev is None or self.authorization is None:
            return
        if self.faults.has_errors or self._pilot_fault() is not None:
            return
        auth = self.authorization
        self.finishing = False
        self.active = Transaction(
            id=len(self.transactions) + 1,
            start=float(self.env.now),
            meter_start=self.meter.read_wh(),
            tag=auth.tag or None,
            user_id=auth.user_id,
            user_name=auth.user_name,
        )
        self._emit("transaction_started", id=self.active.id, tag=self.active.tag, meterStart=self.active.meter_start_wh)
        self.relay_closed = True
        self.refresh_offer()

    def refresh_offer(self) -> None:
        """Offer the current the settings and cable allow (none on a pilot fault); the EV reacts to the PWM."""
        if self.ev is None or not self.powered:
            self.duty = NO_PWM
            return
        fault = self._pilot_fault()
        limit = 0.0
        if self.relay_closed and fault is None:
            limit = min(float(self.settings["MaxCurrent_ctl"]), self.ev.spec.cable_rating_a, self.current_limit)
        duty = current_to_duty(limit)
        if duty != self.duty:
            self.duty = duty
            self._emit("pwm", duty=duty, current=duty_to_current(duty))
        self._ev_follow_offer(fault)

    def _pilot_fault(self) -> PilotState | None:
        """The pilot error the controller sees: E (no pilot: shorted, or the mains off), F, or D without ventilation."""
        if not self.powered:
            return PilotState.E
        request = self.ev.pilot_request if self.ev is not None else None
        if request in (PilotState.E, PilotState.F):
            return request
        if request is PilotState.D and not self.settings["Ventilation_ctl"]:
            return request
        return None

    def _ev_noticed(self) -> None:
        """A powered controller sees the plugged EV: pilot B (or its fault). Its EVCCID, if it
        sends one, is the pairing token in pairing mode; free charging authorizes it, else a
        whitelisted EVCCID does (Autocharge), else it waits for a card."""
        assert self.ev is not None
        self.refresh_offer()
        evccid = self.ev.spec.evccid
        if evccid is not None and self.pairing.active:
            self.pairing.read(evccid, TagType.EVCCID)
        elif self.authorization is None and self.settings["FreeCharging_auth"]:
            self._authorize(tag=None, user_id=None, user_name=None)
        elif self.authorization is None and evccid is not None:
            entry = self.whitelist.find_evccid(evccid)
            if entry is not None:
                self._emit("ev_identified", evccid=evccid)
                self._authorize(evccid, entry.userid, entry.name)
        self._maybe_start()

    def _ev_follow_offer(self, fault: PilotState | None) -> None:
        ev = self.ev
        assert ev is not None
        offered = duty_to_current(self.duty)
        charging = fault is None and offered > 0 and ev.wants_energy and ev.pilot_request is not PilotState.B
        if charging:
            phases = min(ev.spec.phases, int(self.settings["InstalledPhases_ctl"]))
            power = ev.spec.charge_current(offered) * self.voltage * phases
            running = self.meter.curve
            if running is not None and running.power_w == power and self.pilot is ev.pilot_request:
                return  # the EV draws what it drew (a new offer above its own limit): the curve goes on
        self._fold()
        if fault is not None:
            self._set_pilot(fault)
            return
        if not charging:
            self._set_pilot(PilotState.B)
            return
        curve = ChargeCurve(ev.spec.capacity_wh, ev.soc, power, ev.spec.transition_soc, min(ev.spec.full_soc, ev.spec.target_soc))
        self.meter.start(curve)
        self._set_pilot(ev.pilot_request)
        self._schedule_milestone(curve)

    def _schedule_milestone(self, curve: ChargeCurve) -> None:
        to_taper = curve.seconds_to_transition
        wait, kind = (to_taper, "taper") if to_taper > 0 else (curve.seconds_to_full, "full")
        if math.isinf(wait):
            return
        due = self.env.now + wait
        self._milestone = (due, kind)
        if due < self._alarm_at:
            self._set_alarm(due)

    def _set_alarm(self, at: float) -> None:
        self._alarm_at = at
        self._alarm = self.env.timeout(at - self.env.now)
        self._alarm.callbacks.append(self._ring)

    def _ring(self, alarm: simpy.Event) -> None:
        if alarm is not self._alarm:
            return  # an earlier milestone took its place
        self._alarm, self._alarm_at = None, math.inf
        if self._milestone is None or self.ev is None:
            return
        due, kind = self._milestone
        if due - self.env.now > MILESTONE_SLACK_S:
            self._set_alarm(due)
            return
        self._milestone = None
        self._reach(kind)

    def _reach(self, kind: str) -> None:
        assert self.ev is not None
        if kind == "taper":
            self._emit("taper", soc=round(self.meter.soc() or 0.0, 4))
            self._fold()
            # Snap to the transition: rounding could leave the SoC a hair below it
            # and schedule taper milestones too small for env.now to move.
            self.ev.soc = max(self.ev.soc, self.ev.spec.transition_soc)
            self._ev_follow_offer(self._pilot_fault())
            return
        self._fold()
        self.ev.wants_energy = False
        self._emit("ev_full", soc=round(self.ev.soc, 4))
        self._set_pilot(PilotState.B)

    def _fold(self) -> None:
        soc = self.meter.fold()
        if soc is not None and self.ev is not None:
            self.ev.soc = soc
        self._milestone = None

    def _stop_energy(self) -> None:
        self._fold()
        self.relay_closed = False
        self.duty = NO_PWM

    def _end_transaction(self, reason: str) -> None:
        tx = self.active
        assert tx is not None
        self._fold()
        tx.stop = float(self.env.now)
        tx.meter_stop = self.meter.read_wh()
        tx.stop_reason = reason
        self.transactions.append(tx)
        self.active = None
        self._emit("transaction_stopped", id=tx.id, reason=reason, consumption=tx.consumption_wh(tx.meter_stop))
