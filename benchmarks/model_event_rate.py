"""Events per second of the controller model against a bare SimPy loop, in one run.

Both sides run the same drivers with the same random draws and the same step
loop.  On the bare side a driver only waits; on the model side it plugs an EV in,
presents a card, and unplugs it, and the controllers add their own events (the
taper point and the full battery, from closed-form curves).  The ratio is the
model's cost per event.  Goal: the model keeps >= 33 % of the bare rate (trace: full).

Rounds alternate between the two sides, each with its heap settled as ``chargebench serve``
and ``run`` settle theirs once the world is built (a full collection, the survivors frozen,
a larger young generation; see ``simulator/heap.py``), and
the ratio is the median over back-to-back pairs, so machine noise and the previous
round's garbage hit both alike.  Time is CPU time (``time.process_time``): a busy
shared machine inflates it less than the wall clock.  The breakdown
says what the goal allows per model event (the bare cost of one event) and what
recording the trace alone takes of it, measured in the same run.

    python benchmarks/model_event_rate.py [--controllers 1000] [--hours 24]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import statistics
import time

from simulator.heap import settle_heap
from simulator.model.events import EventLog
from synthetic import build_world, start_drivers, step_all


def drivers(controllers: int, hours: float, seed: int, with_model: bool) -> tuple[int, float, int]:
    """The fleet's drivers on ``controllers`` sockets; ``with_model`` decides whether
    their actions reach controllers or are only drawn.  Returns SimPy events, seconds
    and trace records."""
    world = build_world(controllers, seed)
    start_drivers(world, with_model)
    settle_heap()  # as chargebench serve and run do once the world is built
    started = time.process_time()
    steps = step_all(world.env, hours * 3600)
    return steps, time.process_time() - started, world.events.total


def record_cost(records: int = 200_000) -> float:
    """Seconds to record one trace event, shaped like the controller's."""
    log = EventLog()
    gc.collect()
    started = time.process_time()
    for i in range(records):
        log.emit(float(i), "CP-1", "pilot", state="c")
    return (time.process_time() - started) / records


COMPONENTS = (
    ("SimPy: event loop, heap, process resumption", ("simpy/", "_heapq")),
    ("trace recording (events.py)", ("model/events.py",)),
    ("controller state machine (controller, pilot, settings, whitelist, faults)",
     ("model/controller.py", "model/pilot.py", "model/settings.py", "model/whitelist.py", "model/faults.py", "model/logins.py")),
    ("meter and charge curves (meter, battery)", ("model/meter.py", "model/battery.py")),
    ("the benchmark's drivers and EVs (draws, EvSpec checks)", ("synthetic.py", "random.py", "model/ev.py")),
)


def account(controllers: int, hours: float, seed: int) -> list[tuple[str, float]]:
    """Where the model's time goes, by component: each one's share of the self time of a
    deterministic profile of the model side (builtins such as ``min`` and ``round`` count
    for whoever calls them), as (component, share)."""
    world = build_world(controllers, seed)
    start_drivers(world, True)
    settle_heap()
    profile = cProfile.Profile()
    profile.runcall(step_all, world.env, hours * 3600)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    self_time = {name: 0.0 for name, _ in COMPONENTS} | {"other": 0.0}

    def component(filename: str) -> str:
        return next((name for name, parts in COMPONENTS if any(part in filename for part in parts)), "other")

    for (filename, _line, _function), (_cc, _nc, own, _cum, callers) in stats.items():
        if filename == "~":  # a builtin: its time goes to its callers, by their own time in it
            for (caller_file, _l, _f), (_c, _n, caller_own, _cu) in callers.items():
                self_time[component(caller_file)] += caller_own
        else:
            self_time[component(filename)] += own
    total = sum(self_time.values())
    return [(name, seconds / total) for name, seconds in self_time.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--controllers", type=int, default=1000)
    parser.add_argument("--hours", type=float, default=24.0)
    parser.add_argument("--rounds", type=int, default=5, help="back-to-back pairs of rounds")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    bare_rates, model_rates = [], []
    for _ in range(args.rounds):
        bare_steps, seconds, _ = drivers(args.controllers, args.hours, args.seed, False)
        bare_rates.append(bare_steps / seconds)
        model_steps, seconds, records = drivers(args.controllers, args.hours, args.seed, True)
        model_rates.append(model_steps / seconds)
    bare_rate, model_rate = statistics.median(bare_rates), statistics.median(model_rates)
    print(f"bare SimPy : {bare_rate:12,.0f} events/s ({bare_steps:,} events, {args.controllers} drivers without the model, {args.hours:g} h)")
    print(f"model      : {model_rate:12,.0f} events/s ({model_steps:,} events, {args.controllers} controllers, {args.hours:g} h)")
    ratios = sorted(m / b for b, m in zip(bare_rates, model_rates))
    ratio = statistics.median(ratios)
    print(f"ratio      : {ratio:.0%} of bare SimPy, the median of {args.rounds} back-to-back pairs "
          f"(they ranged {ratios[0]:.0%}-{ratios[-1]:.0%}) (goal >= 33%) -> {'PASS' if ratio >= 0.33 else 'FAIL'}")
    print(f"fleet      : {args.controllers} controllers for {args.hours:g} h of model time take {model_steps / model_rate:.2f} s of CPU time")
    per_event_bare, per_event_model = 1e6 / bare_rate, 1e6 / model_rate
    trace = records / model_steps * record_cost() * 1e6
    print(f"per event  : bare {per_event_bare:.2f} us, model {per_event_model:.2f} us; the goal allows "
          f"{per_event_bare:.2f} us of model work per event, the model spends {per_event_model - per_event_bare:.2f} us")
    print(f"trace      : {records / model_steps:.1f} records per event take {trace:.2f} us of that "
          f"({trace / per_event_bare:.0%} of the allowance) before any state machine, meter or battery work")
    print(f"account    : the model's {per_event_model:.2f} us per event by component (shares of a deterministic profile "
          f"of one model round, applied to the measured time; the profiler inflates small calls, so shares are approximate)")
    for name, share in account(args.controllers, args.hours, args.seed):
        print(f"  {per_event_model * share:6.2f} us  {share:4.0%}  {name}")


if __name__ == "__main__":
    main()
