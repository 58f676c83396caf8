"""What one roaming lookup and one ``rfid-verify`` cost at the OIOI hub with 10 users and
with 10,000, measured in one run.

Each size is a hub of its own (``RoamingHub``, the model the HTTP endpoint answers
from) whose users each own a charging key.  Two calls, each aimed at a user drawn at
random: the lookup of a ``session-start`` by EVCO ID (``Directory.identify``, what an
app start and a CDR cost), and a whole ``rfid-verify`` request as the endpoint answers
it (envelope, API key, schema, handler; no socket).  The baseline is the least any
lookup by EVCO ID costs: the ID made canonical and one ``dict`` lookup in a table of
that many users.  Even that grows from 10 to 10,000 entries (the table and the users
no longer sit in the CPU's caches); a scan would grow about 1,000-fold.  Rounds
alternate between the sizes; every figure is CPU time (a busy shared machine inflates
it less than the wall clock), the median over rounds with its range.  Goal: from the
small hub to the big one, each call grows at most 25 % more than the baseline does,
compared round by round.

    python benchmarks/roaming_lookup.py [--sizes 10 10000] [--rounds 7] [--calls 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from datetime import datetime, timezone
from typing import Any, Callable

import simpy

from simulator.api.oioi.hub import HUB_CALLS, HubCall
from simulator.api.oioi.protocol import Outage, Request, answer
from simulator.model.roaming.config import RoamingConfig
from simulator.model.roaming.formats import evco_key
from simulator.model.roaming.hub import RoamingHub

GOAL_FLAT = 1.25
BASELINE = "bare dict (baseline)"
EMP_KEY, EMP, CPO_KEY = "bench-emp-key", "bench-emp-partner-0001", "bench-cpo-key"


def build_hub(users: int) -> RoamingHub:
    """A hub whose ``users`` users can pay and own one card each."""
    config = RoamingConfig.from_dict({
        "keys": [{"key": EMP_KEY, "role": "emp", "partners": [EMP]}, {"key": CPO_KEY, "role": "cpo"}],
        "partners": [{"identifier": EMP, "name": "Bench EMP"}],
        "users": [{"username": f"user{n}", "email": f"user{n}@bench.example", "password": "pw",
                   "payment": ["creditcard"], "keys": [f"{n:08X}"]} for n in range(users)],
    })
    return RoamingHub(config, simpy.Environment(), datetime(2026, 1, 5, tzinfo=timezone.utc), random.Random(1))


def per_call_us(calls: int, one: Callable[[int], Any]) -> float:
    started = time.process_time()
    for n in range(calls):
        one(n)
    return (time.process_time() - started) / calls * 1e6


def bare_dict(hub: RoamingHub, targets: list[int]) -> Callable[[int], Any]:
    table = {evco_key(user.evco_id): user for user in hub.directory.users}
    evcos = [hub.directory.users[t].evco_id for t in targets]
    return lambda n: table[evco_key(evcos[n % len(evcos)]) or ""].emp


def lookup(hub: RoamingHub, targets: list[int]) -> Callable[[int], Any]:
    evcos = [hub.directory.users[t].evco_id for t in targets]
    return lambda n: hub.directory.identify({"identifier-type": "evco-id", "identifier": evcos[n % len(evcos)]}, (EMP,))


def rfid_verify(hub: RoamingHub, targets: list[int], loop: asyncio.AbstractEventLoop) -> Callable[[int], Any]:
    async def handler(request: Request) -> dict[str, Any]:
        return await HUB_CALLS["rfid-verify"](HubCall(hub, request, forward=None))  # type: ignore[arg-type]

    bodies = [json.dumps({"rfid-verify": {"rfid": hub.directory.users[t].keys[0].uid}}).encode() for t in targets]
    outage = Outage()

    def one(n: int) -> Any:
        reply = loop.run_until_complete(answer(bodies[n % len(bodies)], f"key={CPO_KEY}", hub.keys,
                                               {"rfid-verify": handler}, outage, lambda key, name: True))
        assert reply.body["result"]["code"] == 0, reply.body
        return reply

    return one


def spread(values: list[float], fmt: str) -> str:
    return f"{format(statistics.median(values), fmt)} ({format(min(values), fmt)}-{format(max(values), fmt)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs=2, default=[10, 10_000], metavar=("SMALL", "BIG"))
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=2000, help="calls per size and round")
    args = parser.parse_args()
    rng = random.Random(2026)
    loop = asyncio.new_event_loop()
    built = time.perf_counter()
    hubs = {size: build_hub(size) for size in args.sizes}
    print(f"built hubs of {' and '.join(f'{s:,}' for s in args.sizes)} users in {time.perf_counter() - built:.1f} s")
    benches: dict[str, dict[int, Callable[[int], Any]]] = {BASELINE: {}, "lookup by EVCO ID": {}, "rfid-verify request": {}}
    for size, hub in hubs.items():
        targets = [rng.randrange(size) for _ in range(args.calls)]
        benches[BASELINE][size] = bare_dict(hub, targets)
        benches["lookup by EVCO ID"][size] = lookup(hub, targets)
        benches["rfid-verify request"][size] = rfid_verify(hub, targets, loop)
    times: dict[tuple[str, int], list[float]] = {(name, size): [] for name in benches for size in args.sizes}
    for _ in range(args.rounds):
        for name, by_size in benches.items():
            for size, one in by_size.items():
                times[(name, size)].append(per_call_us(args.calls, one))
    small, big = args.sizes

    def growth(name: str) -> list[float]:
        return [b / s for s, b in zip(times[(name, small)], times[(name, big)])]

    print(f"{args.rounds} rounds of {args.calls} calls per size, alternating; us per call, median (range)")
    for name in benches:
        for size in args.sizes:
            print(f"  {name:20} {size:7,} users: {spread(times[(name, size)], '.2f')} us")
        print(f"  {name:20} {big:,} / {small:,} users: {spread(growth(name), '.2f')}x")
        if name != BASELINE:
            beyond = [g / b for g, b in zip(growth(name), growth(BASELINE))]
            verdict = "PASS" if statistics.median(beyond) <= GOAL_FLAT else "FAIL"
            print(f"  {name:20} growth / baseline's growth: {spread(beyond, '.2f')} (goal <= {GOAL_FLAT:.2f}) -> {verdict}")
    loop.close()


if __name__ == "__main__":
    main()
