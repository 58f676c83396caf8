"""Sim-control of a served fleet world: ``GET /sim/fleet`` (sessions so far, occupancy, load per
site now) and ``GET /sim/fleet/sessions`` (the sessions table as JSON), over a real socket.

The served world (back office and hub over HTTP) must give the same sessions as
``chargebench run`` (in-process) over the same span: the batch run skips sockets, not logic."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

from simulator.clock import ClockMode
from simulator.run.batch import RunOptions, run
from simulator.run.results import SESSION_COLUMNS
from simulator.runtime import Simulation
from simulator.server import SimulatorThread

WORLD = """
seed = 5
epoch = "2026-01-05T00:00:00Z"

[site]
name = "Sim-control test"

[fleet]
host = "simcontrol"

[[fleet.sites]]
name = "Office"
kind = "workplace"
controllers = 3
grid_limit_kw = 20
[fleet.sites.drivers]
count = 6

[[fleet.sites]]
name = "Car park"
kind = "public"
controllers = 2
grid_limit_kw = 25
[fleet.sites.drivers]
count = 8
"""


def call(base: str, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fleet") / "world.toml"
    path.write_text(WORLD)
    return path


@pytest.fixture(scope="module")
def served(world: Path) -> Iterator[str]:
    with SimulatorThread(Simulation.from_file(world, mode=ClockMode.VIRTUAL)) as endpoints:
        yield endpoints.base_url


def test_a_fleet_at_time_zero_has_its_sites_empty(served: str) -> None:
    status, body = call(served, "POST", "/sim/reset")
    assert status == 200
    status, body = call(served, "GET", "/sim/fleet")
    assert status == 200, body
    assert body["time"] == "2026-01-05T00:00:00.000Z"
    assert body["visits"] == 0 and body["outcomes"] == {}
    assert body["sites"] == {
        "Office": {"kind": "workplace", "controllers": 3, "occupied": 0, "queue": 0, "powerKw": 0.0, "gridLimitKw": 20.0},
        "Car park": {"kind": "public", "controllers": 2, "occupied": 0, "queue": 0, "powerKw": 0.0, "gridLimitKw": 25.0},
    }
    assert call(served, "GET", "/sim/fleet/sessions") == (200, {"time": "2026-01-05T00:00:00.000Z", "sessions": []})


def test_a_served_day_gives_the_sessions_of_a_batch_run_of_that_day(served: str, world: Path) -> None:
    assert call(served, "POST", "/sim/reset")[0] == 200
    assert call(served, "POST", "/sim/clock/advance", {"seconds": 86_400})[0] == 200
    status, body = call(served, "GET", "/sim/fleet/sessions")
    assert status == 200, body
    assert body["time"] == "2026-01-06T00:00:00.000Z"
    sessions = body["sessions"]
    assert sessions and all(list(row) == list(SESSION_COLUMNS) for row in sessions)
    assert any(row["abs_session"] is not None for row in sessions), "served sessions reach the back office"
    assert sessions == run(RunOptions(world, 1.0)).sessions


def test_the_fleet_summary_counts_the_visits_of_the_sessions_table(served: str) -> None:
    assert call(served, "POST", "/sim/reset")[0] == 200
    assert call(served, "POST", "/sim/clock/advance", {"seconds": 19 * 3600})[0] == 200
    _, summary = call(served, "GET", "/sim/fleet")
    _, table = call(served, "GET", "/sim/fleet/sessions")
    rows = table["sessions"]
    assert summary["visits"] == len(rows) > 0
    outcomes: dict[str, int] = {}
    for row in rows:
        outcomes[row["outcome"]] = outcomes.get(row["outcome"], 0) + 1
    assert summary["outcomes"] == outcomes
    for name, site in summary["sites"].items():
        plugged = sum(1 for row in rows if row["site"] == name and row["outcome"] == "charging")
        assert site["occupied"] == plugged
        assert 0.0 <= site["powerKw"] <= site["gridLimitKw"] * 1.001


def test_a_world_without_a_fleet_answers_404_with_a_reason() -> None:
    with SimulatorThread(Simulation.from_file(None, mode=ClockMode.VIRTUAL)) as endpoints:
        for path in ("/sim/fleet", "/sim/fleet/sessions"):
            status, body = call(endpoints.base_url, "GET", path)
            assert status == 404
            assert "no fleet" in body["error"]
