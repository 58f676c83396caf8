"""Plots and one page of a fleet run: what a person would rather look at than read.

Four PNGs (the load of each site against its grid limit, occupancy by hour and weekday,
dwell and energy per session) and ``summary.html``, which shows them with the KPIs and a
table per site. The page embeds the PNGs, so it can be mailed on its own. Figures are drawn
on matplotlib's Agg canvas without pyplot: no window, no global state.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .results import Results

LOAD_PNG, OCCUPANCY_PNG, DWELL_PNG, ENERGY_PNG, PAGE = "load.png", "occupancy.png", "dwell.png", "energy.png", "summary.html"
REPORT_FILES = (PAGE, LOAD_PNG, OCCUPANCY_PNG, DWELL_PNG, ENERGY_PNG)
MAX_SITE_PANELS = 8
"""More sites than this: the total, then the sites that came closest to their limit."""
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
KIND_COLOURS = {"workplace": "#4C72B0", "public": "#DD8452", "home": "#55A868", "depot": "#8172B3"}
LOAD_COLOUR, LIMIT_COLOUR = "#4C72B0", "#C44E52"
OCCUPANCY_CMAP = colormaps["viridis"].with_extremes(bad="#dddddd")
"""Grey: hours of the week the run did not cover."""
DPI = 100
MAX_BINS = 40
"""More bars than this are noise to a reader."""

KPI_MEANINGS: tuple[tuple[str, str, str], ...] = (
    ("arrivals", "arrivals", "drivers who came to a site"),
    ("sessions", "sessions served", "drivers who plugged in, got a session and left"),
    ("served_share", "served share", "sessions served / arrivals"),
    ("turned_away", "turned away", "drivers who found no free charger within their patience"),
    ("refused", "refused", "drivers whose session did not start (authorization refused)"),
    ("energy_kwh", "energy", "kWh metered in served sessions"),
    ("energy_per_session_kwh", "energy per session", "energy / sessions served"),
    ("utilisation", "utilisation", "connected time / (chargers x run time)"),
    ("idle_share", "idle share of connected time", "1 - charging time / connected time (plugged in, not charging)"),
)
PERCENT_KPIS = {"served_share", "utilisation", "idle_share"}


@dataclass(frozen=True)
class Span:
    start: datetime
    end: datetime

    @classmethod
    def of(cls, results: Results) -> "Span":
        return cls(_when(results.summary["start"]), _when(results.summary["end"]))


def write_report(results: Results, out_dir: Path) -> list[Path]:
    """The PNGs and ``summary.html`` in ``out_dir``; the paths in the order of :data:`REPORT_FILES`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    kinds = _site_kinds(results)
    pngs = {
        LOAD_PNG: _save(load_figure(results), out_dir / LOAD_PNG),
        OCCUPANCY_PNG: _save(occupancy_figure(results), out_dir / OCCUPANCY_PNG),
        DWELL_PNG: _save(_histogram_figure(results, kinds, "Dwell: departure - plug-in", "hours", _dwell_hours), out_dir / DWELL_PNG),
        ENERGY_PNG: _save(_histogram_figure(results, kinds, "Energy per session", "kWh", _energy_kwh), out_dir / ENERGY_PNG),
    }
    page = out_dir / PAGE
    page.write_text(render_page(results, {name: path.read_bytes() for name, path in pngs.items()}), encoding="utf-8")
    return [page, *pngs.values()]


def _save(figure: Figure, path: Path) -> Path:
    FigureCanvasAgg(figure).print_png(str(path))
    return path


def _when(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def _site_kinds(results: Results) -> dict[str, str]:
    return {name: site["kind"] for name, site in results.summary["sites"].items()}


# -- load ------------------------------------------------------------------------------


def load_figure(results: Results) -> Figure:
    """Each site's 15-minute mean load against its grid limit. With several sites the fleet's
    total comes first; with more than :data:`MAX_SITE_PANELS`, only the sites whose peak came
    closest to (or over) their limit follow it."""
    series: dict[str, LoadSeries] = {}
    for row in results.load:
        site = series.setdefault(row["site"], LoadSeries(row["site"], [], [], row["limit_kw"]))
        site.times.append(_when(row["interval_end"]))
        site.kw.append(float(row["mean_kw"]))
    if not series:
        return _message_figure("Load per site", "the run was shorter than one 15-minute interval: no load yet")
    shown = sorted(series.values(), key=LoadSeries.closeness, reverse=True)[:MAX_SITE_PANELS] \
        if len(series) > MAX_SITE_PANELS else list(series.values())
    total_rows = 0 if len(series) == 1 else 1
    columns = 1 if len(shown) == 1 else 2
    site_rows = -(-len(shown) // columns)
    figure = Figure(figsize=(12, 1.1 + 2.5 * (total_rows + site_rows)), dpi=DPI, layout="constrained")
    grid = figure.add_gridspec(total_rows + site_rows, columns)
    first: Axes | None = None
    if total_rows:
        first = figure.add_subplot(grid[0, :])
        _total_panel(first, series, _site_kinds(results))
    for index, site in enumerate(shown):
        ax = figure.add_subplot(grid[total_rows + index // columns, index % columns], sharex=first)
        first = first or ax
        _load_panel(ax, site)
    span = Span.of(results)
    which = f"the {len(shown)} of {len(series)} sites closest to their limit" if len(shown) < len(series) else \
        ("all sites" if len(series) > 1 else next(iter(series)))
    figure.suptitle(f"Load, 15-minute means, {span.start:%d %b} to {span.end:%d %b %Y}: the total and {which}"
                    if total_rows else f"Load, 15-minute means, {span.start:%d %b} to {span.end:%d %b %Y}: {which}", fontsize=13)
    figure.legend(handles=[Line2D([], [], color=LOAD_COLOUR, label="load (15-minute mean)"),
                           Line2D([], [], color=LIMIT_COLOUR, linestyle="--", label="grid limit")],
                  loc="outside lower center", ncols=2, fontsize=9, frameon=False)
    return figure


@dataclass
class LoadSeries:
    name: str
    times: list[datetime]
    kw: list[float]
    limit_kw: float | None
    title: str | None = None

    @property
    def peak_kw(self) -> float:
        return max(self.kw, default=0.0)

    def closeness(self) -> float:
        """Peak over limit; a site without a limit is never close to it."""
        return self.peak_kw / self.limit_kw if self.limit_kw else 0.0


def _total_panel(ax: Axes, series: dict[str, LoadSeries], kinds: dict[str, str]) -> None:
    """The fleet's load: the sites' means summed interval by interval, stacked by site kind when
    there are several; no limit line (each site has its own), the limits' sum is in the title."""
    by_kind: dict[str, dict[datetime, float]] = {}
    for site in series.values():
        kw = by_kind.setdefault(kinds[site.name], {})
        for when, value in zip(site.times, site.kw):
            kw[when] = kw.get(when, 0.0) + value
    times = sorted({when for kw in by_kind.values() for when in kw})
    order = _kind_order(by_kind)
    layers = np.array([[by_kind[kind].get(when, 0.0) for when in times] for kind in order])
    limits = [site.limit_kw for site in series.values()]
    total = LoadSeries(f"All {len(series)} sites", times, layers.sum(axis=0).tolist(), None)
    total.title = f"{total.name}: peak {total.peak_kw:,.0f} kW" + (
        f" (the sites' limits add up to {sum(limits):,.0f} kW)" if all(limit is not None for limit in limits) else "")  # type: ignore[misc]
    stacked = len(order) > 1
    _load_panel(ax, total, fill=not stacked)
    if stacked:
        ax.stackplot(times, layers, labels=[f"{kind} sites" for kind in order], colors=[KIND_COLOURS.get(k, "#999999") for k in order],
                     step="pre", alpha=0.55, linewidth=0)
        ax.legend(loc="upper left", ncols=len(order), fontsize=8, framealpha=0.85)
        ax.set_ylim(0, max(total.peak_kw, 1.0) * 1.3)


def _kind_order(kinds: Iterable[str]) -> list[str]:
    """Site kinds in one order (and colour) in every plot."""
    present = set(kinds)
    return [kind for kind in KIND_COLOURS if kind in present] + sorted(present - set(KIND_COLOURS))


def _load_panel(ax: Axes, series: LoadSeries, fill: bool = True) -> None:
    peak, limit = series.peak_kw, series.limit_kw
    if fill:
        ax.fill_between(series.times, series.kw, step="pre", color=LOAD_COLOUR, alpha=0.25, linewidth=0)
    ax.plot(series.times, series.kw, drawstyle="steps-pre", color=LOAD_COLOUR, linewidth=1.0)
    if limit is not None:
        ax.axhline(limit, color=LIMIT_COLOUR, linestyle="--", linewidth=1.2)
    title = series.title or f"{series.name}: peak {peak:,.0f} kW" + (
        f", {peak / limit:.0%} of its {limit:,.0f} kW limit" if limit else " (no grid limit)")
    ax.set_title(title, fontsize=10, loc="left", color=LIMIT_COLOUR if limit and peak > limit * 1.0005 else "black")
    ax.set_ylim(0, max(peak, limit or 0.0, 1.0) * 1.1)
    ax.set_ylabel("kW")
    ax.grid(alpha=0.3)
    locator = AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator, formats=["%Y", "%b", "%a %d", "%H:%M", "%H:%M", "%S.%f"],
                                                      show_offset=False))


# -- occupancy -------------------------------------------------------------------------


def occupancy(results: Results) -> dict[str, np.ndarray]:
    """Per site kind, a 7 x 24 grid (Monday first, hour of day) of the mean share of that
    kind's chargers with an EV plugged in; NaN where the run never covered that hour.

    Connected time is counted from plug-in to departure (the run's end for those still there),
    to the second, into each clock hour it overlaps."""
    span = Span.of(results)
    kinds = _site_kinds(results)
    chargers = {kind: _chargers_of(results, kind) for kind in set(kinds.values())}
    first = span.start.replace(minute=0, second=0, microsecond=0)
    hours = max(1, int(np.ceil((span.end - first).total_seconds() / 3600.0)))
    edges = np.arange(hours + 1) * 3600.0
    run_s = (span.end - first).total_seconds()
    exposure = np.clip(np.minimum(edges[1:], run_s) - np.maximum(edges[:-1], (span.start - first).total_seconds()), 0.0, None)
    cells = [((first + timedelta(hours=h)).weekday(), (first + timedelta(hours=h)).hour) for h in range(hours)]
    intervals: dict[str, list[tuple[float, float]]] = {kind: [] for kind in chargers}
    for row in results.sessions:
        if row["plug_in"] is None:
            continue
        plugged = (_when(row["plug_in"]) - first).total_seconds()
        left = run_s if row["departure"] is None else (_when(row["departure"]) - first).total_seconds()
        intervals[kinds[row["site"]]].append((plugged, min(left, run_s)))
    grids = {}
    for kind, spans in intervals.items():
        connected = _connected_per_bin(spans, edges)
        occupied, covered = np.zeros((7, 24)), np.zeros((7, 24))
        for (day, hour), seconds, available in zip(cells, connected, exposure):
            occupied[day, hour] += seconds
            covered[day, hour] += available * chargers[kind]
        grids[kind] = np.divide(occupied, covered, out=np.full((7, 24), np.nan), where=covered > 0)
    return grids


def _connected_per_bin(spans: list[tuple[float, float]], edges: np.ndarray) -> np.ndarray:
    """Seconds of all ``(start, end)`` spans inside each bin: the difference of the cumulative
    connected time C(t) = sum(clip(t - start, 0, end - start)) at the bin edges."""
    if not spans:
        return np.zeros(len(edges) - 1)
    starts = np.sort(np.array([s for s, _ in spans]))
    ends = np.sort(np.array([e for _, e in spans]))

    def cumulative(points: np.ndarray, t: np.ndarray) -> np.ndarray:
        # sum over points p < t of (t - p), for every t
        count = np.searchsorted(points, t, side="left")
        prefix = np.concatenate(([0.0], np.cumsum(points)))
        return count * t - prefix[count]

    total = cumulative(starts, edges) - cumulative(ends, edges)
    return np.diff(total)


def occupancy_figure(results: Results) -> Figure:
    grids = occupancy(results)
    kinds = _kind_order(grids)
    figure = Figure(figsize=(12, 0.9 + 2.6 * len(kinds)), dpi=DPI, layout="constrained")
    axes = figure.subplots(len(kinds), 1, squeeze=False).ravel()
    image = None
    for ax, kind in zip(axes, kinds):
        grid = np.ma.masked_invalid(grids[kind] * 100.0)
        image = ax.imshow(grid, aspect="auto", cmap=OCCUPANCY_CMAP, vmin=0.0, vmax=100.0, interpolation="nearest")
        ax.set_yticks(range(7), WEEKDAYS)
        ax.set_xticks(np.arange(0, 25, 2) - 0.5, [f"{h:02d}:00" for h in range(0, 25, 2)], fontsize=8)
        ax.set_xticks(np.arange(-0.5, 24, 1), minor=True)
        ax.set_yticks(np.arange(-0.5, 7, 1), minor=True)
        ax.grid(which="minor", color="white", linewidth=0.6)
        ax.tick_params(which="minor", length=0)
        ax.set_title(f"{kind} ({_chargers_of(results, kind):,} chargers)" if len(kinds) > 1 else
                     f"{_chargers_of(results, kind):,} chargers", fontsize=10, loc="left")
    axes[-1].set_xlabel("hour of day (world calendar, UTC)")
    if image is not None:
        figure.colorbar(image, ax=list(axes), label="% of chargers with an EV plugged in", location="bottom", shrink=0.5, aspect=40)
    missing = " (grey: hours the run did not cover)" if any(np.isnan(g).any() for g in grids.values()) else ""
    figure.suptitle(f"Occupancy by hour and weekday, mean over the run{missing}", fontsize=13)
    return figure


def _chargers_of(results: Results, kind: str) -> int:
    return sum(int(site["controllers"]) for site in results.summary["sites"].values() if site["kind"] == kind)


# -- histograms ------------------------------------------------------------------------


def _served(results: Results) -> list[dict[str, Any]]:
    return [row for row in results.sessions if row["outcome"] == "served"]


def _dwell_hours(row: dict[str, Any]) -> float | None:
    if row["plug_in"] is None or row["departure"] is None:
        return None
    return (_when(row["departure"]) - _when(row["plug_in"])).total_seconds() / 3600.0


def _energy_kwh(row: dict[str, Any]) -> float | None:
    return None if row["energy_wh"] is None else float(row["energy_wh"]) / 1000.0


def _histogram_figure(results: Results, kinds: dict[str, str], title: str, unit: str,
                      measure: Callable[[dict[str, Any]], float | None]) -> Figure:
    """A histogram of the served sessions, stacked by site kind when the fleet has several."""
    by_kind: dict[str, list[float]] = {}
    for row in _served(results):
        value = measure(row)
        if value is not None:
            by_kind.setdefault(kinds[row["site"]], []).append(value)
    figure = Figure(figsize=(6.4, 4.2), dpi=DPI, layout="constrained")
    ax = figure.subplots()
    values = np.array([v for vs in by_kind.values() for v in vs])
    ax.set_title(f"{title} ({len(values):,} sessions served)", fontsize=11)
    ax.set_xlabel(unit)
    ax.set_ylabel("sessions")
    if not len(values):
        ax.text(0.5, 0.5, "no session was served", ha="center", va="center", transform=ax.transAxes)
        return figure
    order = _kind_order(by_kind)
    top = _histogram_top(values)
    bins = np.histogram_bin_edges(values, bins="auto", range=(0.0, top))
    if len(bins) > MAX_BINS + 1:
        bins = np.linspace(0.0, top, MAX_BINS + 1)
    ax.hist([np.minimum(by_kind[kind], top) for kind in order], bins=bins, stacked=True, label=order if len(order) > 1 else None,
            color=[KIND_COLOURS.get(kind, "#999999") for kind in order], edgecolor="white", linewidth=0.3)
    longer = int((values > top).sum())
    if longer:
        ax.annotate(f"{longer:,} over {top:.0f} {unit}\nin the last bar", xy=(0.98, 0.45), xycoords="axes fraction",
                    ha="right", va="center", fontsize=8, color="#555555")
    median, mean = float(np.median(values)), float(values.mean())
    ax.axvline(median, color="black", linewidth=1.2, label=f"median {median:.1f} {unit}")
    ax.axvline(mean, color="black", linewidth=1.2, linestyle=":", label=f"mean {mean:.1f} {unit}")
    ax.set_xlim(0, bins[-1])
    ax.grid(alpha=0.3, axis="y")
    ax.legend(fontsize=8)
    return figure


def _histogram_top(values: np.ndarray) -> float:
    """Where the x axis ends: the largest value, unless a thin tail beyond the 99th percentile
    would squeeze the rest; then that percentile (rounded up), the tail in the last bar."""
    largest = float(values.max()) or 1.0
    p99 = float(np.ceil(np.percentile(values, 99)))
    return p99 if 0 < p99 < largest / 1.25 else largest


def _message_figure(title: str, message: str) -> Figure:
    figure = Figure(figsize=(12, 2.5), dpi=DPI, layout="constrained")
    ax = figure.subplots()
    ax.set_axis_off()
    ax.set_title(title, fontsize=13)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    return figure


# -- the page --------------------------------------------------------------------------

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1240px; color: #222; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
.sub { color: #555; margin-top: 0; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.7em; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.over td { background: #fbe3e4; }
tr > th:first-child { white-space: nowrap; }
img { max-width: 100%; height: auto; display: block; }
.pair { display: flex; flex-wrap: wrap; gap: 1em; } .pair a { flex: 1 1 0; min-width: 420px; }
.meaning { color: #555; }
"""

SITE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("kind", "kind"), ("controllers", "chargers"), ("grid_limit_kw", "limit kW"), ("peak_kw", "peak kW"),
    ("peak_share", "peak / limit"), ("arrivals", "arrivals"), ("sessions", "served"), ("served_share", "served share"),
    ("turned_away", "turned away"), ("refused", "refused"), ("energy_kwh", "kWh"), ("energy_per_session_kwh", "kWh / session"),
    ("utilisation", "utilisation"), ("idle_share", "idle share"),
)


def render_page(results: Results, pngs: dict[str, bytes]) -> str:
    """``summary.html``: the KPIs, the plots (embedded) and a row per site."""
    e = html.escape
    s = results.summary
    span = Span.of(results)

    def image(name: str, alt: str) -> str:
        data = base64.b64encode(pngs[name]).decode("ascii")
        return f'<a href="{e(name)}"><img src="data:image/png;base64,{data}" alt="{e(alt)}"></a>'

    kpis = "".join(
        f'<tr><th>{e(label)}</th><td class="n">{e(_format(key, s.get(key), units=True))}</td><td class="meaning">{e(meaning)}</td></tr>'
        for key, label, meaning in KPI_MEANINGS
    )
    peaks = [(site, _peak_share(row)) for site, row in s["sites"].items()]
    peak_site, peak_share = max(peaks, key=lambda p: p[1] if p[1] is not None else -1.0, default=(None, None))
    if peak_site is not None and peak_share is not None:
        kpis += (f'<tr><th>highest peak against its limit</th><td class="n">{e(_format("peak_share", peak_share, units=True))}</td>'
                 f'<td class="meaning">{e(peak_site)}: highest 15-minute mean / grid limit</td></tr>')
    header = "".join(f'<th class="{"" if key == "kind" else "n"}">{e(label)}</th>' for key, label in SITE_COLUMNS)
    rows = []
    for name, site in s["sites"].items():
        values = site | {"peak_share": _peak_share(site)}
        over = values["peak_share"] is not None and values["peak_share"] > 1.0
        cells = "".join(f'<td class="{"" if key == "kind" else "n"}">{e(_format(key, values.get(key), units=False))}</td>' for key, _ in SITE_COLUMNS)
        rows.append(f'<tr class="{"over" if over else ""}"><th>{e(name)}</th>{cells}</tr>')
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>chargebench run: {_plural(len(s['sites']), 'site')}, {_plural(s['days'], 'day')}, seed {s['seed']}</title><style>{STYLE}</style></head><body>
<h1>Fleet run: {_plural(len(s['sites']), 'site')}, {_plural(_count(s['sites'], 'controllers'), 'charger')}, {_plural(s['days'], 'day')}</h1>
<p class="sub">{span.start:%a %d %b %Y %H:%M} to {span.end:%a %d %b %Y %H:%M} (UTC, the world's calendar), seed {e(str(s['seed']))}. Data beside this page:
<a href="sessions.csv">sessions.csv</a>, <a href="load.csv">load.csv</a>, <a href="summary.json">summary.json</a>
(columns and definitions: docs/fleet.md).</p>
<h2>Key figures</h2>
<table>{kpis}</table>
<h2>Load against the grid limit</h2>
{image(LOAD_PNG, "15-minute mean load per site against its grid limit")}
<h2>Occupancy by hour and weekday</h2>
{image(OCCUPANCY_PNG, "share of chargers with an EV plugged in, by weekday and hour of day")}
<p class="meaning">The world starts empty, so the first hours of the run read low until the first arrivals
and overnight stays build up; runs of several weeks average that out.</p>
<h2>Sessions</h2>
<div class="pair">{image(DWELL_PNG, "histogram of dwell times")}{image(ENERGY_PNG, "histogram of energy per session")}</div>
<h2>Sites</h2>
<table><tr><th>site</th>{header}</tr>{''.join(rows)}</table>
</body></html>
"""


def _plural(count: float, noun: str) -> str:
    return f"{count:,g} {noun}" + ("" if count == 1 else "s")


def _count(sites: dict[str, dict[str, Any]], key: str) -> int:
    return sum(int(site[key]) for site in sites.values())


def _peak_share(site: dict[str, Any]) -> float | None:
    limit = site.get("grid_limit_kw")
    return site["peak_kw"] / limit if limit else None


def _format(key: str, value: Any, units: bool) -> str:
    """A KPI as a person reads it; the site table's headers carry the units, the KPI table's values do."""
    if value is None:
        return "-"
    if key in PERCENT_KPIS or key == "peak_share":
        return f"{value:.1%}"
    if key in ("energy_kwh", "grid_limit_kw", "peak_kw", "energy_per_session_kwh"):
        return f"{value:,.1f}" + (" kWh" if units else "")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
