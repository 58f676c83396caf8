"""A served fleet world: how fast its clock advances with drivers charging, and what a
request costs there against the 4-controller default world, measured in one run.

The big world is the default world plus a generated fleet of depot chargers (sites of
100, see ``world_startup.py``): vans arrive in the evening, charge overnight behind the
site's grid limit (the back office's smart grid), and leave at dawn.  Both worlds run as
``chargebench serve --virtual`` processes; the fleet's station reports reach the big world's
own back office in-process, as ``serve --virtual`` does for a fleet (docs/abs.md).

Clock advance: ``POST /sim/clock/advance`` an hour at a time for ``--hours`` model hours
of the big world; model hours per wall second, median and range over the hours (goal
>= 50).  Then both worlds stand at the same instant with the fleet charging, and ``wrk``
drives each API call of ``api_throughput.py`` at the two servers in alternating rounds;
the ratio of the big world's rate to the small one's is the median over back-to-back
pairs (goal: within 10 %, >= 90 %).

    python benchmarks/served_fleet.py [--controllers 1000] [--hours 24] [--duration 2] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from api_throughput import Round, calls, log_in, lua_script, report, wrk
from world_startup import launch, world_file

GOAL_HOURS_PER_S = 50.0
GOAL_RATIO = 0.90
BUSY_AT_S = 13 * 3600.0
"""19:00 on the first evening (the worlds start at 06:00): the depot's vans are plugged in;
requests are measured at the first 19:00 after the clock-advance span."""


def serve(world: Path | None) -> tuple[subprocess.Popen[str], str]:
    """The served world and its base URL (sim-control's without ``/sim``)."""
    process, sim_url = launch(world)
    return process, sim_url.removesuffix("/sim")


def advance(base: str, seconds: float) -> float:
    """Wall seconds the server took to advance its clock by ``seconds``."""
    body = json.dumps({"seconds": seconds}).encode()
    started = time.perf_counter()
    request = urllib.request.Request(base + "/sim/clock/advance", body, {"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=600) as reply:
        reply.read()
    return time.perf_counter() - started


def charging(base: str) -> int:
    with urllib.request.urlopen(base + "/sim/state", timeout=60) as reply:
        state = json.load(reply)
    return sum(1 for c in state["controllers"].values() if c["systemState"] == "charging")


def spread(values: list[float], fmt: str) -> str:
    return f"{format(statistics.median(values), fmt)} ({format(min(values), fmt)}-{format(max(values), fmt)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--controllers", type=int, default=1000, help="fleet chargers in the big world")
    parser.add_argument("--hours", type=int, default=24, help="model hours of the clock-advance measurement")
    parser.add_argument("--duration", type=int, default=2, help="whole seconds per wrk round")
    parser.add_argument("--rounds", type=int, default=5, help="back-to-back pairs of wrk rounds per call")
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        big_world = world_file(args.controllers, Path(folder))
        big, big_base = serve(big_world)
        small, small_base = serve(None)
        try:
            hour_walls = [advance(big_base, 3600.0) for _ in range(args.hours)]
            busy = BUSY_AT_S + 86_400.0 * math.ceil(max(args.hours * 3600.0 - BUSY_AT_S, 0.0) / 86_400.0)
            advance(big_base, busy - args.hours * 3600.0)
            advance(small_base, busy)
            plugged = charging(big_base)
            small_side, big_side = "4 controllers", f"{args.controllers + 4:,} controllers"
            servers = {small_side: (small_base, small.pid), big_side: (big_base, big.pid)}
            chosen = {side: calls(*log_in(base)) for side, (base, _) in servers.items()}
            rounds: dict[str, dict[str, list[Round]]] = {c.name: {side: [] for side in servers} for c in chosen[small_side]}
            scripts: dict[str, dict[str, Path]] = {}
            for n, side in enumerate(servers):
                (Path(folder) / str(n)).mkdir()
                scripts[side] = {c.name: lua_script(c, Path(folder) / str(n)) for c in chosen[side]}
            for call in chosen[small_side]:  # warm-up
                for side, (base, pid) in servers.items():
                    wrk(base + call.path, scripts[side][call.name], 1, args.connections, pid)
            for _ in range(args.rounds):
                for call in chosen[small_side]:
                    for side, (base, pid) in servers.items():
                        rounds[call.name][side].append(wrk(base + call.path, scripts[side][call.name], args.duration, args.connections, pid))
        finally:
            for process in (big, small):
                process.send_signal(signal.SIGTERM)
                process.communicate(timeout=60)
    per_second = [1.0 / wall for wall in hour_walls]
    overall = args.hours / sum(hour_walls)
    print(f"served world: the default world + {args.controllers:,} fleet chargers (depot sites of 100), chargebench serve --virtual")
    print(f"clock advance: {spread(per_second, ',.1f')} model hours per wall second over {args.hours} one-hour steps "
          f"({overall:,.1f} over the whole span) (goal >= {GOAL_HOURS_PER_S:g}) "
          f"-> {'PASS' if statistics.median(per_second) >= GOAL_HOURS_PER_S else 'FAIL'}")
    print(f"requests at model hour {busy / 3600:g} with {plugged:,} controllers charging; wrk, 1 thread, {args.connections} connections, "
          f"{args.rounds} back-to-back pairs of {args.duration} s rounds per call")
    for call in chosen[small_side]:
        report(call.name, (small_side, big_side), rounds[call.name], GOAL_RATIO)


if __name__ == "__main__":
    main()
