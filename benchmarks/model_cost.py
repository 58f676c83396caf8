"""The model's cost per controller-day from 100 to 10,000 controllers, and a big batch run.

Each run is its own process (fresh heap, its own peak memory): the synthetic fleet of
``benchmarks/synthetic.py`` (one driver per controller: plug, card, unplug hours later)
for ``--days`` model days at the trace level ``--trace`` (``off`` by default, a batch
run's level), with the garbage collector as the simulator sets it up after building a
world (``--gc tuned``, see ``simulator/heap.py``) or left at Python's defaults
(``--gc default``, the baseline of that decision, measured in the same run).  Rounds
alternate over sizes and collector settings; every figure is the median over rounds
with its range.  Time is the run's CPU time (``time.process_time``), which a busy
shared machine inflates less than the wall clock; the wall time is printed beside it.

Goals: the cost per controller-day stays flat within 25 % from the smallest to the
largest size; the largest size (10,000 controllers x 7 days) runs in under 15 s
with under 500 MB of memory.

    python benchmarks/model_cost.py [--sizes 100 1000 10000] [--days 7] [--rounds 3]
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from simulator.heap import settle_heap
from simulator.model.events import TraceLevel
from synthetic import build_world, start_drivers, step_all

GOAL_FLAT = 1.25
GOAL_SECONDS = 15.0
GOAL_MB = 500.0


def one_run(controllers: int, days: float, trace: str, gc_mode: str) -> dict[str, float]:
    """Build, settle, run; what it cost (in this process)."""
    world = build_world(controllers, 2026, TraceLevel(trace))
    start_drivers(world, with_model=True)
    if gc_mode == "tuned":
        settle_heap()
    else:
        gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    steps = step_all(world.env, days * 86_400)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"cpu": cpu, "wall": wall, "steps": steps, "rss_mb": rss_mb}


def spawn(controllers: int, days: float, trace: str, gc_mode: str) -> dict[str, float]:
    args = [sys.executable, __file__, "--one", str(controllers), "--days", str(days), "--trace", trace, "--gc", gc_mode]
    done = subprocess.run(args, capture_output=True, text=True, check=True, cwd=Path(__file__).parent)
    return json.loads(done.stdout)


def spread(values: list[float], fmt: str) -> str:
    return f"{format(statistics.median(values), fmt)} ({format(min(values), fmt)}-{format(max(values), fmt)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10_000])
    parser.add_argument("--days", type=float, default=7.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--trace", choices=[str(t) for t in TraceLevel], default=str(TraceLevel.OFF))
    parser.add_argument("--gc", choices=["tuned", "default", "both"], default="both",
                        help="the collector as the simulator sets it (tuned), Python's defaults, or both alternating")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(one_run(args.one, args.days, args.trace, args.gc)))
        return
    modes = ["tuned", "default"] if args.gc == "both" else [args.gc]
    runs: dict[tuple[str, int], list[dict[str, float]]] = {(m, n): [] for m in modes for n in args.sizes}
    for _ in range(args.rounds):
        for mode in modes:
            for size in args.sizes:
                runs[(mode, size)].append(spawn(size, args.days, args.trace, mode))
    print(f"synthetic fleet, {args.days:g} model days, trace {args.trace}, {args.rounds} rounds; median (range)")
    largest, smallest = max(args.sizes), min(args.sizes)
    for mode in modes:
        print(f"gc {mode}:")
        for size in args.sizes:
            r = runs[(mode, size)]
            per_cd = [x["cpu"] / (size * args.days) * 1e6 for x in r]
            print(f"  {size:6,} controllers: {spread(per_cd, '.0f')} us per controller-day; "
                  f"{spread([x['cpu'] for x in r], '.2f')} s CPU, {spread([x['wall'] for x in r], '.2f')} s wall, "
                  f"{spread([x['rss_mb'] for x in r], '.0f')} MB peak")
        flat = [max(c) / min(c) for c in zip(*(
            [x["cpu"] / (size * args.days) for x in runs[(mode, size)]] for size in args.sizes))]
        big = runs[(mode, largest)]
        seconds, memory = statistics.median(x["cpu"] for x in big), statistics.median(x["rss_mb"] for x in big)
        print(f"  flatness: the dearest size costs {spread(flat, '.2f')}x the cheapest per controller-day "
              f"({smallest:,} to {largest:,}; goal <= {GOAL_FLAT:.2f}x) -> {'PASS' if statistics.median(flat) <= GOAL_FLAT else 'FAIL'}")
        verdict = ("PASS" if seconds < GOAL_SECONDS and memory < GOAL_MB else "FAIL") if (largest, args.days) == (10_000, 7) \
            else "not judged: the goal is for 10,000 controllers x 7 days"
        print(f"  {largest:,} controllers x {args.days:g} days: {seconds:.1f} s CPU (goal < {GOAL_SECONDS:g} s), "
              f"{memory:.0f} MB (goal < {GOAL_MB:g} MB) -> {verdict}")
    if len(modes) == 2:
        ratios = [t["cpu"] / d["cpu"] for t, d in zip(runs[("tuned", largest)], runs[("default", largest)])]
        print(f"gc tuned / default at {largest:,} controllers: {spread(ratios, '.2f')} of the CPU time")


if __name__ == "__main__":
    main()
