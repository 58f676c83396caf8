"""A batch run skips sockets, not logic (issue 12): the same seed gives the same sessions table
from ``chargebench run`` (:func:`simulate`, every adapter in-process) as from a world served on
a real socket in virtual time and advanced through ``POST /sim/clock/advance``.

The served world is compared twice: as ``chargebench serve --virtual`` serves a fleet (its
stations' reports and roaming calls in-process, like the batch run's), and with all of that
traffic over loopback HTTP: the stations report to the ABS, roaming cards are verified and app
sessions started at the hub, CDRs posted, each a request.  It is advanced in uneven steps, so the
table cannot depend on where a request of sim-control happens to cut model time.
The comparison is row by row over every column, ids included (ABS session ids, transaction
ids, CDR ids): each adapter completes its traffic at the model instant that caused it, in the
order the model caused it, so no id depends on how HTTP requests interleave.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fixtures.fleet import FEATURE_WORLDS
from rigs.simcontrol import SimControl
from simulator.run.batch import simulate
from simulator.run.results import Results, collect
from simulator.runtime import Simulation
from simulator.server import SimulatorThread

TOWN = FEATURE_WORLDS / "town.toml"
SEED = 7
DAYS = 2
STEPS_H = (5, 7, 0.5, 11.5, 24)
"""Uneven sim-control advances adding up to the span."""


def batch(seed: int, sims: list[Simulation] | None = None) -> Results:
    sim = Simulation.from_file(TOWN, seed)
    if sims is not None:
        sims.append(sim)
    return asyncio.run(simulate(sim, DAYS))


def served(seed: int, sims: list[Simulation] | None = None, in_process: bool | None = None) -> Results:
    sim = Simulation.from_file(TOWN, seed)
    if sims is not None:
        sims.append(sim)
    thread = SimulatorThread(sim, in_process=in_process)
    with thread as endpoints:
        control = SimControl(endpoints.base_url)
        try:
            for hours in STEPS_H:
                control.advance(hours * 3600.0)
            assert control.now() == DAYS * 86_400.0
            return thread.call(lambda: collect(sim.world, DAYS))
        finally:
            control.close()


def test_steps_add_up_to_the_span() -> None:
    assert sum(STEPS_H) == DAYS * 24


def abs_records(sim: Simulation) -> list[dict[str, Any]]:
    """Every session as the back office answers for it, with every meter reading it recorded."""
    charging = sim.world.backoffice.charging
    return [charging.view(session) | {"chargingSeconds": session["chargingSeconds"]} for session in charging.sessions]


def test_batch_run_and_served_world_give_the_same_sessions_table() -> None:
    """Also the same back office: a batch run hands the stations' periodic meter readings over
    once an hour instead of one request each, and the back office must end up knowing exactly
    what the served one learnt reading by reading."""
    sims: list[Simulation] = []
    from_batch, from_server, over_http = batch(SEED, sims), served(SEED, sims), served(SEED, sims, in_process=False)
    batch_records = abs_records(sims[0])
    assert sum(len(r["meterValues"]) for r in batch_records) > 10 * len(batch_records)
    assert abs_records(sims[1]) == batch_records
    assert abs_records(sims[2]) == batch_records
    assert over_http.sessions == from_server.sessions and over_http.load == from_server.load
    assert over_http.summary == from_server.summary
    rows = from_batch.sessions
    roaming = [r for r in rows if r["cdr_id"] is not None]
    assert len(rows) > 40 and roaming and any(r["medium"] == "app" and r["outcome"] == "served" for r in rows), (
        "the span must hold roaming and app sessions, or the comparison proves little"
    )
    assert len(from_server.sessions) == len(rows)
    for number, (ours, theirs) in enumerate(zip(rows, from_server.sessions)):
        differing = {column: (ours[column], theirs[column]) for column in ours if ours[column] != theirs[column]}
        assert not differing, f"row {number} ({ours['driver']} at {ours['arrival']}): batch vs served {differing}"
    assert from_batch.load == from_server.load
    assert from_batch.summary == from_server.summary


def test_another_seed_gives_another_table() -> None:
    """The equality above is the seed's doing, not a table that never changes."""
    assert [r["arrival"] for r in batch(SEED).sessions] != [r["arrival"] for r in batch(SEED + 1).sessions]
