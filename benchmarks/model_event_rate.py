"""Events per second of the controller model against a bare SimPy loop, in one run.

Both sides run the same drivers with the same random draws and the same step
loop.  On the bare side a driver only waits; on the model side it plugs an EV in,
presents a card, and unplugs it, and the controllers add their own events (the
taper point and the full battery, from closed-form curves).  The ratio is the
model's cost per event.  Goal: the model keeps >= 33 % of the bare rate (trace: full).

Rounds alternate between the two sides, each after a full garbage collection, and
the ratio is the median over back-to-back pairs, so machine noise and the previous
round's garbage hit both alike.  Time is CPU time (``time.process_time``): a busy
shared machine inflates it less than the wall clock.  The breakdown
says what the goal allows per model event (the bare cost of one event) and what
recording the trace alone takes of it, measured in the same run.

    python benchmarks/model_event_rate.py [--controllers 1000] [--hours 24]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time

from simulator.model.events import EventLog
from synthetic import build_world, start_drivers, step_all


def drivers(controllers: int, hours: float, seed: int, with_model: bool) -> tuple[int, float, int]:
    """The fleet's drivers on ``controllers`` sockets; ``with_model`` decides whether
    their actions reach controllers or are only drawn.  Returns SimPy events, seconds
    and trace records."""
    world = build_world(controllers, seed)
    start_drivers(world, with_model)
    gc.collect()
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


if __name__ == "__main__":
    main()
