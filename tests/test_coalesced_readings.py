"""The stations' periodic meter readings to this process's own back office are coalesced
(issue 14: cut the internal reports' cost without changing what the back office answers or
sends): they reach it in-process, together, hourly and before any client request, not as
one HTTP request each; a notification rule listening to sessions gets each on time.

The served world is the fleet's two-day town (features/fleet/worlds/town.toml); a client looks
through sim-control, and what it then finds in the back office must be up to date."""

from __future__ import annotations

from typing import Any

from fixtures.fleet import FEATURE_WORLDS
from rigs.simcontrol import SimControl
from simulator.api.abs.app import ABS_LINKS
from simulator.api.abs.cs_client import METER_INTERVAL_S
from simulator.model.backoffice.access import SYSTEM
from simulator.model.backoffice.catalogue import RESOURCES
from simulator.runtime import Simulation
from simulator.server import SimulatorThread

TOWN = FEATURE_WORLDS / "town.toml"
SPAN_S = 10.5 * 3600.0
"""Into the first morning's charging, and not on an hour: a reading may wait when the client looks."""


def served(rule: dict[str, Any] | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """The running sessions as the back office knows them right after a client's request, the
    stations' exchanges, and the back office's time then."""
    sim = Simulation.from_file(TOWN, 7)
    thread = SimulatorThread(sim)
    with thread as endpoints:
        control = SimControl(endpoints.base_url)
        try:
            if rule is not None:
                thread.call(lambda: sim.world.backoffice.create(SYSTEM, RESOURCES["notificationRule"], rule))
            control.advance(SPAN_S)
            control.now()

            def look() -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
                charging = sim.world.backoffice.charging
                running = [charging.view(s) for s in charging.sessions if not s["completed"]]
                return running, list(thread.app[ABS_LINKS].stations.log), sim.world.backoffice.unix_now()

            return thread.call(look)
        finally:
            control.close()


def periodic_puts(log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stations' periodic readings: session updates without a charging flag."""
    return [e for e in log if e["method"] == "PUT" and e["path"] == "/abs/cs/session" and "charging" not in e["query"]]


def test_a_client_finds_every_reading_though_none_travelled_alone() -> None:
    running, log, now = served()
    assert running, "the span must end with sessions running"
    for session in running:
        latest = max([session["timeStarted"], *map(int, session["meterValues"])])
        assert now - latest < METER_INTERVAL_S, f"session {session['id']}: last reading at {latest}, the client looked at {now}"
    readings = periodic_puts(log)
    assert readings and all(e.get("coalesced") for e in readings)


def test_a_rule_listening_to_sessions_gets_each_reading_as_its_own_request() -> None:
    rule = {"name": "meter", "categories": ["CHARGING_SESSIONS"], "protocol": "EMAIL", "target": "ops@example.com"}
    _running, log, _now = served(rule)
    readings = periodic_puts(log)
    assert readings and not any(e.get("coalesced") for e in readings)
