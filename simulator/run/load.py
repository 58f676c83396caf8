"""``chargebench load``: a fleet in real time scaled by a factor as the load on an external ABS.

The stations of the world (every site, or the sites of each of N Ray shards, all started at
one wall instant on one scaled clock) report to the target's ``/abs/cs`` interface as they
report to chargebench's own back office. The target must know the world's stations: serve
the same world file there (``chargebench serve --world FILE --virtual``: its own fleet then
never moves), or provision the same sockets, cards and cs account. Every request is
recorded; the report adds up the shards: requests by kind, latency percentiles from HDR
histograms, errors by kind, offered versus achieved rate, as a table, a plot and CSV.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

from hdrh.histogram import HdrHistogram

from ..clock import SimClock
from ..model.world import World, WorldConfig
from ..model.worldfile import read_world
from .load_shard import LoadPart, LoadShard, Record, new_histogram
from .shards import RaySession, ray_module, split

START_DELAY_S = 2.0
"""Shards start together this long after they were all built (one wall instant, one scaled clock)."""
PROGRESS_S = 5.0
LOGIN = "POST /abs/authentication"
PERCENTILES = (50.0, 95.0, 99.0)


@dataclass(frozen=True)
class LoadOptions:
    world: Path
    target_abs: str
    factor: float
    duration: float
    """Wall seconds."""
    seed: int | None = None
    shards: int | None = None
    ray_address: str | None = None
    out: Path | None = None


@dataclass
class LoadReport:
    options: LoadOptions
    parts: list[LoadPart]

    @property
    def records(self) -> list[Record]:
        return sorted((r for part in self.parts for r in part.records), key=lambda r: r.at)

    def histogram(self, kind: str | None = None) -> HdrHistogram:
        """The latencies (µs) of one kind of request, or of all, over every shard."""
        total = new_histogram()
        for part in self.parts:
            for name, encoded in part.histograms.items():
                if kind is None or name == kind:
                    total.decode_and_add(encoded)
        return total

    def figures(self) -> dict[str, Any]:
        records = self.records
        kinds: dict[str, dict[str, Any]] = {}
        for record in records:
            row = kinds.setdefault(record.kind, {"sent": 0, "answered": 0, "failed": 0})
            row["sent"] += 1
            row["answered" if record.error is None else "failed"] += 1
        kinds["all"] = {}
        for kind, row in kinds.items():
            histogram = self.histogram(None if kind == "all" else kind)
            row.update({f"p{p:g}_ms": _ms(histogram.get_value_at_percentile(p)) if histogram.total_count else None for p in PERCENTILES})
            row["max_ms"] = _ms(histogram.get_max_value()) if histogram.total_count else None
        kinds["all"] = {"sent": len(records), "answered": sum(r.error is None for r in records),
                         "failed": sum(r.error is not None for r in records)} | kinds["all"]
        errors: dict[str, int] = {}
        for record in records:
            if record.error is not None:
                errors[record.error] = errors.get(record.error, 0) + 1
        answers: dict[str, int] = {}
        for part in self.parts:
            for code, count in part.abs_answers.items():
                answers[code] = answers.get(code, 0) + count
        queued = sum(part.queued for part in self.parts)
        achieved = sum(1 for r in records if r.kind != LOGIN and r.error is None)
        duration = self.options.duration
        return {
            "target": self.options.target_abs, "factor": self.options.factor, "duration_s": duration,
            "shards": len(self.parts), "model_hours": round(max(p.model_seconds for p in self.parts) / 3600.0, 3),
            "requests": kinds, "errors": dict(sorted(errors.items(), key=lambda item: -item[1])),
            "abs_status_codes": dict(sorted(answers.items())),
            "reports_offered": queued, "reports_answered": achieved,
            "reports_cut_off": sum(part.cut_off for part in self.parts),
            "offered_per_s": round(queued / duration, 3), "achieved_per_s": round(achieved / duration, 3),
            "sessions_reported": sum(len(part.reported) for part in self.parts),
        }


def _ms(microseconds: int) -> float:
    return round(microseconds / 1000.0, 3)


def socket_ids(data: dict[str, Any], seed: int | None) -> dict[str, int]:
    """The back-office socket of every controller of the whole world, as a back office serving
    this world numbers them (a shard's own back office would number its sites from 1)."""
    config = WorldConfig.from_dict(data, seed)
    clock = SimClock(epoch=config.epoch)
    world = World(config, clock.env, clock)
    sockets = {cp_id: world.backoffice.socket_for_controller(cp_id) for cp_id in world.controllers}
    return {cp_id: socket.id for cp_id, socket in sockets.items() if socket is not None}


def load(options: LoadOptions, progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)) -> LoadReport:
    data = read_world(options.world)
    parts = split(data, options.shards) if options.shards is not None else [data]
    sockets = socket_ids(data, options.seed)
    shards = [(number, part, sockets) for number, part in enumerate(parts)]
    if options.shards is None:
        results = asyncio.run(_in_process(options, shards, progress))
    else:
        results = _on_ray(options, shards, progress)
    report = LoadReport(options, results)
    if options.out is not None:
        write(report, options.out)
    return report


async def _in_process(options: LoadOptions, shards: list[tuple[int, dict[str, Any], dict[str, int]]],
                      progress: Callable[[str], None]) -> list[LoadPart]:
    workers = [LoadShard(number, part, options.seed, options.factor, options.target_abs, ids) for number, part, ids in shards]
    start_at = time.time() + START_DELAY_S
    runs = asyncio.gather(*(worker.run(start_at, options.duration) for worker in workers))
    watcher = asyncio.ensure_future(_watch(options, start_at, lambda: [w.progress() for w in workers], progress))
    try:
        return list(await runs)
    finally:
        watcher.cancel()


async def _watch(options: LoadOptions, start_at: float, figures: Callable[[], list[tuple[float, int, int, int]]],
                 progress: Callable[[str], None]) -> None:
    while True:
        await asyncio.sleep(PROGRESS_S)
        progress(progress_line(options, start_at, figures()))


def progress_line(options: LoadOptions, start_at: float, figures: list[tuple[float, int, int, int]]) -> str:
    elapsed = max(0.0, min(time.time() - start_at, options.duration))
    model = max((f[0] for f in figures), default=0.0)
    queued, answered, failed = (sum(f[i] for f in figures) for i in (1, 2, 3))
    return (f"load: {elapsed:.0f}/{options.duration:g} s, model {model / 3600.0:.2f} h, {queued:,} reports offered, "
            f"{answered:,} requests answered, {failed:,} failed ({answered / max(elapsed, 1e-9):,.1f}/s)")


def _on_ray(options: LoadOptions, shards: list[tuple[int, dict[str, Any], dict[str, int]]],
            progress: Callable[[str], None]) -> list[LoadPart]:
    ray = ray_module()
    with RaySession(ray, options.ray_address, len(shards)):
        actor = ray.remote(num_cpus=1, max_concurrency=2)(LoadShard)
        workers = [actor.remote(number, part, options.seed, options.factor, options.target_abs, ids) for number, part, ids in shards]
        ray.get([worker.progress.remote() for worker in workers])  # every shard built before the common start
        start_at = time.time() + START_DELAY_S
        runs = [worker.run.remote(start_at, options.duration) for worker in workers]
        while True:
            done, _ = ray.wait(runs, num_returns=len(runs), timeout=PROGRESS_S)
            if len(done) == len(runs):
                return list(ray.get(runs))
            progress(progress_line(options, start_at, ray.get([worker.progress.remote() for worker in workers])))


def table(figures: dict[str, Any]) -> str:
    lines = [f"{'requests by kind':32} {'sent':>8} {'answered':>9} {'failed':>7} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} {'max ms':>9}"]
    for kind, row in figures["requests"].items():
        cells = [row.get(f"p{p:g}_ms") for p in PERCENTILES] + [row.get("max_ms")]
        lines.append(f"{kind:32} {row['sent']:>8,} {row['answered']:>9,} {row['failed']:>7,} "
                     + " ".join(f"{'-' if c is None else f'{c:.1f}':>9}" for c in cells))
    errors = ", ".join(f"{kind} {count:,}" for kind, count in figures["errors"].items()) or "none"
    codes = ", ".join(f"{code}: {count:,}" for code, count in figures["abs_status_codes"].items()) or "none"
    share = figures["achieved_per_s"] / figures["offered_per_s"] if figures["offered_per_s"] else 0.0
    lines += [
        f"errors by kind: {errors}",
        f"back-office answers by statusCode: {codes}",
        f"offered {figures['offered_per_s']:,.2f} reports/s ({figures['reports_offered']:,}), achieved "
        f"{figures['achieved_per_s']:,.2f}/s ({figures['reports_answered']:,}, {share:.0%}); "
        f"{figures['reports_cut_off']:,} unanswered at the end",
        f"{figures['sessions_reported']:,} sessions accepted by the target; {figures['shards']} shard(s), "
        f"x{figures['factor']:g} for {figures['duration_s']:g} s = {figures['model_hours']:g} model hours",
    ]
    return "\n".join(lines)


REPORT_FILES = ("load.json", "requests.csv", "sessions.csv", "latency.png")


def write(report: LoadReport, out: Path) -> list[Path]:
    from .batch import _csv  # one CSV writer for every table
    from .results import SESSION_COLUMNS

    out.mkdir(parents=True, exist_ok=True)
    figures = report.figures()
    (out / "load.json").write_text(json.dumps(figures, indent=2) + "\n")
    _csv(out / "requests.csv", tuple(Record.__dataclass_fields__), [asdict(r) for r in report.records])
    rows = sorted((row for part in report.parts for row in part.sessions), key=lambda row: row["arrival"])
    _csv(out / "sessions.csv", SESSION_COLUMNS, rows)
    plot(report, out / "latency.png")
    return [out / name for name in REPORT_FILES]


def plot(report: LoadReport, path: Path) -> None:
    """Requests answered and failed per second of the run, and each kind's latency by percentile."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (rate, latency) = plt.subplots(1, 2, figsize=(12, 4.5))
    seconds = max(1, int(report.options.duration) + 1)
    answered, failed = [0] * seconds, [0] * seconds
    for record in report.records:
        slot = min(max(int(record.at), 0), seconds - 1)
        (answered if record.error is None else failed)[slot] += 1
    rate.plot(range(seconds), answered, label="answered")
    rate.plot(range(seconds), failed, label="failed", color="tab:red")
    rate.axhline(report.figures()["offered_per_s"], color="grey", linestyle="--", label="offered (mean)")
    rate.set(xlabel="wall seconds", ylabel="requests per second", title="Rate")
    rate.legend()
    kinds = {r.kind for r in report.records if r.error is None}
    for kind in sorted(kinds):
        histogram = report.histogram(kind)
        points = [p for p in (0.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9, 100.0)]
        latency.plot([f"{p:g}" for p in points], [histogram.get_value_at_percentile(p) / 1000.0 for p in points], marker=".", label=kind)
    latency.set(xlabel="percentile", ylabel="latency (ms)", title="Latency by percentile (HDR histogram)")
    if kinds:
        latency.set_yscale("log")
        latency.legend(fontsize="small")
    figure.suptitle(f"chargebench load against {report.options.target_abs}")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
