"""Steps that drive and read the bench instrument: pilot states, measurements with limits, the rig's own meter, mains."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from reports.measurements import Measurements
from rigs.controller.transport import TransportError
from rigs.protocols import Meter, PowerSwitch

from .charging import curve_energy_wh, curve_power_w, ev_emulator
from .context import Scenario


def _meter(scenario: Scenario) -> Meter:
    return scenario.target.instrument(scenario.cp_id, "meter")


def _power_switch(scenario: Scenario) -> PowerSwitch:
    return scenario.target.instrument(scenario.cp_id, "power-switch")


@given(parsers.parse("the EV's cable is rated {amps:g} A"))
def cable_rating(scenario: Scenario, amps: float) -> None:
    scenario.ev["cableRating"] = amps


@given(parsers.parse('the EV signals control pilot state "{state}"'))
@when(parsers.parse('the EV signals control pilot state "{state}"'))
def ev_signals(scenario: Scenario, state: str) -> None:
    ev_emulator(scenario).signal(state)


@then(parsers.parse("the measured PWM duty cycle is {duty:g} % within {tolerance:g} %"))
def pwm_duty(scenario: Scenario, measurements: Measurements, duty: float, tolerance: float) -> None:
    measurements.within("PWM duty cycle", ev_emulator(scenario).pwm_duty(), "%", duty, tolerance)


@then(parsers.parse("the measured PWM frequency is {hz:g} Hz within {tolerance:g} Hz"))
def pwm_frequency(scenario: Scenario, measurements: Measurements, hz: float, tolerance: float) -> None:
    measurements.within("PWM frequency", ev_emulator(scenario).pwm_frequency(), "Hz", hz, tolerance)


@then(parsers.parse("the bench's proximity resistor reads {ohms:d} Ohm"))
def pp_resistance(scenario: Scenario, measurements: Measurements, ohms: int) -> None:
    measurements.within("proximity pilot resistor", ev_emulator(scenario).pp_resistance(), "Ohm", ohms, ohms * 0.01)


@then(parsers.parse("the measured charging power is what the two-stage curve gives after {minutes:g} minutes within {pct:g}%"))
def charging_power_on_curve(scenario: Scenario, measurements: Measurements, minutes: float, pct: float) -> None:
    watts = curve_power_w(scenario, minutes)
    measurements.within("charging power", _meter(scenario).power_w(), "W", watts, watts * pct / 100)


@then(parsers.parse("the rig's meter measured what the two-stage curve gives in {minutes:g} minutes within {pct:g}%"))
def metered_on_curve(scenario: Scenario, measurements: Measurements, minutes: float, pct: float) -> None:
    wh = curve_energy_wh(scenario, minutes)
    metered = _meter(scenario).energy_wh() - scenario.values["meter start Wh"]
    measurements.within("energy since the reading", metered, "Wh", wh, wh * pct / 100)


@then(parsers.parse('the measured control pilot state is "{state}"'))
def pilot_state(scenario: Scenario, state: str) -> None:
    measured = ev_emulator(scenario).pilot_state()
    assert measured == state, f"the instrument measures control pilot state {measured}"


@then(parsers.parse("the measured load current is {amps:g} A within {tolerance:g} A"))
def load_current(scenario: Scenario, measurements: Measurements, amps: float, tolerance: float) -> None:
    measurements.within("EV load current", _meter(scenario).current_a(), "A", amps, tolerance)


@then(parsers.parse("the measured charging power is {watts:g} W within {pct:g}%"))
def charging_power(scenario: Scenario, measurements: Measurements, watts: float, pct: float) -> None:
    measurements.within("charging power", _meter(scenario).power_w(), "W", watts, watts * pct / 100)


@given("the rig's meter reading is taken")
@when("the rig's meter reading is taken")
def meter_reading(scenario: Scenario) -> None:
    scenario.values["meter start Wh"] = _meter(scenario).energy_wh()


@then(parsers.parse("the rig's meter measured {wh:g} Wh within {tolerance:g} Wh since the reading"))
def metered_since(scenario: Scenario, measurements: Measurements, wh: float, tolerance: float) -> None:
    metered = _meter(scenario).energy_wh() - scenario.values["meter start Wh"]
    measurements.within("energy since the reading", metered, "Wh", wh, tolerance)


@then(parsers.parse("the last transaction's energy matches the rig's meter within {pct:g}%"))
def energy_matches_meter(scenario: Scenario, measurements: Measurements, pct: float) -> None:
    metered = _meter(scenario).energy_wh() - scenario.values["meter start Wh"]
    reply = scenario.api.transactions()
    assert reply.status == 200 and reply.body, f"no completed transaction: {reply}"
    consumption = float(reply.body[-1]["consumption"])
    assert metered > 0, "the rig's meter saw no energy: the scenario is wrong"
    measurements.within("controller energy against the rig's meter", consumption, "Wh", metered, metered * pct / 100)


@when("the controller's mains are cut and restored")
def mains_cut(scenario: Scenario) -> None:
    _power_switch(scenario).power_cycle()


@when("the controller's mains are switched off")
def mains_off(scenario: Scenario) -> None:
    _power_switch(scenario).power_off()
    assert not _power_switch(scenario).powered(), "the power switch still reports the mains on"


@when("the controller's mains are switched on")
def mains_on(scenario: Scenario) -> None:
    _power_switch(scenario).power_on()
    assert _power_switch(scenario).powered(), "the power switch still reports the mains off"


@then("the controller answers nothing over REST")
def no_rest_answer(scenario: Scenario) -> None:
    """Not even a login token: a dead controller gives no HTTP status at all."""
    client = scenario.target.controller(scenario.cp_id, transport="rest")
    try:
        reply = client.call("GET", "/login")
    except TransportError:
        return
    raise AssertionError(f"a controller without mains answered HTTP {reply.status}: {reply.body!r}")


@then(parsers.parse('the last completed transaction ended with reason "{reason}"'))
def ended_with(scenario: Scenario, reason: str) -> None:
    reply = scenario.api.transactions()
    assert reply.status == 200 and reply.body, f"no completed transaction: {reply}"
    assert reply.body[-1]["stopReason"] == reason, f"the transaction ended with {reply.body[-1]['stopReason']!r}"


@then(parsers.parse('the last completed transaction ended with reason "{reason}" after {seconds:d} seconds holding {wh:g} Wh within {pct:g}%'))
def ended_with_energy(scenario: Scenario, measurements: Measurements, reason: str, seconds: int, wh: float, pct: float) -> None:
    ended_with(scenario, reason)
    tx = scenario.api.transactions().body[-1]
    assert tx["duration"] == seconds, f"the transaction lasted {tx['duration']} s"
    assert tx["consumption"] == tx["meterStop"] - tx["meterStart"], f"consumption is not meterStop - meterStart: {tx}"
    measurements.within("energy of the transaction", tx["consumption"], "Wh", wh, wh * pct / 100)


@then(parsers.parse("the controller has been up for less than {seconds:d} seconds"))
def uptime_below(scenario: Scenario, seconds: int) -> None:
    reply = scenario.api.get_settings(["Uptime_mon"])
    assert reply.status == 200, reply
    uptime = reply.body["result"]["Uptime_mon"]["value"]
    assert uptime < seconds, f"the controller has been up for {uptime} s"
