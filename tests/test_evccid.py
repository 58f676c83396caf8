"""The EVCCID an ISO 15118 / DIN 70121 EV sends: one spelling inside, clear refusals at every edge."""

from __future__ import annotations

from typing import Iterator

import pytest

from rigs.instrument import InstrumentError, ScpiLink, SerialBenchInstrument
from rigs.protocols import EvParameters
from rigs.simcontrol import SimControl, SimControlError
from simulator.model.ev import EvSpec, normal_evccid
from simulator.server import SimulatorThread

CP_ID = "CP-4"


@pytest.mark.parametrize("written", ["0a1b2c3d4e5f", "0A:1B:2C:3D:4E:5F", "0a-1b-2c-3d-4e-5f"])
def test_every_spelling_of_one_mac_is_one_evccid(written: str) -> None:
    assert normal_evccid(written) == "0A1B2C3D4E5F"
    assert EvSpec(evccid=written).evccid == "0A1B2C3D4E5F"


@pytest.mark.parametrize("wrong", ["", "0A1B2C3D4E", "0A1B2C3D4E5F60", "GG1B2C3D4E5F", "0A:1B:2C:3D:4E"])
def test_what_is_no_mac_is_refused(wrong: str) -> None:
    assert normal_evccid(wrong) is None
    with pytest.raises(ValueError, match="EVCCID"):
        EvSpec(evccid=wrong)


@pytest.fixture
def instrument(simulator: SimulatorThread | None) -> Iterator[SerialBenchInstrument]:
    if simulator is None or simulator.endpoints is None:
        pytest.skip("the simulator's own instrument is under test")
    simulator.call(simulator.sim.reset)
    link = ScpiLink(simulator.endpoints.instrument_ptys[CP_ID], timeout=5.0)
    bench = SerialBenchInstrument(link)
    bench.reset()
    yield bench
    bench.reset()
    link.close()


def test_the_instrument_keeps_the_evccid_until_reset_and_refuses_a_wrong_one(instrument: SerialBenchInstrument) -> None:
    link = instrument.link
    assert link.query("EV:EVCC?") == "NONE"
    link.write('EV:EVCC "0a:1b:2c:3d:4e:5f"')
    assert link.query("EV:EVCC?") == "0A1B2C3D4E5F"
    with pytest.raises(InstrumentError) as refused:
        link.write('EV:EVCC "0A1B2C"')
    assert refused.value.errors[0][0] == -224
    assert link.query("EV:EVCC?") == "0A1B2C3D4E5F"
    instrument.reset()
    assert link.query("EV:EVCC?") == "NONE"


def test_the_evccid_cannot_change_while_the_ev_is_plugged_in(instrument: SerialBenchInstrument) -> None:
    instrument.plug(EvParameters(evccid="0A1B2C3D4E5F"))
    with pytest.raises(InstrumentError) as refused:
        instrument.link.write("EV:EVCC NONE")
    assert refused.value.errors[0][0] == -221
    instrument.unplug()


def test_the_driver_clears_the_last_evccid_for_a_basic_ev(instrument: SerialBenchInstrument) -> None:
    instrument.plug(EvParameters(evccid="0A1B2C3D4E5F"))
    instrument.unplug()
    instrument.plug(EvParameters())
    assert instrument.link.query("EV:EVCC?") == "NONE"
    instrument.unplug()


def test_sim_control_refuses_a_wrong_evccid_and_plugs_nothing(simulator: SimulatorThread | None) -> None:
    if simulator is None or simulator.endpoints is None:
        pytest.skip("sim-control exists only on the simulator")
    simulator.call(simulator.sim.reset)
    sim = SimControl(simulator.endpoints.base_url)
    try:
        with pytest.raises(SimControlError, match="EVCCID"):
            sim.plug(CP_ID, evccid="not a mac")
        assert sim.state()["controllers"][CP_ID]["ev"] is None
    finally:
        sim.close()
