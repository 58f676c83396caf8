"""A card tapped through the serial instrument is checked online over HTTP (roaming
``rfid-verify``, then ABS ``/abs/cs/authorize``); whatever is read next, through any
path, must already see the answer, without anyone sleeping.

The bench client here pipelines: the tap and the next command leave in one write,
as a SCPI client may send them, so nothing on the client side gives the simulator
time to finish the online check by luck."""

from __future__ import annotations

from typing import Iterator

import pytest
import serial

from rigs.controller.client import ControllerClient
from rigs.controller.transport import RestTransport
from rigs.instrument import ScpiLink, SerialBenchInstrument
from rigs.oioi import OioiClient, result_code
from rigs.protocols import EvParameters
from rigs.simcontrol import SimControl
from simulator.server import SimulatorThread

CP_ID = "CP-3"
EVSE_ID = "DE*CBS*ECP3"
UNKNOWN_CARD = "0A0B0C0D"
"""Known neither to the hub nor to the back office: both are asked, in turn, and refuse."""
ROAMING_CARD = "04C0FFEE7E5701"
"""Given to an app user during the test: newer than the CPO's offline list, so verified online."""
APP_KEY = "oem-app-key-0001-chargebench"
REPETITIONS = 15


def pipelined(port: serial.SerialBase, *lines: str) -> str:
    """Every line in one write; the reply to the last (a query)."""
    port.write(b"".join(line.encode("ascii") + b"\n" for line in lines))
    reply = port.read_until(b"\n")
    assert reply.endswith(b"\n"), f"no reply to {lines[-1]!r}: {reply!r}"
    return reply.decode("ascii").strip()


@pytest.fixture
def bench(simulator: SimulatorThread | None) -> Iterator[tuple[SimulatorThread, SerialBenchInstrument, serial.SerialBase]]:
    if simulator is None or simulator.endpoints is None:
        pytest.skip("needs the simulator rig: its instrument and its adapters are under test")
    simulator.call(simulator.sim.reset)
    instrument = SerialBenchInstrument(ScpiLink(simulator.endpoints.instrument_ptys[CP_ID], timeout=5.0))
    instrument.reset()
    port = serial.serial_for_url(simulator.endpoints.instrument_ptys[CP_ID], timeout=5.0)
    yield simulator, instrument, port
    port.close()
    instrument.reset()
    instrument.close()


def test_an_unknown_card_is_refused_by_both_online_checks_before_the_next_read(bench: tuple[SimulatorThread, SerialBenchInstrument, serial.SerialBase]) -> None:
    simulator, instrument, port = bench
    assert simulator.endpoints is not None
    controller = ControllerClient(RestTransport(simulator.endpoints.controller_url(CP_ID)), "operator", "chargebench")
    sim_control = SimControl(simulator.endpoints.base_url)
    try:
        for attempt in range(REPETITIONS):
            sim_control.reset()
            controller.login()
            instrument.plug(EvParameters())
            assert pipelined(port, f'CARD:PRES "{UNKNOWN_CARD}"', "CARD:REM", "*OPC?") == "1"
            state = controller.system_state()
            assert state.status == 200, state
            assert state.body["authState"] == "authorization_rejected", f"attempt {attempt}: read before the online checks answered: {state.body}"
    finally:
        controller.transport.close()
        sim_control.close()


def test_a_card_the_hub_verifies_charges_before_the_instruments_next_reading(bench: tuple[SimulatorThread, SerialBenchInstrument, serial.SerialBase]) -> None:
    simulator, instrument, port = bench
    assert simulator.endpoints is not None
    app = OioiClient(simulator.endpoints.base_url, APP_KEY)
    try:
        registered = app.call("user-register", {"username": "tess", "email": "tess@example.com", "password": "pw-tess", "language": "en"})
        user = {"identifier-type": "username", "identifier": "tess", "token": registered.body["user"]["token"]}
        paid = app.call("user-add-creditcard", {"user": user, "encrypted-data": "QUJDREVGR0hJSktMTU5PUA=="})
        keyed = app.call("user-add-rfid", {"user": user, "rfid": ROAMING_CARD})
        assert [result_code(r) for r in (registered, paid, keyed)] == [0, 0, 0], [r.body for r in (registered, paid, keyed)]
        for attempt in range(REPETITIONS):
            instrument.plug(EvParameters())
            state = pipelined(port, f'CARD:PRES "{ROAMING_CARD}"', "CARD:REM", "CP:STAT?")
            assert state == "C", f"attempt {attempt}: the EV at {EVSE_ID} is in state {state}, not charging yet"
            instrument.unplug()
    finally:
        app.close()
