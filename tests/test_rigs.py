"""The rig layer on its own: SCPI interpreter, serial driver over a real pty, rig files, rig lock."""

from __future__ import annotations

import json
import os
import tty
from pathlib import Path

import pytest

from rigs.instrument import InstrumentError, InstrumentTimeout, ScpiLink, SerialBenchInstrument
from rigs.lock import RigBusy, RigLock
from rigs.protocols import EvParameters
from rigs.resources import ResourceError, RigError
from rigs.rigfile import bench_names, load_rig, parse_rig
from simulator.devices.scpi import ERROR_QUEUE_DEPTH, Interpreter
from simulator.server import SimulatorThread


def test_an_unknown_header_lands_in_the_error_queue_then_the_queue_is_empty() -> None:
    scpi = Interpreter()
    assert scpi.execute("NOPE:THING?") is None
    assert scpi.pop_error() == '-113,"Undefined header; NOPE:THING?"'
    assert scpi.pop_error() == '0,"No error"'


def test_a_full_error_queue_ends_in_queue_overflow() -> None:
    scpi = Interpreter()
    for _ in range(ERROR_QUEUE_DEPTH + 5):
        scpi.execute("X")
    assert len(scpi.errors) == ERROR_QUEUE_DEPTH
    assert scpi.errors[-1][0] == -350


@pytest.fixture
def instrument(simulator: SimulatorThread | None) -> SerialBenchInstrument:
    if simulator is None or simulator.endpoints is None:
        pytest.skip("needs the simulator rig: its instrument is the device under test")
    simulator.call(simulator.sim.reset)
    link = ScpiLink(simulator.endpoints.instrument_ptys["CP-4"], timeout=2.0)
    driver = SerialBenchInstrument(link)
    driver.reset()
    yield driver
    driver.reset()
    driver.close()


def test_the_instrument_answers_its_identity_and_keeps_a_timestamped_transcript(instrument: SerialBenchInstrument) -> None:
    assert instrument.identify().startswith("chargebench,SIM-EV-INSTRUMENT,CP-4,")
    sent = [line for line in instrument.link.transcript if line.direction == ">"]
    assert [line.text for line in sent][-2:] == ["*IDN?", "SYST:ERR?"]
    assert all(line.at > 0 for line in instrument.link.transcript)


def test_a_refused_command_raises_with_the_instruments_error(instrument: SerialBenchInstrument) -> None:
    instrument.plug(EvParameters())
    with pytest.raises(InstrumentError, match="-221 Settings conflict; the EV is plugged in"):
        instrument.link.write("EV:SOC 50")
    with pytest.raises(InstrumentError, match="-222 Data out of range"):
        instrument.link.write("LOAD:CURR 500")
    with pytest.raises(InstrumentError, match="-224 Illegal parameter value"):
        instrument.link.write("PP:RAT 17")
    assert instrument.pilot_state() == "B", "a refused command changed the EV"


def test_the_pilot_trace_follows_a_plug_in_and_out(instrument: SerialBenchInstrument) -> None:
    instrument.plug(EvParameters())
    instrument.unplug()
    assert instrument.pilot_trace() == ["B", "A"]


def test_a_fault_state_from_unplugged_plugs_in_faulty_and_clears_when_the_ev_is_ready(instrument: SerialBenchInstrument) -> None:
    instrument.signal("F")
    assert instrument.pilot_state() == "F"
    instrument.signal("C")
    assert instrument.pilot_state() == "B", "without an authorization no current is offered: the EV waits in B"
    instrument.unplug()
    assert instrument.pilot_trace() == ["F", "B", "A"]


def test_bad_pilot_and_mains_commands_are_refused_and_change_nothing(instrument: SerialBenchInstrument) -> None:
    with pytest.raises(InstrumentError, match="-224 Illegal parameter value; 'G' is not a pilot state"):
        instrument.signal("G")
    with pytest.raises(InstrumentError, match="-224 Illegal parameter value"):
        instrument.link.write("POW:STAT HALF")
    assert instrument.pilot_state() == "A" and instrument.powered()
    instrument.power_off()
    with pytest.raises(InstrumentError, match="-221 Settings conflict; the mains are off"):
        instrument.power_cycle()
    assert not instrument.powered()
    assert instrument.pilot_state() == "E", "without mains the pilot has no +12 V"
    instrument.reset()
    assert instrument.powered() and instrument.pilot_state() == "A"


def test_a_silent_instrument_times_out_with_a_clear_message() -> None:
    master, slave = os.openpty()
    tty.setraw(slave)
    try:
        link = ScpiLink(os.ttyname(slave), timeout=0.05)
        with pytest.raises(InstrumentTimeout, match=r"no reply to '\*IDN\?' within 0.05 s"):
            link.query("*IDN?")
        link.close()
    finally:
        os.close(master)
        os.close(slave)


def test_a_missing_serial_port_is_an_error_naming_it() -> None:
    with pytest.raises(ResourceError, match="/dev/ttyNOSUCH0"):
        ScpiLink("/dev/ttyNOSUCH0", name="instrument of CP-1").open()


RIG = """
name = "bench-7"
features = {features}
[[controllers]]
id = "CP-1"
url = "{url}"
username = "operator"
password = "secret"
{extra}
"""


def test_a_rig_file_with_an_unknown_feature_is_refused() -> None:
    with pytest.raises(RigError, match=r"features\[0\]: 'teleport' is not one of controller-api, "):
        parse_rig(RIG.format(features='["teleport"]', url="http://10.0.0.7", extra=""), "test")


def test_a_misspelt_key_is_named_with_its_key_path() -> None:
    """Before, 'instrumnet' and 'baudrat' were ignored and the rig ran without them."""
    extra = 'instrumnet = { url = "/dev/ttyUSB0" }\n[controllers.instrument]\nurl = "/dev/ttyUSB1"\nbaudrat = 9600'
    with pytest.raises(RigError) as refused:
        parse_rig(RIG.format(features='["controller-api"]', url="http://10.0.0.7", extra=extra), "bench-7.toml")
    lines = str(refused.value).splitlines()
    assert lines == [
        "rig file bench-7.toml: controllers[0].instrument.baudrat: unknown key (did you mean 'baudrate'?); known: url, baudrate, timeout",
        "rig file bench-7.toml: controllers[0].instrumnet: unknown key (did you mean 'instrument'?); known: id, url, username, password, "
        "password_env, instrument, nfc_reader, cards, unknown_card",
    ]


@pytest.mark.parametrize(("extra", "message"), [
    ('instrument = { url = "/dev/ttyUSB0", baudrate = "fast" }', "controllers[0].instrument.baudrate: 'fast' is not of type 'integer'"),
    ('cards = ["04A2B3C4D5E680", "nope"]', "controllers[0].cards[1]: 'nope' is not a card UID (4, 7 or 10 bytes as hex)"),
    ('password_env = "X"', "controllers[0]: give 'password' or 'password_env', not both"),
])
def test_a_wrong_value_is_named_with_its_key_path(extra: str, message: str) -> None:
    with pytest.raises(RigError) as refused:
        parse_rig(RIG.format(features='["controller-api"]', url="http://10.0.0.7", extra=extra), "bench-7.toml")
    assert str(refused.value) == f"rig file bench-7.toml: {message}"


def test_a_rig_name_is_found_in_the_current_folder_then_the_users_then_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work, config = tmp_path / "work", tmp_path / "config"
    (config / "chargebench" / "rigs").mkdir(parents=True)
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    users = config / "chargebench" / "rigs" / "bench-7.toml"
    users.write_text(RIG.format(features='["controller-api"]', url="http://10.0.0.7", extra=""))
    assert load_rig("bench-7").source == str(users)
    (work / "bench-7.toml").write_text(RIG.format(features='["controller-api"]', url="http://10.0.0.8", extra=""))
    assert load_rig("bench-7").default_controller.url == "http://10.0.0.8", "the current folder comes first"
    assert load_rig("sim").name == "sim", "the package's rigs come last"
    (work / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert bench_names() == ["bench-7", "sim", "sim-socket"], "other TOML files are no rigs"
    with pytest.raises(RigError, match=f"no rig named 'nope' in {work}, {config / 'chargebench' / 'rigs'}, "):
        load_rig("nope")


def test_a_rig_path_may_start_with_a_tilde(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "lab-3.toml").write_text(RIG.format(features='["controller-api"]', url="http://10.0.0.7", extra=""))
    assert load_rig("~/lab-3.toml").name == "bench-7"


def test_a_rig_that_emulates_the_ev_must_name_its_instrument() -> None:
    with pytest.raises(RigError, match="ev-emulator need an 'instrument' on controller CP-1"):
        parse_rig(RIG.format(features='["controller-api", "ev-emulator"]', url="http://10.0.0.7", extra=""), "test")


def test_an_unknown_placeholder_is_named() -> None:
    rig = parse_rig(RIG.format(features='["controller-api"]', url="{nowhere}/cp", extra=""), "test")
    with pytest.raises(RigError, match="'{nowhere}/cp' names an unknown placeholder"):
        rig.bind({"base_url": "http://x"})


def test_a_password_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    text = RIG.format(features='["controller-api"]', url="http://10.0.0.7", extra='password_env = "BENCH7_PASSWORD"').replace('password = "secret"\n', "")
    with pytest.raises(RigError, match="BENCH7_PASSWORD"):
        parse_rig(text, "test")
    monkeypatch.setenv("BENCH7_PASSWORD", "from-env")
    assert parse_rig(text, "test").default_controller.password == "from-env"


def test_unknown_rig_names_list_the_known_ones() -> None:
    with pytest.raises(RigError, match="rigs: .*sim-socket"):
        load_rig("bench-that-is-not-there")


def test_a_second_run_on_a_locked_rig_is_told_who_holds_it(tmp_path: Path) -> None:
    with RigLock("bench-7", tmp_path):
        with pytest.raises(RigBusy, match=rf"rig 'bench-7' is in use by .* pid {os.getpid()} since"):
            RigLock("bench-7", tmp_path).acquire()
    with RigLock("bench-7", tmp_path):  # released: the next run gets it
        pass


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


def test_rig_schema_prints_the_schema_that_validates_rig_files(capsys: pytest.CaptureFixture[str]) -> None:
    from rigs.rigschema import SCHEMA
    from simulator.cli import main

    assert main(["rig", "schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == SCHEMA and printed["$defs"]["controller"]["additionalProperties"] is False
