"""``chargebench load``: a fleet in real time scaled by a factor as the load on an external ABS,
an external OIOI hub, or both.

The stations of the world (every site, or the sites of each of N Ray shards, all started at
one wall instant on one scaled clock) report to the target's ``/abs/cs`` interface as they
report to chargebench's own back office, and the world's roaming CPO sends its calls to the
target hub as it sends them to chargebench's own. The targets must know the world's stations,
cards and accounts: serve the same world file there (``chargebench serve --world FILE
--virtual``: its own fleet then never moves), or provision them. Every request is recorded;
the report adds up the shards: requests by kind, latency percentiles from HDR histograms,
errors and retries by kind, offered versus achieved rate, what became of each roaming
session's CDR, as a table, a plot and CSV.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable
from urllib.parse import urlsplit

from hdrh.histogram import HdrHistogram

from ..api.oioi.service import HUB_PATH
from ..cli_types import host_port
from ..clock import SimClock
from ..model.world import World, WorldConfig
from ..model.worldfile import read_world
from .load_cpo import CpoEndpoint
from .load_shard import LoadPart, LoadShard, Record, Targets, new_histogram, with_hub
from .shards import RaySession, ray_module, split

START_DELAY_S = 2.0
"""Shards start together this long after they were all built (one wall instant, one scaled clock)."""
PROGRESS_S = 5.0
ACTOR_CONCURRENCY = 64
"""Calls a shard's actor runs at once: its run, progress queries and the hub's calls to the CPO."""
LOGIN = "POST /abs/authentication"
PERCENTILES = (50.0, 95.0, 99.0)
DEFAULT_CPO_LISTEN = ("127.0.0.1", 0)
"""With a target hub, the CPO's endpoint listens on loopback at a free port unless told otherwise."""


@dataclass(frozen=True)
class LoadOptions:
    world: Path
    target_abs: str | None
    factor: float
    duration: float
    """Wall seconds."""
    seed: int | None = None
    shards: int | None = None
    ray_address: str | None = None
    out: Path | None = None
    target_oioi: str | None = None
    oioi_key: str | None = None
    cpo_listen: tuple[str, int] | None = None
    """Where the CPO's OIOI endpoint listens (host, port); None: the world file's, else loopback."""

    def targets(self, data: dict[str, Any]) -> Targets:
        """The options' targets, else the world file's ``[load]`` ones."""
        table = data.get("load", {})
        oioi = self.target_oioi or table.get("target-oioi")
        key = self.oioi_key or table.get("oioi-key")
        return Targets(self.target_abs or table.get("target-abs"), None if oioi is None else hub_endpoint(oioi), key)

    def cpo_address(self, data: dict[str, Any], targets: Targets) -> tuple[str, int] | None:
        """Where the CPO's endpoint listens: with a target hub only (chargebench's own hub calls
        its CPO in-process), at the option's address, else the world file's, else a free loopback port."""
        table = data.get("load", {})
        given = self.cpo_listen or (host_port(table["cpo-listen"]) if "cpo-listen" in table else None)
        if targets.oioi is None:
            if given is not None:
                raise ValueError("--cpo-listen needs --target-oioi: the CPO's endpoint takes the target hub's calls")
            return None
        return given or DEFAULT_CPO_LISTEN


def hub_endpoint(url: str) -> str:
    """A hub's URL as given, or with the OIOI v4 path when it has none (``http://hub:8080``)."""
    return url.rstrip("/") + HUB_PATH if urlsplit(url).path in ("", "/") else url


@dataclass
class LoadReport:
    options: LoadOptions
    targets: Targets
    parts: list[LoadPart]
    cpo_endpoint: str | None = None
    """The URL the CPO's OIOI endpoint listened at (with a target hub)."""
    hub_calls: dict[str, dict[str, int]] = field(default_factory=dict)
    """The hub's calls to that endpoint: call -> the answer's result code -> calls."""
    hub_call_latency: dict[str, HdrHistogram] = field(default_factory=dict)
    """Call -> how long the endpoint took to answer the hub, µs."""

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

    def offered_per_second(self) -> list[int]:
        """Requests the model wanted sent, by wall second of the run, over every shard."""
        seconds = [0] * max((len(part.offered) for part in self.parts), default=0)
        for part in self.parts:
            for second, count in enumerate(part.offered):
                seconds[second] += count
        return seconds

    def achieved(self) -> list[Record]:
        """The answered requests the model offered (a login is the client's, not the model's),
        each counted when its answer came."""
        return [r for r in self.records if r.kind != LOGIN and r.answered_at is not None]

    def figures(self) -> dict[str, Any]:
        records = self.records
        kinds: dict[str, dict[str, Any]] = {}
        for record in records:
            row = kinds.setdefault(record.kind, {"sent": 0, "answered": 0, "failed": 0, "retries": 0, "errors": {}})
            row["sent"] += 1
            row["retries"] += record.retry
            row["answered" if record.error is None else "failed"] += 1
            if record.error is not None:
                row["errors"][record.error] = row["errors"].get(record.error, 0) + 1
        kinds["all"] = {"sent": len(records), "answered": sum(r.error is None for r in records),
                        "failed": sum(r.error is not None for r in records), "retries": sum(r.retry for r in records),
                        "errors": _added(row["errors"] for row in kinds.values())}
        for kind, row in kinds.items():
            row.update(_percentiles(self.histogram(None if kind == "all" else kind)))
        duration = self.options.duration
        offered = sum(self.offered_per_second())
        answered = [r.answered_at for r in self.achieved()]
        achieved = sum(1 for at in answered if at is not None and at <= duration)
        figures = {
            "target_abs": self.targets.abs, "target_oioi": self.targets.oioi, "factor": self.options.factor, "duration_s": duration,
            "shards": len(self.parts), "model_hours": round(max(p.model_seconds for p in self.parts) / 3600.0, 3),
            "requests": kinds, "errors": dict(sorted(kinds["all"]["errors"].items(), key=lambda item: -item[1])),
            "abs_status_codes": dict(sorted(_added(part.abs_answers for part in self.parts).items())),
            "oioi_result_codes": {call: dict(sorted(_added(part.oioi_answers.get(call, {}) for part in self.parts).items()))
                                  for call in sorted({c for part in self.parts for c in part.oioi_answers})},
            "offered": offered, "achieved": achieved, "answered_after_end": len(answered) - achieved,
            "unanswered_at_end": sum(part.cut_off for part in self.parts),
            "offered_per_s": round(offered / duration, 3), "achieved_per_s": round(achieved / duration, 3),
            "sessions_reported": sum(len(part.reported) for part in self.parts),
        }
        if self.targets.oioi is not None:
            figures["cpo_endpoint"] = self.cpo_endpoint
            figures["hub_calls_in"] = {call: dict(sorted(codes.items())) for call, codes in sorted(self.hub_calls.items())}
            figures["hub_calls_in_ms"] = {call: _percentiles(histogram) for call, histogram in sorted(self.hub_call_latency.items())}
            roaming = [r for part in self.parts for r in part.roaming]
            figures["roaming_sessions"] = len(roaming)
            figures["roaming_cdrs"] = dict(sorted(_added({r.cdr: 1} for r in roaming).items()))
        return figures


def _added(counts: Any) -> dict[str, int]:
    """Counters (dicts of counts) added up."""
    return dict(sum((Counter(count) for count in counts), Counter()))


def _percentiles(histogram: HdrHistogram) -> dict[str, float | None]:
    """p50/p95/p99/max in ms (None without a value)."""
    counted = histogram.total_count > 0
    figures = {f"p{p:g}_ms": _ms(histogram.get_value_at_percentile(p)) if counted else None for p in PERCENTILES}
    return figures | {"max_ms": _ms(histogram.get_max_value()) if counted else None}


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


Shard = tuple[int, dict[str, Any], dict[str, int]]
"""A shard's number, its part of the world file, the whole world's socket ids."""
Progress = Callable[[str], None]


def load(options: LoadOptions, progress: Progress = lambda line: print(line, file=sys.stderr, flush=True)) -> LoadReport:
    data = read_world(options.world)
    targets = options.targets(data)
    address = options.cpo_address(data, targets)
    if targets.oioi is not None and targets.oioi_key is not None:
        with_hub(WorldConfig.from_dict(data, options.seed), targets.oioi, targets.oioi_key)  # refused here, not in a shard
    parts = split(data, options.shards, options.seed) if options.shards is not None else [data]
    sockets = socket_ids(data, options.seed)
    shards = [(number, part, sockets) for number, part in enumerate(parts)]
    endpoint = None if address is None else CpoEndpoint(*address)
    if options.shards is None:
        results = asyncio.run(_serving(endpoint, progress, lambda: _in_process(options, targets, shards, endpoint, progress)))
    else:
        ray = ray_module()
        with RaySession(ray, options.ray_address, len(shards)):
            results = asyncio.run(_serving(endpoint, progress, lambda: _on_ray(ray, options, targets, shards, endpoint, progress)))
    report = LoadReport(options, targets, results)
    if endpoint is not None:
        report.cpo_endpoint, report.hub_calls, report.hub_call_latency = endpoint.url, endpoint.calls, endpoint.latency
    if options.out is not None:
        write(report, options.out)
    return report


async def _serving(endpoint: CpoEndpoint | None, progress: Progress,
                   run: Callable[[], Awaitable[list[LoadPart]]]) -> list[LoadPart]:
    """The run with the CPO's endpoint listening from before the shards are built until they are done."""
    if endpoint is None:
        return await run()
    progress(f"load: the CPO's OIOI endpoint, for the target hub: {await endpoint.start()}")
    try:
        return await run()
    finally:
        await endpoint.close()


async def _in_process(options: LoadOptions, targets: Targets, shards: list[Shard], endpoint: CpoEndpoint | None,
                      progress: Progress) -> list[LoadPart]:
    workers = [LoadShard(number, part, options.seed, options.factor, targets, ids) for number, part, ids in shards]
    if endpoint is not None:
        endpoint.route_to([worker.evse_ids() for worker in workers],
                          lambda shard, raw, authorization: workers[shard].cpo_call(raw, authorization))

    async def figures() -> list[tuple[float, int, int, int]]:
        return [worker.progress() for worker in workers]

    start_at = time.time() + START_DELAY_S
    return await _watched(options, start_at, figures, progress,
                          asyncio.gather(*(worker.run(start_at, options.duration) for worker in workers)))


async def _on_ray(ray: Any, options: LoadOptions, targets: Targets, shards: list[Shard], endpoint: CpoEndpoint | None,
                  progress: Progress) -> list[LoadPart]:
    """The shards as Ray actors; this process serves the CPO's endpoint and passes each call to its shard."""
    actor = ray.remote(num_cpus=1, max_concurrency=ACTOR_CONCURRENCY)(LoadShard)
    workers = [actor.remote(number, part, options.seed, options.factor, targets, ids) for number, part, ids in shards]
    try:
        evses = await asyncio.gather(*(worker.evse_ids.remote() for worker in workers))  # every shard built before the common start
        if endpoint is not None:
            endpoint.route_to(list(evses), lambda shard, raw, authorization: workers[shard].cpo_call.remote(raw, authorization))

        async def figures() -> list[tuple[float, int, int, int]]:
            return list(await asyncio.gather(*(worker.progress.remote() for worker in workers)))

        start_at = time.time() + START_DELAY_S
        return await _watched(options, start_at, figures, progress,
                              asyncio.gather(*(worker.run.remote(start_at, options.duration) for worker in workers)))
    finally:
        for worker in workers:  # their CPUs free for the next run on a Ray that stays up (a notebook, a cluster)
            ray.kill(worker)


async def _watched(options: LoadOptions, start_at: float, figures: Callable[[], Awaitable[list[tuple[float, int, int, int]]]],
                   progress: Progress, runs: Awaitable[list[LoadPart]]) -> list[LoadPart]:
    """The shards' runs, with a progress line every few seconds until they are done."""
    watcher = asyncio.ensure_future(_watch(options, start_at, figures, progress))
    try:
        return list(await runs)
    finally:
        watcher.cancel()


async def _watch(options: LoadOptions, start_at: float, figures: Callable[[], Awaitable[list[tuple[float, int, int, int]]]],
                 progress: Progress) -> None:
    while True:
        await asyncio.sleep(PROGRESS_S)
        progress(progress_line(options, start_at, await figures()))


def progress_line(options: LoadOptions, start_at: float, figures: list[tuple[float, int, int, int]]) -> str:
    elapsed = max(0.0, min(time.time() - start_at, options.duration))
    model = max((f[0] for f in figures), default=0.0)
    offered, answered, failed = (sum(f[i] for f in figures) for i in (1, 2, 3))
    return (f"load: {elapsed:.0f}/{options.duration:g} s, model {model / 3600.0:.2f} h, {offered:,} requests offered, "
            f"{answered:,} requests answered, {failed:,} failed ({answered / max(elapsed, 1e-9):,.1f}/s)")


def table(figures: dict[str, Any]) -> str:
    lines = [f"{'requests by kind':32} {'sent':>8} {'answered':>9} {'failed':>7} {'retries':>7} "
             f"{'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} {'max ms':>9}"]
    for kind, row in figures["requests"].items():
        cells = [row.get(f"p{p:g}_ms") for p in PERCENTILES] + [row.get("max_ms")]
        lines.append(f"{kind:32} {row['sent']:>8,} {row['answered']:>9,} {row['failed']:>7,} {row['retries']:>7,} "
                     + " ".join(f"{'-' if c is None else f'{c:.1f}':>9}" for c in cells))
    errors = ", ".join(f"{kind} {count:,}" for kind, count in figures["errors"].items()) or "none"
    lines.append(f"errors by kind: {errors}")
    for kind, row in figures["requests"].items():
        if row["errors"] and kind != "all":
            lines.append(f"  {kind}: " + ", ".join(f"{error} {count:,}" for error, count in row["errors"].items()))
    if figures["target_abs"] is not None:
        codes = ", ".join(f"{code}: {count:,}" for code, count in figures["abs_status_codes"].items()) or "none"
        lines.append(f"back-office answers by statusCode: {codes}")
    if figures["target_oioi"] is not None:
        cdrs = ", ".join(f"{fate} {n:,}" for fate, n in figures["roaming_cdrs"].items()) or "none"
        lines += [f"hub answers by call and result code: {_by_call(figures['oioi_result_codes'])}",
                  f"the hub's calls to the CPO endpoint {figures['cpo_endpoint']}, by call and result code: "
                  f"{_by_call(figures['hub_calls_in'])}",
                  *(f"  {call} answered in p50 {row['p50_ms']:.1f} ms, p99 {row['p99_ms']:.1f} ms, max {row['max_ms']:.1f} ms"
                    for call, row in figures["hub_calls_in_ms"].items()),
                  f"{figures['roaming_sessions']:,} roaming sessions; their CDRs at the hub: {cdrs}"]
    share = figures["achieved"] / figures["offered"] if figures["offered"] else 0.0
    lines += [
        f"offered {figures['offered_per_s']:,.2f} requests/s ({figures['offered']:,}), achieved "
        f"{figures['achieved_per_s']:,.2f}/s ({figures['achieved']:,}, {share:.0%}); {figures['answered_after_end']:,} "
        f"answered after the end, {figures['unanswered_at_end']:,} unanswered",
        f"{figures['sessions_reported']:,} sessions accepted by the back office; {figures['shards']} shard(s), "
        f"x{figures['factor']:g} for {figures['duration_s']:g} s = {figures['model_hours']:g} model hours",
    ]
    return "\n".join(lines)


def _by_call(calls: dict[str, dict[str, int]]) -> str:
    """``session-start 0: 4, 321: 1; rfid-post 0: 1``: each call's result codes and counts."""
    return "; ".join(f"{call} " + ", ".join(f"{code}: {n:,}" for code, n in codes.items()) for call, codes in calls.items()) or "none"


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
    achieved, failed = [0] * seconds, [0] * seconds
    for record in report.achieved():
        assert record.answered_at is not None
        if record.answered_at < seconds:
            achieved[int(record.answered_at)] += 1
    for record in report.records:
        if record.error is not None and 0 <= record.at < seconds:
            failed[int(record.at)] += 1
    offered = report.offered_per_second()
    rate.step(range(1, len(offered) + 1), offered, color="grey", linestyle="--", label="offered")
    rate.step(range(1, seconds + 1), achieved, label="achieved (answered)")
    rate.step(range(1, seconds + 1), failed, label="failed", color="tab:red")
    rate.set(xlabel="wall seconds", ylabel="requests per second", title="Offered and achieved rate")
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
    figure.suptitle("chargebench load against " + " and ".join(t for t in (report.targets.abs, report.targets.oioi) if t))
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
