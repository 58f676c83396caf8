"""Wall time of ``chargebench run --shards 2`` against ``--shards 1`` on the same world, in one run.

Both sides go through the same code (Ray actors advancing a model day at a time, the
results merged), so the ratio is what splitting the fleet by site buys; Ray itself starts
once, before the first round, as a ``--ray-address`` cluster would already be up. Rounds
alternate between the sides, each after a full garbage collection; the speed-up is the
median over back-to-back pairs, with its range. Both sides must give the same merged result
(ids aside), or the benchmark fails.

Goal: a month of city-5000 at least 1.6x faster on 2 shards than on 1 (2 cores).

    python benchmarks/shards.py [--world city-5000] [--days 30] [--rounds 3]
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import statistics
import time
from typing import Any

import ray

from simulator.cli import world_file
from simulator.model.worldfile import read_world
from simulator.run.results import Results
from simulator.run.shards import merge, run_shards

GOAL = 1.6
IDS = ("abs_session", "cdr_id")


def timed(data: dict[str, Any], days: float, shards: int) -> tuple[float, list[float], Results]:
    """Wall seconds, each shard's CPU seconds, the merged result; prints where the time went."""
    gc.collect()
    started = time.perf_counter()
    outputs = run_shards(data, None, days, shards)
    returned = time.perf_counter()
    results = merge(outputs, [site["name"] for site in data["fleet"]["sites"]], days)
    merged = time.perf_counter()
    shipped = [pickle.dumps(output, protocol=pickle.HIGHEST_PROTOCOL) for output in outputs]
    pickled = time.perf_counter() - merged
    print(f"  --shards {shards}: {returned - started:.1f} s to the shards' results, merge {merged - returned:.1f} s; per shard "
          f"{', '.join(f'{o.build_cpu_seconds:.1f} CPU s start-up + {o.cpu_seconds - o.build_cpu_seconds:.1f} running' for o in outputs)}; "
          f"results shipped {sum(map(len, shipped)) / 1e6:.0f} MB (pickled again here in {pickled:.1f} s)", flush=True)
    return merged - started, [output.cpu_seconds for output in outputs], results


def comparable(results: Results) -> tuple[Any, ...]:
    return ([{k: v for k, v in row.items() if k not in IDS} for row in results.sessions], results.load, results.summary)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", type=world_file, default=world_file("city-5000"))
    parser.add_argument("--days", type=float, default=30.0, help="model days per run (default: a month)")
    parser.add_argument("--rounds", type=int, default=3, help="pairs of runs (default 3)")
    args = parser.parse_args()
    data = read_world(args.world)
    ray.init(num_cpus=max(2, os.cpu_count() or 1), include_dashboard=False, logging_level="error")
    try:
        pairs = []
        cpu: dict[int, list[float]] = {}
        bounds = []
        reference: tuple[Any, ...] | None = None
        for round_no in range(args.rounds):
            order = (1, 2) if round_no % 2 == 0 else (2, 1)
            seconds: dict[int, float] = {}
            for shards in order:
                seconds[shards], cpu[shards], results = timed(data, args.days, shards)
                reference = reference or comparable(results)
                if comparable(results) != reference:
                    raise SystemExit(f"--shards {shards} gave another result than --shards {order[0]}: a bug, not a figure")
            pairs.append(seconds)
            bounds.append(sum(cpu[1]) / max(cpu[2]))
            print(f"round {round_no + 1}: --shards 1 {seconds[1]:.1f} s, --shards 2 {seconds[2]:.1f} s, "
                  f"speed-up {seconds[1] / seconds[2]:.2f}x; CPU s per shard: {cpu[1][0]:.1f} vs "
                  f"{' + '.join(f'{c:.1f}' for c in cpu[2])}", flush=True)
    finally:
        ray.shutdown()
    one = [p[1] for p in pairs]
    two = [p[2] for p in pairs]
    ratios = [p[1] / p[2] for p in pairs]
    speedup = statistics.median(ratios)
    print(f"world    : {args.world.stem}, {args.days:g} model days, {len(data['fleet']['sites'])} sites, "
          f"{len(reference[0]) if reference else 0:,} arrivals; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    print(f"shards 1 : median {statistics.median(one):.1f} s (range {min(one):.1f}-{max(one):.1f})")
    print(f"shards 2 : median {statistics.median(two):.1f} s (range {min(two):.1f}-{max(two):.1f})")
    print(f"speed-up : {speedup:.2f}x (range {min(ratios):.2f}-{max(ratios):.2f}), same merged result; "
          f"goal >= {GOAL}x -> {'PASS' if speedup >= GOAL else 'FAIL'}")
    print(f"CPU bound: {statistics.median(bounds):.2f}x (range {min(bounds):.2f}-{max(bounds):.2f}) = one shard's CPU time over "
          f"the busier of two shards': the speed-up on cores nobody else uses (on a shared machine, the wall ratio "
          f"also depends on the share the scheduler gives this run's processes)")


if __name__ == "__main__":
    main()
