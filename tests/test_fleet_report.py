"""The plots and page of a fleet run: the files ``chargebench run --out`` writes, what the page
says (checked as text, not pixels), and the arithmetic behind the occupancy heatmap and the
choice of load panels."""

from __future__ import annotations

import base64
import re
import struct
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from simulator.run.batch import RunOptions, run, write
from simulator.run.report import REPORT_FILES, load_figure, occupancy, write_report
from simulator.run.results import Results

WORLD = """
seed = 11
epoch = "2026-01-05T00:00:00Z"

[site]
name = "Report test"

[fleet]
host = "report"

[[fleet.sites]]
name = "Office"
kind = "workplace"
controllers = 3
grid_limit_kw = 20
[fleet.sites.drivers]
count = 6

[[fleet.sites]]
name = "Car <park> & co"
kind = "public"
controllers = 3
grid_limit_kw = 30
[fleet.sites.drivers]
count = 6
"""
MONDAY = datetime(2026, 1, 5, tzinfo=timezone.utc)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Tables(HTMLParser):
    """Every table row of a page as its cells' text, keyed by the row's first cell."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self.images: list[str] = []
        self.text: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "img":
            self.images.append(dict(attrs)["src"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row:
            self.rows[self._row[0]] = self._row[1:]
            self._row = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse(page: str) -> Tables:
    tables = Tables()
    tables.feed(page)
    return tables


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Results, list[Path]]:
    folder = tmp_path_factory.mktemp("report")
    world = folder / "world.toml"
    world.write_text(WORLD)
    results = run(RunOptions(world, 1.0))
    return results, write(results, folder / "out")


def test_a_run_writes_its_tables_plots_and_page(report: tuple[Results, list[Path]]) -> None:
    _, paths = report
    assert [p.name for p in paths] == ["sessions.csv", "load.csv", "summary.json", *REPORT_FILES]
    for path in paths:
        if path.suffix == ".png":
            width, height = png_size(path.read_bytes())
            assert width >= 600 and height >= 300, (path.name, width, height)


def test_the_page_shows_the_kpis_of_the_summary(report: tuple[Results, list[Path]]) -> None:
    results, paths = report
    s = results.summary
    assert s["arrivals"] > 0 and s["sessions"] > 0, "the test world must serve someone to be a test"
    page = parse((paths[0].parent / "summary.html").read_text())
    assert page.rows["arrivals"][0] == f"{s['arrivals']:,}"
    assert page.rows["sessions served"][0] == f"{s['sessions']:,}"
    assert page.rows["served share"][0] == f"{s['served_share']:.1%}"
    assert page.rows["energy"][0] == f"{s['energy_kwh']:,.1f} kWh"
    assert page.rows["utilisation"][0] == f"{s['utilisation']:.1%}"
    assert page.rows["idle share of connected time"][0] == f"{s['idle_share']:.1%}"
    title = "".join(page.text)
    assert "Fleet run: 2 sites, 6 chargers, 1 day" in title


def test_the_page_has_a_row_per_site_with_its_peak_against_its_limit(report: tuple[Results, list[Path]]) -> None:
    results, paths = report
    page = parse((paths[0].parent / "summary.html").read_text())
    header = page.rows["site"]
    for name, site in results.summary["sites"].items():
        row = dict(zip(header, page.rows[name]))
        assert row["kind"] == site["kind"]
        assert row["chargers"] == str(site["controllers"])
        assert row["peak kW"] == f"{site['peak_kw']:,.1f}"
        assert row["peak / limit"] == f"{site['peak_kw'] / site['grid_limit_kw']:.1%}"
        assert row["arrivals"] == str(site["arrivals"])


def test_the_page_embeds_the_plots_it_links(report: tuple[Results, list[Path]]) -> None:
    _, paths = report
    folder = paths[0].parent
    html = (folder / "summary.html").read_text()
    page = parse(html)
    embedded = [base64.b64decode(src.removeprefix("data:image/png;base64,")) for src in page.images]
    linked = re.findall(r'<a href="([a-z]+\.png)"><img', html)
    assert linked == ["load.png", "occupancy.png", "dwell.png", "energy.png"]
    assert embedded == [(folder / name).read_bytes() for name in linked]


def test_site_names_are_escaped_in_the_page(report: tuple[Results, list[Path]]) -> None:
    _, paths = report
    html = (paths[0].parent / "summary.html").read_text()
    assert "Car &lt;park&gt; &amp; co" in html and "<park>" not in html


def summary(sites: dict[str, tuple[str, int, float | None]], hours: float) -> dict[str, Any]:
    """A run's summary with only what the report reads: the span and each site's kind, chargers, limit."""
    return {
        "seed": 1, "days": hours / 24.0, "start": MONDAY.isoformat(), "end": (MONDAY + timedelta(hours=hours)).isoformat(),
        "sites": {name: {"kind": kind, "controllers": chargers, "grid_limit_kw": limit, "peak_kw": 0.0}
                  for name, (kind, chargers, limit) in sites.items()},
    }


def session(site: str, plug_in: float | None, departure: float | None, outcome: str = "served") -> dict[str, Any]:
    """A sessions row; times in hours after Monday 00:00."""
    def at(hours: float | None) -> str | None:
        return None if hours is None else (MONDAY + timedelta(hours=hours)).isoformat()

    return {"site": site, "plug_in": at(plug_in), "departure": at(departure), "outcome": outcome, "energy_wh": 1000}


def test_occupancy_counts_connected_time_into_each_clock_hour_it_overlaps() -> None:
    week = 7 * 24.0
    results = Results(
        sessions=[
            session("A", 8.5, 10.0),                       # Monday 08:30-10:00 on one of A's two chargers
            session("A", week - 0.5, None, "charging"),    # Sunday 23:30, still plugged in when the run ends
            session("A", None, 9.0, "turned_away"),        # never plugged in: no connected time
            session("B", 24 + 22.0, 48 + 1.25),            # Tuesday 22:00 to Wednesday 01:15 on B's one charger
        ],
        load=[],
        summary=summary({"A": ("workplace", 2, 10.0), "B": ("public", 1, 10.0)}, week),
    )
    grids = occupancy(results)
    workplace, public = np.zeros((7, 24)), np.zeros((7, 24))
    workplace[0, 8], workplace[0, 9], workplace[6, 23] = 0.25, 0.5, 0.25
    public[1, 22], public[1, 23], public[2, 0], public[2, 1] = 1.0, 1.0, 1.0, 0.25
    np.testing.assert_allclose(grids["workplace"], workplace, atol=1e-9)
    np.testing.assert_allclose(grids["public"], public, atol=1e-9)


def test_occupancy_leaves_hours_the_run_did_not_cover_empty() -> None:
    results = Results(sessions=[session("A", 12.0, 13.0)], load=[], summary=summary({"A": ("home", 1, None)}, 12.5))
    grid = occupancy(results)["home"]
    assert np.isfinite(grid[0, :13]).all() and np.isnan(grid[0, 13:]).all() and np.isnan(grid[1:]).all()
    assert grid[0, 12] == pytest.approx(1.0), "the run covered half of 12:00-13:00 and the charger was taken all of it"
    assert grid[0, :12].sum() == 0


def load_rows(site: str, peak: float, limit: float | None) -> list[dict[str, Any]]:
    return [{"site": site, "interval_end": (MONDAY + timedelta(minutes=15 * (i + 1))).isoformat(),
             "mean_kw": peak * (i % 4) / 3, "limit_kw": limit} for i in range(8)]


def test_with_many_sites_the_load_shows_the_total_then_the_sites_closest_to_their_limit() -> None:
    sites = {f"S{i:02d}": ("public", 2, 10.0) for i in range(1, 12)} | {"Unlimited": ("public", 2, None)}
    load = [row for i in range(1, 12) for row in load_rows(f"S{i:02d}", float(i), 10.0)] + load_rows("Unlimited", 99.0, None)
    figure = load_figure(Results([], load, summary(sites, 2.0)))
    titles = [ax.get_title(loc="left") for ax in figure.axes]
    assert titles[0] == "All 12 sites: peak 165 kW"
    assert [title.split(":")[0] for title in titles[1:]] == [f"S{i:02d}" for i in range(11, 3, -1)]
    assert titles[1] == "S11: peak 11 kW, 110% of its 10 kW limit"


def test_a_run_in_which_nothing_happened_still_gets_its_page(tmp_path: Path) -> None:
    results = Results([], [], summary({"A": ("depot", 4, 50.0)}, 0.1))
    paths = write_report(results, tmp_path)
    assert [p.name for p in paths] == list(REPORT_FILES)
    page = parse(paths[0].read_text())
    assert page.rows["arrivals"] == ["-", "drivers who came to a site"]


def test_the_total_load_is_stacked_by_site_kind() -> None:
    sites = {"W": ("workplace", 2, 10.0), "H": ("home", 2, 10.0)}
    load = load_rows("W", 3.0, 10.0) + load_rows("H", 6.0, 10.0)
    total = load_figure(Results([], load, summary(sites, 2.0))).axes[0]
    assert total.get_title(loc="left") == "All 2 sites: peak 9 kW (the sites' limits add up to 20 kW)"
    assert [text.get_text() for text in total.get_legend().get_texts()] == ["workplace sites", "home sites"]
