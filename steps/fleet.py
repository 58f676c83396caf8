"""Steps of fleet worlds: drivers, sites and their EVs living for days of model time.

A scenario starts one world (``Given the world depot-200``, a batch run as ``chargebench run``
runs it, or ``... served in virtual time``, advanced through sim-control), lets days pass, and
checks what the fleet did.  What the back office and the hub hold is read through their HTTP
APIs (ABS ``/abs/frontend/session``, OIOI ``user-get-recent-sessions``); the sessions table and
the sites' power are the world's own record (the scenarios are @sim-only).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime
from typing import Any, Iterator

import pytest
from pytest_bdd import given, parsers, then, when

from fixtures.fleet import FleetHolder, FleetWorld
from rigs.abs import AbsClient
from rigs.oioi import OioiClient, result_code
from simulator.model.fleet.catalogue import MEDIA
from simulator.model.fleet.layout import ROAMING_PASSWORD

ROAMING_MEDIA = ("roaming", "app")
"""Sessions the hub authorized: a roaming card (rfid-verify) or a remote start from the app."""
LIMIT_SLACK_KW = 0.001
"""One watt: the smart grid's shares are floats; a site over its limit by more is over it."""


@given(parsers.re(r'the world "?(?P<name>[\w.-]+)"?(?: in a batch run)?$'))
def world_batch(fleet: FleetHolder, name: str) -> None:
    fleet.start(name, served=False)


@given(parsers.re(r'the world "?(?P<name>[\w.-]+)"? served in virtual time$'))
def world_served(fleet: FleetHolder, name: str) -> None:
    fleet.start(name, served=True)


@when(parsers.re(r"(?P<days>\d+(?:\.\d+)?) days? pass(?:es)?$"))
def days_pass(fleet: FleetHolder, days: str) -> None:
    fleet.current.pass_days(float(days))


def sessions(fleet: FleetHolder) -> list[dict[str, Any]]:
    return fleet.current.sessions()


def outcomes(rows: list[dict[str, Any]]) -> str:
    return ", ".join(f"{n} {outcome}" for outcome, n in sorted(Counter(r["outcome"] for r in rows).items()))


# -- drivers -------------------------------------------------------------------------------


@then(parsers.parse("at least {percent:g}% of arrivals were served"))
def served_share(fleet: FleetHolder, percent: float) -> None:
    """Served: the driver got a charger and charging started (some are still plugged in when
    the span ends). Drivers still queueing at the end have no outcome yet and are not counted."""
    rows = sessions(fleet)
    decided = [r for r in rows if r["outcome"] != "waiting"]
    served = [r for r in decided if r["charging_start"] is not None]
    assert decided, "nobody arrived: the share would prove nothing"
    share = 100.0 * len(served) / len(decided)
    assert share >= percent, f"{share:.1f}% of {len(decided)} arrivals were served ({outcomes(rows)})"


@then("every authentication medium served at least one driver")
def every_medium(fleet: FleetHolder) -> None:
    charged = Counter(r["medium"] for r in sessions(fleet) if r["charging_start"] is not None)
    missing = [medium for medium in MEDIA if not charged[medium]]
    assert not missing, f"no driver charged by {', '.join(missing)}; charged: {dict(charged)}"


@then(parsers.parse("the drivers who found every charger taken left after {minutes:d} minutes without a session"))
def turned_away(fleet: FleetHolder, minutes: int) -> None:
    rows = [r for r in sessions(fleet) if r["outcome"] == "turned_away"]
    assert rows, f"nobody found every charger taken ({outcomes(sessions(fleet))}): the check would prove nothing"
    for row in rows:
        waited = (moment(row["departure"]) - moment(row["arrival"])).total_seconds()
        assert abs(waited - minutes * 60.0) < 0.01, f"{row['driver']} waited {waited:.1f} s: {json.dumps(row)}"
        assert row["controller"] is None and row["abs_session"] is None and row["energy_wh"] is None, json.dumps(row)


def moment(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


# -- sites ---------------------------------------------------------------------------------


@then("the site load never exceeded its limit")
def load_within_limits(fleet: FleetHolder) -> None:
    """At no model instant (its settled state) and in no 15-minute mean of the load curve."""
    world = fleet.current
    limited = {name: p for name, p in world.peaks().items() if p.limit_kw is not None}
    assert limited, "no site of this world has a grid limit"
    for name, power in limited.items():
        assert power.peak_kw <= power.limit_kw + LIMIT_SLACK_KW, (
            f"{name} drew {power.peak_kw:.3f} kW at {world.sim.clock.isoformat(power.peak_at)}, above its {power.limit_kw:g} kW"
        )
    for point in world.load():
        limit = point["limit_kw"]
        assert limit is None or point["mean_kw"] <= limit + LIMIT_SLACK_KW, f"load curve above the limit: {json.dumps(point)}"


@then(parsers.parse('the EVs charging at "{site}" at its busiest could have drawn more than its limit'))
def limit_binds(fleet: FleetHolder, site: str) -> None:
    """The limit bound: without this, 'never exceeded' could hold only because demand was low.
    What an EV could draw is its on-board charger's limit at the site's charger (current and
    phases), from the moment charging started to the moment it last stopped (or the span's end)."""
    world = fleet.current
    config = world.sim.config.fleet
    assert config is not None
    site_config = next(s for s in config.sites if s.name == site)
    assert site_config.grid_limit_kw is not None, f"{site} has no grid limit"
    models = {entry.model.name: entry.model for entry in config.ev_mix}
    end = world.sim.clock.isoformat()
    changes: list[tuple[datetime, float]] = []
    for row in sessions(fleet):
        if row["site"] != site or row["charging_start"] is None:
            continue
        ev = models[row["ev"]]
        kw = min(ev.max_current_a, site_config.max_current_a) * min(ev.phases, site_config.phases) * 230.0 / 1000.0
        changes += [(moment(row["charging_start"]), kw), (moment(row["charging_stop"] or end), -kw)]
    demand = busiest = 0.0
    for _at, kw in sorted(changes, key=lambda change: (change[0], change[1])):
        demand += kw
        busiest = max(busiest, demand)
    assert busiest > site_config.grid_limit_kw, f"at most {busiest:.1f} kW could have been drawn at {site}, its limit is {site_config.grid_limit_kw:g} kW"


# -- the back office ------------------------------------------------------------------------


@pytest.fixture
def fleet_abs(fleet: FleetHolder) -> Iterator[dict[str, AbsClient]]:
    clients: dict[str, AbsClient] = {}
    yield clients
    for client in clients.values():
        client.close()


def abs_sessions(world: FleetWorld, clients: dict[str, AbsClient]) -> list[dict[str, Any]]:
    """Every session the back office shows the fleet's host (it owns every station of the fleet)."""
    config = world.sim.config.fleet
    assert config is not None
    client = clients.setdefault("host", AbsClient(world.base_url()))
    login = client.login(config.host, config.password)
    assert login.status_code == "100", f"ABS login of {config.host}: {login.body}"
    reply = client.call("GET", "/abs/frontend/session")
    assert reply.status_code == "100", f"GET /abs/frontend/session: {reply.body}"
    return reply.body["sessions"]


@then("every completed session is in the ABS with the controller's energy to the Wh")
def completed_in_abs(fleet: FleetHolder, fleet_abs: dict[str, AbsClient]) -> None:
    rows = [r for r in sessions(fleet) if r["outcome"] == "served"]
    assert rows, f"no session completed ({outcomes(sessions(fleet))}): the check would prove nothing"
    by_transaction = {(s["controllerId"], s["transactionId"]): s for s in abs_sessions(fleet.current, fleet_abs)}
    for row in rows:
        session = by_transaction.get((row["controller"], row["transaction"]))
        assert session is not None, f"no ABS session for transaction {row['transaction']} of {row['controller']}: {json.dumps(row)}"
        assert session["status"] == "FINISHED", f"ABS session {session['id']} is {session['status']}: {json.dumps(row)}"
        assert session["energyWh"] == row["energy_wh"], (
            f"{row['controller']} metered {row['energy_wh']} Wh, the ABS holds {session['energyWh']} Wh (session {session['id']})"
        )
    finished = [s for s in by_transaction.values() if s["status"] == "FINISHED"]
    assert len(finished) == len(rows), f"the ABS finished {len(finished)} sessions, the fleet completed {len(rows)}"


# -- the roaming hub ------------------------------------------------------------------------


@pytest.fixture
def fleet_app(fleet: FleetHolder) -> Iterator[dict[str, OioiClient]]:
    clients: dict[str, OioiClient] = {}
    yield clients
    for client in clients.values():
        client.close()


def hub_sessions(world: FleetWorld, clients: dict[str, OioiClient], username: str) -> list[dict[str, Any]]:
    """A driver's CDRs as the hub shows them to the driver's app (``user-get-recent-sessions``)."""
    key = next(k.key for k in world.sim.config.roaming.keys if k.role == "emp")
    app = clients.setdefault("app", OioiClient(world.base_url(), key))
    verified = app.call("user-verify", {"username": username, "password": ROAMING_PASSWORD, "is-token": False})
    assert result_code(verified) == 0, f"user-verify {username}: {verified.body}"
    user = {"identifier-type": "username", "identifier": username, "token": verified.body["user"]["token"]}
    reply = app.call("user-get-recent-sessions", {"user": user})
    assert result_code(reply) == 0, f"user-get-recent-sessions {username}: {reply.body}"
    return reply.body["user"]["sessions"]


@then("every roaming session has exactly one CDR on the hub")
def one_cdr_each(fleet: FleetHolder, fleet_app: dict[str, OioiClient]) -> None:
    """Each completed session a roaming card or the app started is one CDR in its driver's
    history at the hub, with the controller's energy and the back office's price; a driver has
    no CDR besides those."""
    world = fleet.current
    layout = world.sim.config.layout
    assert layout is not None
    accounts = {d.id: d.roaming_user for site in layout.sites for d in site.drivers}
    completed: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in sessions(fleet):
        if row["medium"] in ROAMING_MEDIA and row["outcome"] == "served":
            completed[row["driver"]].append(row)
    assert completed, f"no roaming session completed ({outcomes(sessions(fleet))}): the check would prove nothing"
    for driver, rows in completed.items():
        username = accounts[driver]
        assert username is not None, f"{driver} roams without a hub account"
        cdrs = hub_sessions(world, fleet_app, username)
        assert len(cdrs) == len(rows), f"{driver} completed {len(rows)} roaming sessions, the hub has {len(cdrs)} CDRs: {json.dumps(cdrs)}"
        for row in rows:
            assert row["cdr_id"] is not None, f"no CDR id for {json.dumps(row)}"
            matching = [c for c in cdrs if c["external-session-id"] == row["cdr_id"]]
            assert len(matching) == 1, f"{len(matching)} CDRs {row['cdr_id']} for {driver}: {json.dumps(cdrs)}"
            cdr = matching[0]
            assert round(cdr["energy-consumed"] * 1000) == row["energy_wh"], (
                f"CDR {row['cdr_id']}: {cdr['energy-consumed']} kWh, the controller metered {row['energy_wh']} Wh"
            )
            assert cdr["cost"] == f"{row['price']:.2f}" and cdr["currency"] == row["currency"], (
                f"CDR {row['cdr_id']} costs {cdr['cost']} {cdr['currency']}, the ABS priced {row['price']} {row['currency']}"
            )
