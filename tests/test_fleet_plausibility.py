"""Plausibility against published figures (issue 12 point 8): what a month of the reference
worlds produces, compared with the sources of shared/MODEL-PARAMETERS.md ("Drivers").

The figures are emergent: the model draws arrival hours, dwell and energy needs, but queues,
the grid limit, the chargers' and EVs' power, the charge curve and the authentication media
decide what is served, when charging stops and what is delivered.  Each tolerance is stated
and reasoned from the source's precision and the sample's noise, not fitted to the result.

Worlds: a month of ``caltech-like`` (a workplace) and a month of a slice of ``city-5000``
(its first public and first residential site, as shipped: sites do not interact in the model,
so a slice behaves as the same sites do in the whole city).
"""

from __future__ import annotations

import asyncio
import math
import statistics
import tomllib
from collections import Counter
from datetime import datetime
from importlib import resources
from typing import Any

import pytest

from simulator.clock import ClockMode
from simulator.model.fleet.catalogue import EV_MODELS, KIND_DEFAULTS
from simulator.model.world import WorldConfig
from simulator.run.batch import simulate
from simulator.run.results import Results
from simulator.runtime import Simulation

MONTH_DAYS = 30
CITY_SLICE = ("Public P01", "Home H01")
MAX_DWELL_DAYS = 3
"""No visit lasts longer (the driver model's cap): arrivals this close to the end may still be
plugged in, so dwell figures leave them out rather than count only their short visits."""


def shipped(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("simulator").joinpath("worlds", f"{name}.toml").read_text())


def month(data: dict[str, Any]) -> Results:
    sim = Simulation(WorldConfig.from_dict(data), mode=ClockMode.VIRTUAL)
    return asyncio.run(simulate(sim, MONTH_DAYS))


@pytest.fixture(scope="module")
def campus() -> Results:
    return month(shipped("caltech-like"))


@pytest.fixture(scope="module")
def city() -> Results:
    data = shipped("city-5000")
    data["fleet"]["sites"] = [site for site in data["fleet"]["sites"] if site["name"] in CITY_SLICE]
    assert len(data["fleet"]["sites"]) == len(CITY_SLICE)
    return month(data)


def at(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def hour_of(iso: str) -> float:
    moment = at(iso)
    return moment.hour + moment.minute / 60.0 + moment.second / 3600.0


def arrivals(results: Results, site: str, weekend: bool) -> list[float]:
    """Arrival hours of every driver who came (served or not: arrivals are the demand)."""
    return [hour_of(r["arrival"]) for r in results.sessions if r["site"] == site and (at(r["arrival"]).weekday() >= 5) == weekend]


def peak_hour(hours: list[float]) -> int:
    counts = Counter(int(h) for h in hours)
    return max(counts, key=lambda hour: counts[hour])


def circular_distance(a: float, b: float) -> float:
    return min(abs(a - b), 24.0 - abs(a - b))


# -- arrival peaks and medians ---------------------------------------------------------------
# ElaadNL (EV2Gym data files; EVnetNL 2015): weekday peaks workplace 08:45, public 18:15,
# home 18:15; medians 09:00, 15:30, 18:30; weekend public arrivals peak around 13:45.
#
# Peak: the hour of an hourly histogram with the most arrivals.  A month of one site holds
# 500-1,500 weekday arrivals; next to a broad peak neighbouring hours differ by less than their
# Poisson noise (about the square root of a count), so the hour of the maximum is uncertain
# by one hour either way: the tolerance is +/- 1 h around the published peak's hour.
# Median: published to the quarter hour (+/- 7.5 min); the sample median's standard error is
# about 1.25 sd / sqrt(n), sd 1.5-3.5 h, n >= 500, so under 12 min; three of them plus the
# rounding is about 45 min: the tolerance is +/- 45 min.

PEAK_TOLERANCE_H = 1
MEDIAN_TOLERANCE_H = 0.75


@pytest.mark.parametrize(("world", "site", "published"), [
    ("campus", "Caltech", 8.75),
    ("city", "Public P01", 18.25),
    ("city", "Home H01", 18.25),
])
def test_weekday_arrivals_peak_at_the_published_hour(request: pytest.FixtureRequest, world: str, site: str, published: float) -> None:
    hours = arrivals(request.getfixturevalue(world), site, False)
    assert len(hours) >= 200, f"only {len(hours)} arrivals: too few for a peak"
    peak = peak_hour(hours)
    assert abs(peak - int(published)) <= PEAK_TOLERANCE_H, (
        f"{site}: weekday arrivals peak at {peak}:00-{peak + 1}:00, published {published:g} h; "
        f"hourly counts {sorted(Counter(int(h) for h in hours).items())}"
    )


# The weekend public peak cannot be located by a month's histogram: ElaadNL's weekend public
# arrivals (EV2Gym's distribution-of-arrival-weekend.csv) form a plateau, every hour from 12:00
# to 18:00 within 7 % of the busiest (14:00-15:00), while a month of one site has about 40
# weekend arrivals an hour, +/- 15 % Poisson noise: the busiest hour of the sample can be any of
# them.  So the test checks what can be checked: the default profile's busiest hour is the
# published 13:45's within +/- 1 h (the catalogue's figures against the source's, no noise), and
# the month's weekend arrivals follow that profile: a Kolmogorov-Smirnov test against the
# profile's distribution (uniform within each hour, as the model draws), critical distance
# 1.95 / sqrt(n) at the 0.1 % level, so a correct model fails it for one seed in a thousand.
# With n of about 500 it finds the former profile (0.15 away), the weekday profile (0.11) or this
# one shifted by two hours (0.11); a one-hour shift (0.06) is left to the peak check.
KS_CRITICAL_0_1_PERCENT = 1.95


def profile_cdf(weights: tuple[float, ...], hour: float) -> float:
    whole = int(hour)
    below = sum(weights[:whole]) + (weights[whole] * (hour - whole) if whole < 24 else 0.0)
    return below / sum(weights)


def test_weekend_public_arrivals_follow_the_elaadnl_profile_that_peaks_at_the_published_hour(city: Results) -> None:
    profile = KIND_DEFAULTS["public"].arrivals_weekend
    busiest = max(range(24), key=lambda hour: profile[hour])
    assert abs(busiest - int(13.75)) <= PEAK_TOLERANCE_H, f"the default weekend public profile peaks at {busiest}:00, published 13:45"
    hours = sorted(arrivals(city, "Public P01", weekend=True))
    assert len(hours) >= 200, f"only {len(hours)} weekend arrivals"
    n = len(hours)
    distance = max(max(abs((i + 1) / n - profile_cdf(profile, h)), abs(i / n - profile_cdf(profile, h))) for i, h in enumerate(hours))
    assert distance <= KS_CRITICAL_0_1_PERCENT / math.sqrt(n), (
        f"Public P01: weekend arrivals are {distance:.3f} from the profile's distribution (critical {KS_CRITICAL_0_1_PERCENT / math.sqrt(n):.3f}); "
        f"hourly counts {sorted(Counter(int(h) for h in hours).items())}"
    )


@pytest.mark.parametrize(("world", "site", "published"), [
    ("campus", "Caltech", 9.0),
    ("city", "Public P01", 15.5),
    ("city", "Home H01", 18.5),
])
def test_weekday_arrivals_have_the_published_median(request: pytest.FixtureRequest, world: str, site: str, published: float) -> None:
    hours = arrivals(request.getfixturevalue(world), site, False)
    median = statistics.median(hours)
    assert circular_distance(median, published) <= MEDIAN_TOLERANCE_H, (
        f"{site}: median weekday arrival {median:.2f} h, published {published:g} h (+/- {MEDIAN_TOLERANCE_H * 60:.0f} min)"
    )


# -- energy per session -------------------------------------------------------------------------
# "Mean energy per session: about 8-15 kWh" (ElaadNL; JRC).  The source gives the range, so the
# range is the test: a site's mean delivered energy per completed session must lie in it.  With
# hundreds of sessions and a spread (cv 0.6) the mean's standard error is under 0.5 kWh, well
# inside the range's width; no further tolerance is added to the published bounds.


@pytest.mark.parametrize(("world", "site"), [("campus", "Caltech"), ("city", "Public P01"), ("city", "Home H01")])
def test_energy_per_session_is_in_the_published_range(request: pytest.FixtureRequest, world: str, site: str) -> None:
    served = [r for r in request.getfixturevalue(world).sessions if r["site"] == site and r["outcome"] == "served"]
    assert len(served) >= 200, f"only {len(served)} completed sessions"
    mean_kwh = statistics.fmean(r["energy_wh"] for r in served) / 1000.0
    assert 8.0 <= mean_kwh <= 15.0, f"{site}: {mean_kwh:.2f} kWh per session, published about 8-15 kWh"


# -- idle share of connected time ----------------------------------------------------------------
# "About 61% of connected time is idle" (JRC, 1.8 M Dutch public sessions).  The share of one
# site in one month has little sampling noise (thousands of hours), so the tolerance covers what
# the figure itself leaves open: it is a national mean over many sites whose shares differ, and
# "about" a round figure: +/- 10 percentage points.
IDLE_PUBLISHED = 0.61
IDLE_TOLERANCE = 0.10


def idle_share(results: Results, site: str) -> float:
    """1 - charging time / connected time over the completed sessions (as the run's KPIs count it)."""
    connected = charging = 0.0
    for row in results.sessions:
        if row["site"] != site or row["outcome"] != "served":
            continue
        plug, leave = at(row["plug_in"]), at(row["departure"])
        connected += (leave - plug).total_seconds()
        if row["charging_start"] is not None:
            charging += (at(row["charging_stop"] or row["departure"]) - at(row["charging_start"])).total_seconds()
    return 1.0 - charging / connected


@pytest.mark.xfail(strict=True, reason=(
    "86% idle at Public P01 over a month: its visits last 7.1 h on average (ElaadNL's public connection time: 7.5 h) "
    "and its EVs charge ~10 kWh at 7-22 kW in about an hour; the JRC's sessions (six years before 2018) charged slower: "
    "ElaadNL's median session power was 3.5 kW in 2018 (EV2Gym's development-in-power-dem.csv)"))
def test_idle_share_of_a_public_site_is_near_the_jrc_figure(city: Results) -> None:
    share = idle_share(city, "Public P01")
    assert abs(share - IDLE_PUBLISHED) <= IDLE_TOLERANCE, (
        f"Public P01: {share:.1%} of connected time idle, JRC {IDLE_PUBLISHED:.0%} (+/- {IDLE_TOLERANCE:.0%})"
    )


# The JRC's figure is one of the JRC's sessions: six years of Dutch public charging before 2018, when most
# EVs charged on one phase at 16 A.  ElaadNL's distribution of session power (EV2Gym's
# development-in-power-dem.csv, its earliest year, 2018) has a median of 3.5 kW, and about three
# quarters of the sessions charged at 3.8 kW or less.  Given that power and everything else as
# shipped (arrivals, dwell, energy), the public site must idle as the JRC found: this checks
# dwell x energy / power, the part of the model the figure speaks of.  The midpoints of the
# file's deciles (the power at 5 %, 15 %, ... 95 % of its sessions) become ten EVs in equal
# shares, each with the mean battery of MODEL-PARAMETERS.md's table (the share depends on the
# energy and the power, not on the battery).  2018's sessions charged faster than earlier years', so
# if anything the share found lies above the JRC's; the tolerance is the one above.
SESSION_POWER_DECILES_2018_KW = (10.7, 7.2, 3.7, 3.6, 3.6, 3.5, 3.4, 3.3, 3.2, 2.5)


@pytest.fixture(scope="module")
def city_at_2018_power() -> Results:
    data = shipped("city-5000")
    data["fleet"]["sites"] = [site for site in data["fleet"]["sites"] if site["name"] == "Public P01"]
    battery = statistics.fmean(model.capacity_kwh for model in EV_MODELS.values())
    data["fleet"]["ev_mix"] = [{"model": f"ElaadNL 2018 decile {number}", "share": 1, "capacity_kwh": battery, "max_ac_kw": kw}
                               for number, kw in enumerate(SESSION_POWER_DECILES_2018_KW, start=1)]
    return month(data)


def test_idle_share_of_a_public_site_charging_at_the_jrc_sessions_power_is_the_jrc_figure(city_at_2018_power: Results) -> None:
    share = idle_share(city_at_2018_power, "Public P01")
    assert abs(share - IDLE_PUBLISHED) <= IDLE_TOLERANCE, (
        f"Public P01 at ElaadNL's 2018 session power: {share:.1%} of connected time idle, JRC {IDLE_PUBLISHED:.0%} "
        f"(+/- {IDLE_TOLERANCE:.0%})"
    )


def test_idle_share_of_the_run_kpis_is_the_sessions_tables(city: Results) -> None:
    """The summary's KPI counts the same thing the test above computes from the table."""
    assert math.isclose(city.summary["sites"]["Public P01"]["idle_share"], idle_share(city, "Public P01"), abs_tol=1e-4)


# -- dwell ----------------------------------------------------------------------------------------
# ElaadNL's mean dwell for an 08:00 arrival: work 8.1 h; for an 18:00 arrival: public 12.5 h,
# home 13.9 h.  Arrivals within half an hour of those times, leaving out the last three days
# (see MAX_DWELL_DAYS).  Dwell has a spread of about half its mean (cv 0.5), so with n arrivals
# the mean's standard error is about 0.5 x mean / sqrt(n); n is 60-300 here, which makes it
# 0.25-0.9 h.  The tolerance is three standard errors of the sample at hand, computed below.

@pytest.mark.parametrize(("world", "site", "hour", "published"), [
    ("campus", "Caltech", 8.0, 8.1),
    ("city", "Public P01", 18.0, 12.5),
    ("city", "Home H01", 18.0, 13.9),
])
def test_dwell_after_an_arrival_hour_is_the_published_mean(request: pytest.FixtureRequest, world: str, site: str, hour: float,
                                                           published: float) -> None:
    results = request.getfixturevalue(world)
    last = MONTH_DAYS - MAX_DWELL_DAYS
    start = at(results.summary["start"])
    dwell = [
        (at(r["departure"]) - at(r["arrival"])).total_seconds() / 3600.0
        for r in results.sessions
        if r["site"] == site and r["outcome"] == "served" and at(r["arrival"]).weekday() < 5
        and abs(hour_of(r["arrival"]) - hour) <= 0.5 and (at(r["arrival"]) - start).days < last
    ]
    assert len(dwell) >= 30, f"only {len(dwell)} arrivals near {hour:g} h"
    mean = statistics.fmean(dwell)
    tolerance = 3 * statistics.stdev(dwell) / math.sqrt(len(dwell))
    assert abs(mean - published) <= tolerance, (
        f"{site}: mean dwell {mean:.2f} h after a {hour:g} h arrival ({len(dwell)} visits), published {published:g} h (+/- {tolerance:.2f} h)"
    )
