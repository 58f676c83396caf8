"""The roaming CPO's CDR in the pure model: with a back office it waits for the back
office's priced session and carries its energy and price; without one it carries the
controller's energy and no cost.  (The HTTP flow is in features/roaming/flows.feature.)"""

from __future__ import annotations

import dataclasses
from typing import Any

from simulator.model.ev import EvSpec
from simulator.model.events import Event
from simulator.model.roaming.operator import Outgoing
from simulator.model.world import WorldConfig
from simulator.runtime import Simulation

CP_ID = "CP-1"
EVSE_ID = "DE*CBS*ECP1"
EVCO_ID = "DE*8PS*C00001*6"
HOUR_S = 3600.0


def remote_session(config: WorldConfig) -> tuple[Simulation, list[Outgoing]]:
    """A remote start at CP-1, an hour of charging, a remote stop; every call the CPO sends."""
    sim = Simulation(config)
    world = sim.world
    operator = world.roaming.operator
    assert operator is not None
    sent: list[Outgoing] = []

    def follow(event: Event) -> None:
        sent.extend(operator.on_event(event))

    world.events.subscribe(follow)
    world.controllers[CP_ID].plug(EvSpec(capacity_wh=60_000.0))
    operator.start_remote(EVSE_ID, {"identifier-type": "evco-id", "identifier": EVCO_ID})
    sim.clock.advance(HOUR_S)
    operator.stop_remote(EVSE_ID, None)
    sim.clock.settle()
    return sim, sent


def cdrs(sent: list[Outgoing]) -> list[dict[str, Any]]:
    return [o.fields for o in sent if o.call == "session-post" and "stop" in o.fields["session-interval"]]


def test_the_cdr_waits_for_the_back_office_and_carries_its_energy_and_price() -> None:
    sim, sent = remote_session(WorldConfig.load())
    backoffice = sim.world.backoffice
    controller = sim.world.controllers[CP_ID]
    transaction = controller.transactions[-1]
    energy_wh = int(transaction.consumption_wh(transaction.meter_stop))
    assert cdrs(sent) == [], "the CDR left before the back office priced the session"
    pending = backoffice.charging.running_on(backoffice.socket_for_controller(CP_ID).id)
    assert pending is not None and pending["tokenString"] == EVCO_ID
    # what the controller's link reports over /abs/cs/session, here called directly
    now = backoffice.unix_now()
    session = backoffice.cs_start(pending["socketId"], EVCO_ID, now - int(HOUR_S), transaction.id)
    backoffice.charging.end(session.id, now, energy_wh, "Remote")
    [cdr] = cdrs(sent)
    [priced] = backoffice.completed_sessions()
    assert priced["transactionId"] == transaction.id and priced["energyWh"] == energy_wh > 0
    assert cdr["energy-consumed"] == energy_wh / 1000
    assert cdr["calculated-cost"] == {"amount": priced["totalPrice"], "currency": priced["currency"]}
    assert priced["totalPrice"] > 0


def test_without_a_back_office_the_cdr_carries_the_controllers_energy_and_no_cost() -> None:
    sim, sent = remote_session(dataclasses.replace(WorldConfig.load(), backoffice={}))
    transaction = sim.world.controllers[CP_ID].transactions[-1]
    [cdr] = cdrs(sent)
    assert cdr["energy-consumed"] == round(transaction.consumption_wh(transaction.meter_stop)) / 1000 > 0
    assert "calculated-cost" not in cdr
    assert sim.world.backoffice.completed_sessions() == []
