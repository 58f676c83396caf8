"""The EVCCID an ISO 15118 / DIN 70121 EV sends: one spelling inside, clear refusals at every edge."""

from __future__ import annotations

import pytest

from rigs.simcontrol import SimControl, SimControlError
from simulator.model.ev import EvSpec, normal_evccid
from simulator.model.whitelist import TagType, Whitelist, WhitelistEntry
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


def test_the_whitelist_finds_an_evccid_however_written_and_follows_every_change() -> None:
    whitelist = Whitelist()
    whitelist.put(WhitelistEntry(id="0a:1b:2c:3d:4e:5f", tagType=TagType.EVCCID, name="van"))
    assert whitelist.find_evccid("0A1B2C3D4E5F").name == "van"  # type: ignore[union-attr]
    whitelist.edit([{"id": "0a:1b:2c:3d:4e:5f", "name": "bus"}])
    assert whitelist.find_evccid("0A1B2C3D4E5F").name == "bus"  # type: ignore[union-attr]
    whitelist.delete(["0a:1b:2c:3d:4e:5f"])
    assert whitelist.find_evccid("0A1B2C3D4E5F") is None
    whitelist.put_all({"0A1B2C3D4E5F": WhitelistEntry(id="0A1B2C3D4E5F", tagType=TagType.EVCCID, name="car")})
    assert whitelist.find_evccid("0A1B2C3D4E5F").name == "car"  # type: ignore[union-attr]
    whitelist.add([{"id": "0a-1b-2c-3d-4e-60", "tagType": "EVCCID"}])
    assert whitelist.find_evccid("0A1B2C3D4E60") is not None
    whitelist.clear()
    assert whitelist.find_evccid("0A1B2C3D4E5F") is None and whitelist.find_evccid("0A1B2C3D4E60") is None
