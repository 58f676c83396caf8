"""Steps of a charging session: an EV plugs in, a card is tapped, energy flows.

The EV and the card go through the rig's drivers (the serial bench instrument,
on the simulator as on a bench), never through the simulator's shortcuts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from reports.measurements import Measurements
from rigs.protocols import CardPresenter, EvEmulator, EvParameters

from .context import Scenario, literal
from .physics import expected_energy_wh, expected_power_w


def ev_emulator(scenario: Scenario) -> EvEmulator:
    return scenario.target.instrument(scenario.cp_id, "ev-emulator")


def _tap(scenario: Scenario, uid: str) -> None:
    cards = scenario.target.resources(scenario.cp_id).cards
    if cards is not None and uid.upper() not in cards:
        pytest.skip(f"card {uid} is not on the card presenter of rig {scenario.target.name!r} (it has {', '.join(cards)})")
    presenter: CardPresenter = scenario.target.instrument(scenario.cp_id, "card-presenter")
    presenter.tap(uid)


@given(parsers.parse("an EV with a {kwh:g} kWh battery at {soc:g}% state of charge, drawing at most {amps:g} A on {phases:d} phases"))
def an_ev(scenario: Scenario, kwh: float, soc: float, amps: float, phases: int) -> None:
    scenario.ev = {"capacityWh": kwh * 1000, "soc": soc / 100, "maxCurrent": amps, "phases": phases, "name": f"{kwh:g} kWh EV"}


@given(parsers.parse('a "{model}" at {soc:g}% state of charge'))
def a_model(scenario: Scenario, factory, model: str, soc: float) -> None:  # type: ignore[no-untyped-def]
    scenario.ev = {**factory.ev(model), "soc": soc / 100}


@given(parsers.parse('the EV identifies itself with EVCCID "{evccid}"'))
def ev_sends_evccid(scenario: Scenario, evccid: str) -> None:
    scenario.ev = {**scenario.ev, "evccid": evccid}


@given("the EV plugs in")
@when("the EV plugs in")
def ev_plugs_in(scenario: Scenario) -> None:
    ev_emulator(scenario).plug(EvParameters.from_mapping(scenario.ev))


@when(parsers.parse("the EV plugs in through the simulator, stopping at {target:g}% state of charge"))
def ev_plugs_in_with_target(scenario: Scenario, target: float) -> None:
    """An EV that wants only part of its battery (a driver's target): the bench instrument cannot say so."""
    ev = scenario.ev
    scenario.sim.plug(scenario.cp_id, capacityWh=ev["capacityWh"], soc=ev["soc"], maxCurrent=ev["maxCurrent"],
                      phases=ev["phases"], targetSoc=target / 100)


@then(parsers.parse("the simulator shows the EV at {soc:g} % state of charge"))
def simulated_soc_is(scenario: Scenario, measurements: Measurements, soc: float) -> None:
    shown = scenario.sim.state()["controllers"][scenario.cp_id]["ev"]
    assert shown is not None, "the simulator shows no EV"
    measurements.within("EV state of charge", 100 * shown["soc"], "%", soc, 0.001)


@given("the EV unplugs")
@when("the EV unplugs")
def ev_unplugs(scenario: Scenario) -> None:
    ev_emulator(scenario).unplug()


@given(parsers.parse('RFID tag "{tag}" is presented'))
@when(parsers.parse('RFID tag "{tag}" is presented'))
def tag_presented(scenario: Scenario, tag: str) -> None:
    _tap(scenario, tag)


@given("an unknown RFID tag is presented")
@when("an unknown RFID tag is presented")
def unknown_tag(scenario: Scenario, factory) -> None:  # type: ignore[no-untyped-def]
    resources = scenario.target.resources(scenario.cp_id)
    tag = factory.tag_uid() if resources.cards is None else resources.unknown_card
    if tag is None:
        pytest.skip(f"rig {scenario.target.name!r} names no 'unknown_card' on the presenter of {scenario.cp_id}")
    scenario.values["unknown tag"] = tag
    _tap(scenario, tag)


@then(parsers.parse("the controller offers {amps:g} A"))
def offers(scenario: Scenario, amps: float) -> None:
    reply = scenario.api.system_state()
    assert reply.status == 200
    offered = reply.body["transaction"]["offeredCurrent"]
    assert offered == amps, f"offered {offered} A"


def drawn_current(scenario: Scenario) -> float:
    """What the scenario's EV draws: the lowest of its own limit, the controller's and the cable's."""
    ev = scenario.ev
    settings = scenario.api.get_settings(["MaxCurrent_ctl"]).body["result"]
    return min(ev["maxCurrent"], settings["MaxCurrent_ctl"]["value"], ev.get("cableRating", 32))


def curve_power_w(scenario: Scenario, minutes: float) -> float:
    """The oracle's power after ``minutes`` of charging the scenario's EV."""
    ev = scenario.ev
    return expected_power_w(ev["capacityWh"], ev["soc"], drawn_current(scenario), ev["phases"], minutes * 60)


def curve_energy_wh(scenario: Scenario, minutes: float) -> float:
    """The oracle's energy for ``minutes`` of charging the scenario's EV."""
    ev = scenario.ev
    return expected_energy_wh(ev["capacityWh"], ev["soc"], drawn_current(scenario), ev["phases"], minutes * 60)


@then(parsers.parse("the simulator shows the EV's state of charge the two-stage curve gives after {minutes:g} minutes within {tolerance:g} %"))
def simulated_soc(scenario: Scenario, measurements: Measurements, minutes: float, tolerance: float) -> None:
    ev = scenario.ev
    expected = 100 * (ev["soc"] + curve_energy_wh(scenario, minutes) / ev["capacityWh"])
    shown = scenario.sim.state()["controllers"][scenario.cp_id]["ev"]
    assert shown is not None, "the simulator shows no EV"
    measurements.within("EV state of charge", 100 * shown["soc"], "%", expected, tolerance)


def _reported_power(scenario: Scenario) -> float:
    reply = scenario.api.system_state()
    assert reply.status == 200 and "transaction" in reply.body, f"no running transaction: {reply.body!r}"
    return float(reply.body["transaction"]["power"])


@then(parsers.parse("the controller reports a charging power of {watts:g} W within {pct:g}%"))
def reported_power(scenario: Scenario, measurements: Measurements, watts: float, pct: float) -> None:
    measurements.within("charging power the controller reports", _reported_power(scenario), "W", watts, watts * pct / 100)


@then(parsers.parse("the controller reports a charging power the two-stage curve gives after {minutes:g} minutes within {pct:g}%"))
def reported_power_on_curve(scenario: Scenario, measurements: Measurements, minutes: float, pct: float) -> None:
    watts = curve_power_w(scenario, minutes)
    measurements.within("charging power the controller reports", _reported_power(scenario), "W", watts, watts * pct / 100)


@then(parsers.parse("the last completed transaction holds the energy the physics allow within {pct:g}%"))
def energy_matches_physics(scenario: Scenario, pct: float) -> None:
    reply = scenario.api.transactions()
    assert reply.status == 200 and reply.body, f"no completed transaction: {reply}"
    tx = reply.body[-1]
    ev = scenario.ev
    expected = expected_energy_wh(ev["capacityWh"], ev["soc"], drawn_current(scenario), ev["phases"], tx["duration"])
    assert expected > 0, "the oracle expects no energy: the scenario is wrong"
    assert abs(tx["consumption"] - expected) <= expected * pct / 100, f"metered {tx['consumption']} Wh, physics allow {expected:.0f} Wh"
    scenario.values["transaction"] = tx


@then(parsers.parse('the running transaction was started by tag "{tag}"'))
def running_started_by(scenario: Scenario, tag: str) -> None:
    reply = scenario.api.system_state()
    assert reply.status == 200 and "transaction" in reply.body, f"no running transaction: {reply.body!r}"
    assert reply.body["transaction"]["tag"] == tag, f"the transaction was started by {reply.body['transaction']['tag']!r}"


@then(parsers.parse('the event trace shows the cards "{uids}" presented in this order'))
def cards_in_trace(scenario: Scenario, uids: str) -> None:
    trace = scenario.sim.events(0, scenario.cp_id)["events"]
    presented = [e["data"]["tag"] for e in trace if e["kind"] == "tag_presented"]
    assert presented == [u.strip() for u in uids.split(",")], f"the trace shows {presented}"


def _fields(datatable: list[list[str]]) -> dict[str, Any]:
    return {key: literal(value) for key, value in zip(datatable[0], datatable[1])}


@then("the running transaction shows:")
def running_shows(scenario: Scenario, datatable: list[list[str]]) -> None:
    reply = scenario.api.system_state()
    assert reply.status == 200 and "transaction" in reply.body, f"no running transaction: {reply.body!r}"
    shown = reply.body["transaction"]
    wanted = _fields(datatable)
    assert {k: shown.get(k) for k in wanted} == wanted, f"the running transaction shows {shown}"


@then("the last completed transaction shows:")
def completed_shows(scenario: Scenario, datatable: list[list[str]]) -> None:
    reply = scenario.api.transactions()
    assert reply.status == 200 and reply.body, f"no completed transaction: {reply}"
    tx = reply.body[-1]
    wanted = _fields(datatable)
    assert {k: tx.get(k) for k in wanted} == wanted, f"the last transaction shows {tx}"
    start, stop = (datetime.fromisoformat(tx[k].replace("Z", "+00:00")) for k in ("startTime", "stopTime"))
    assert round((stop - start).total_seconds()) == tx["duration"], f"startTime, stopTime and duration disagree: {tx}"
    assert tx["consumption"] == tx["meterStop"] - tx["meterStart"], f"consumption is not meterStop - meterStart: {tx}"


@then(parsers.parse('it was started by tag "{tag}"'))
def started_by(scenario: Scenario, tag: str) -> None:
    assert scenario.values["transaction"]["tag"] == tag


@then(parsers.parse('the control pilot went through the states "{states}"'))
def pilot_trace(scenario: Scenario, states: str) -> None:
    seen = ev_emulator(scenario).pilot_trace()
    assert seen == [s.strip() for s in states.split(",")], f"pilot states were {seen}"


@then("no energy was metered")
def no_energy(scenario: Scenario) -> None:
    reply = scenario.api.transactions()
    assert reply.status == 200 and reply.body == [], f"transactions: {reply.body!r}"
    state = scenario.api.system_state().body
    assert "transaction" not in state, state
