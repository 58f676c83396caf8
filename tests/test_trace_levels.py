"""The event trace at the level the user chooses: listeners (the back office's
reporters, the roaming CPO, the instruments) get every event at every level; only
what ``/sim/events`` can read changes, and it says which level is on."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from simulator.cli import build_parser
from simulator.model.ev import EvSpec
from simulator.model.events import SESSION_KINDS, Event, EventLog, TraceLevel
from simulator.runtime import Simulation
from simulator.server import SimulatorThread

TAG = "04A2B3C4D5E680"


def charge_once(sim: Simulation) -> None:
    cp = sim.world.controllers["CP-1"]
    cp.plug(EvSpec(capacity_wh=40_000, soc=0.5))
    cp.present_tag(TAG)
    sim.clock.advance(3 * 3600)
    cp.unplug()


def heard(level: TraceLevel) -> tuple[list[Event], Simulation]:
    sim = Simulation.from_file(trace=level)
    got: list[Event] = []
    sim.world.events.subscribe(got.append)
    charge_once(sim)
    return got, sim


def test_listeners_get_every_event_at_every_level() -> None:
    full, _ = heard(TraceLevel.FULL)
    assert {e.kind for e in full} >= {"pilot", "pwm", "transaction_started", "taper"}
    for level in (TraceLevel.SESSIONS, TraceLevel.OFF):
        assert heard(level)[0] == full, level


def test_each_level_records_what_it_names_and_numbers_every_event() -> None:
    full, sim_full = heard(TraceLevel.FULL)
    assert sim_full.world.events.events == full
    _, sessions = heard(TraceLevel.SESSIONS)
    kept = sessions.world.events.events
    assert kept == [e for e in full if e.kind in SESSION_KINDS] and {e.kind for e in kept} >= {"plugged", "transaction_stopped"}
    _, off = heard(TraceLevel.OFF)
    assert off.world.events.events == [] and off.world.events.total == sessions.world.events.total == len(full)


def test_since_counts_events_not_records_when_only_sessions_are_kept() -> None:
    log = EventLog(level=TraceLevel.SESSIONS)
    for i, kind in enumerate(["pilot", "plugged", "pwm", "pilot", "unplugged", "pilot"]):
        log.emit(float(i), "CP-1", kind)
    assert [e.kind for e in log.since(0)] == ["plugged", "unplugged"]
    assert [e.time for e in log.since(2)] == [4.0]
    assert log.since(5) == [] and log.total == 6


def test_a_full_log_drops_the_oldest_and_since_skips_to_the_index() -> None:
    log = EventLog(limit=3)
    for i in range(5):
        log.emit(float(i), "CP-1", "pilot")
    assert [e.time for e in log.since(0)] == [2.0, 3.0, 4.0]
    assert [e.time for e in log.since(3)] == [3.0, 4.0] and log.since(9) == []


def _get(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return reply.status, json.load(reply)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def _scpi(address: str, *lines: str) -> str:
    host, port = address.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall("".join(line + "\n" for line in lines).encode())
        reply = b""
        while not reply.endswith(b"\n"):
            reply += conn.recv(4096)
    return reply.decode().strip()


@pytest.mark.parametrize("level", list(TraceLevel))
def test_sim_events_says_which_level_is_on_and_the_instrument_trace_works_at_each(level: TraceLevel) -> None:
    sim = Simulation.from_file(trace=level)
    server = SimulatorThread(sim)
    with server as endpoints:
        server.call(charge_once, sim)
        status, body = _get(f"{endpoints.sim_url}/events")
        pilot_trace = _scpi(endpoints.instrument_tcp["CP-1"], "CP:TRACe?")
    assert pilot_trace == "B,C,A", "the instrument hears the pilot at every level"
    if level is TraceLevel.OFF:
        assert status == 409 and "the event trace is off" in body["error"] and "--trace" in body["error"], body
        return
    assert status == 200 and body["trace"] == str(level) and body["next"] == sim.world.events.total, body
    kinds = {e["kind"] for e in body["events"]}
    assert ("pilot" in kinds) is (level is TraceLevel.FULL) and "transaction_stopped" in kinds, kinds


def test_serve_takes_the_trace_level_and_refuses_others() -> None:
    parser = build_parser()
    assert parser.parse_args(["serve"]).trace is None
    assert parser.parse_args(["serve", "--trace", "off"]).trace == "off"
    with pytest.raises(SystemExit) as refused:
        parser.parse_args(["serve", "--trace", "some"])
    assert refused.value.code == 2


def test_the_world_file_sets_the_level_and_the_command_line_overrides_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    default = Path(__file__).resolve().parent.parent / "simulator" / "worlds" / "default.toml"
    world = tmp_path / "world.toml"
    world.write_text('trace = "sessions"\n' + default.read_text())
    assert Simulation.from_file(world).world.events.level is TraceLevel.SESSIONS
    assert Simulation.from_file(world, trace=TraceLevel.OFF).world.events.level is TraceLevel.OFF
    assert Simulation.from_file().world.events.level is TraceLevel.FULL
