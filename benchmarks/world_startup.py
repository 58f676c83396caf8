"""How long ``chargebench serve`` takes to answer with a big fleet world, under ``ulimit -n 1024``.

The worlds are generated: sites of 100 depot chargers (three-phase 32 A behind a
600 kW grid limit) with 95 drivers each, as many sites as the size needs, plus the
default world's own four controllers (which get instruments).  Each round starts
a fresh ``chargebench serve --virtual`` with the open-files limit at 1024 (soft
and hard), waits for its banner, checks that it answers ``GET /sim/clock``, and
stops it.  Figures: wall seconds to the answer and the server's CPU seconds until
then (which a busy machine inflates less), median and range over rounds.
Goals: 1,000 controllers in under 3 s, 10,000 in under 20 s.

    python benchmarks/world_startup.py [--sizes 1000 10000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Callable

GOALS_S = {1_000: 3.0, 10_000: 20.0}
SITE_CONTROLLERS = 100
OPEN_FILES = 1024
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

SITE = """
[[fleet.sites]]
name = "Depot {n:03d}"
kind = "depot"
controllers = {controllers}
max_current_a = 32
phases = 3
grid_limit_kw = 600
[fleet.sites.drivers]
count = {drivers}
visits_per_weekday = 0.95
visits_per_weekend_day = 0.2
auth = {{ whitelist = 0.6, autocharge = 0.4 }}
"""


def world_file(controllers: int, folder: Path) -> Path:
    """The default world with a fleet of ``controllers`` depot chargers added."""
    default = (Path(__file__).resolve().parent.parent / "simulator" / "worlds" / "default.toml").read_text()
    sites = []
    for n, start in enumerate(range(0, controllers, SITE_CONTROLLERS), 1):
        size = min(SITE_CONTROLLERS, controllers - start)
        sites.append(SITE.format(n=n, controllers=size, drivers=max(1, size * 95 // 100)))
    fleet = '\n[fleet]\nhost = "depot"\nprice_per_kwh = 0.2\n' + "".join(sites) + '\n[[fleet.ev_mix]]\nmodel = "VW ID.4"\nshare = 1.0\n'
    path = folder / f"fleet-{controllers}.toml"
    path.write_text(default + fleet)
    return path


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def limit_open_files() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (OPEN_FILES, OPEN_FILES))


def launch(world: Path | None, preexec_fn: Callable[[], None] | None = None) -> tuple[subprocess.Popen[str], str]:
    """``chargebench serve --virtual`` on a free port; the process and its sim-control URL once it listens."""
    args = [sys.executable, "-m", "simulator", "serve", "--virtual", "--port", "0"] + ([] if world is None else ["--world", str(world)])
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=preexec_fn)
    assert process.stdout is not None
    banner = ""
    for line in process.stdout:
        banner += line
        if line.startswith("Ctrl-C stops"):
            break
    found = re.search(r"sim-control\s+(\S+)", banner)
    if found is None:
        raise SystemExit(f"the server did not start:\n{banner}{process.stderr.read() if process.stderr else ''}")
    return process, found.group(1)


def start_once(world: Path) -> tuple[float, float]:
    """Wall and CPU seconds from launch to the first answer."""
    started = time.perf_counter()
    process, sim_url = launch(world, limit_open_files)
    try:
        with urllib.request.urlopen(sim_url + "/clock", timeout=60) as reply:
            reply.read()
        wall = time.perf_counter() - started
        return wall, cpu_seconds(process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000], help="fleet controllers")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        worlds = {size: world_file(size, Path(folder)) for size in args.sizes}
        figures: dict[int, list[tuple[float, float]]] = {size: [] for size in args.sizes}
        for _ in range(args.rounds):
            for size, world in worlds.items():
                figures[size].append(start_once(world))
    print(f"chargebench serve --virtual under ulimit -n {OPEN_FILES}, {args.rounds} rounds; median (range)")
    for size in args.sizes:
        walls, cpus = [f[0] for f in figures[size]], [f[1] for f in figures[size]]
        goal = GOALS_S.get(size)
        verdict = "no goal at this size" if goal is None else (
            f"goal < {goal:g} s -> {'PASS' if statistics.median(walls) < goal else 'FAIL'}")
        print(f"{size + 4:7,} controllers ({size:,} in the fleet): answers after {statistics.median(walls):.2f} s "
              f"({min(walls):.2f}-{max(walls):.2f}) wall, {statistics.median(cpus):.2f} s ({min(cpus):.2f}-{max(cpus):.2f}) "
              f"CPU ({verdict})")


if __name__ == "__main__":
    main()
