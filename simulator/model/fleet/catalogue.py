"""Default figures of a fleet, each with its source (shared/MODEL-PARAMETERS.md).

EVs: EV2Gym's ``ev_specs.json`` (the Leaf's AC figure from its data sheet).
Drivers: ElaadNL-derived figures (EV2Gym data files; EVnetNL 2015) and the JRC
study of 1.8 M Dutch sessions: arrivals by hour and mean dwell by arrival time are
the figures of EV2Gym's data files, whose peaks, medians and dwell figures
MODEL-PARAMETERS.md quotes; where the sources give nothing (weekend workplaces,
depots), the figure is an assumption, a smooth curve, and says so.
"""

from __future__ import annotations

import bisect
import functools
import math
from dataclasses import dataclass
from typing import Mapping, Sequence

KINDS = ("workplace", "public", "home", "depot")
MEDIA = ("whitelist", "online", "roaming", "app", "autocharge")


@dataclass(frozen=True)
class EvModel:
    name: str
    capacity_kwh: float
    max_ac_kw: float
    phases: int

    @property
    def max_current_a(self) -> float:
        """Per phase, from the on-board charger's rating at 230 V."""
        return self.max_ac_kw * 1000.0 / (230.0 * self.phases)


def _model(name: str, kwh: float, kw: float) -> EvModel:
    # On-board chargers up to 7.4 kW are single-phase (32 A x 230 V); above, three-phase.
    return EvModel(name, kwh, kw, 1 if kw <= 7.4 else 3)


EV_MODELS: Mapping[str, EvModel] = {m.name: m for m in (
    _model("Tesla Model 3", 57.5, 11), _model("VW ID.3", 58, 11), _model("VW ID.4", 77, 11),
    _model("Kia Niro EV", 64.8, 11), _model("Hyundai Kona Electric", 64, 11), _model("Volvo XC40 Recharge", 66, 11),
    _model("Peugeot e-208", 46.3, 7.4), _model("Renault Zoe", 52, 22), _model("Nissan Leaf", 39, 6.6),
    _model("VW e-Golf", 32, 7.2),
)}
"""MODEL-PARAMETERS.md's table."""
DEFAULT_EV_SHARES: Mapping[str, int] = {
    "Tesla Model 3": 45_545 + 16_186, "VW ID.3": 19_950, "VW ID.4": 13_283, "Kia Niro EV": 23_105, "Hyundai Kona Electric": 17_752,
    "Volvo XC40 Recharge": 12_520, "Peugeot e-208": 14_017, "Renault Zoe": 14_008, "Nissan Leaf": 11_977, "VW e-Golf": 10_019,
}
"""The default EV mix: each model's ``number_of_registrations`` in EV2Gym's ``ev_specs.json`` (the
table's source; "Tesla Model 3 / Model Y" counts both), so three in four EVs charge at 11 kW."""


def _profile(peaks: Sequence[tuple[float, float, float]]) -> tuple[float, ...]:
    """24 hourly weights from a mixture of (weight, mean hour, sd hours), wrapped around midnight."""
    weights = []
    for hour in range(24):
        centre = hour + 0.5
        total = 0.0
        for share, mean, sd in peaks:
            for shift in (-24.0, 0.0, 24.0):
                total += share * math.exp(-0.5 * ((centre - mean + shift) / sd) ** 2) / sd
        weights.append(total)
    scale = sum(weights)
    return tuple(round(w / scale, 5) for w in weights)


HALF_HOURS_A_DAY = 48


def _half_hourly(means: Sequence[float], first_hour: float = 0.0) -> tuple[tuple[float, float], ...]:
    """(arrival hour, mean dwell hours) points every half hour from ``first_hour``."""
    return tuple((first_hour + 0.5 * i, mean) for i, mean in enumerate(means))


@dataclass(frozen=True)
class KindDefaults:
    arrivals_weekday: tuple[float, ...]
    arrivals_weekend: tuple[float, ...]
    dwell_by_arrival: tuple[tuple[float, float], ...]
    """(arrival hour, mean dwell in hours) points, ascending; a table that covers every half hour
    of the day wraps around midnight, a shorter one holds its first and last figure beyond it."""
    energy_kwh_mean: float
    visits_per_weekday: float
    visits_per_weekend_day: float

    @functools.cached_property
    def _dwell_points(self) -> tuple[list[tuple[float, float]], list[float]]:
        """The table's points (wrapped around midnight when it covers the day) and their hours:
        made once, read at every arrival."""
        points = list(self.dwell_by_arrival)
        if len(points) == HALF_HOURS_A_DAY:
            points = [(points[-1][0] - 24.0, points[-1][1]), *points, (points[0][0] + 24.0, points[0][1])]
        return points, [h for h, _ in points]

    def dwell_mean(self, hour: float) -> float:
        """Linear between the table's points (the sources give means per half hour of arrival)."""
        points, hours = self._dwell_points
        if hour <= hours[0]:
            return points[0][1]
        if hour >= hours[-1]:
            return points[-1][1]
        after = bisect.bisect_right(hours, hour)
        (h0, d0), (h1, d1) = points[after - 1], points[after]
        return d0 + (d1 - d0) * (hour - h0) / (h1 - h0)


# Arrivals: ElaadNL's distribution of arrival times (EV2Gym's ``distribution-of-arrival.csv``,
# weekdays, and ``distribution-of-arrival-weekend.csv``; columns private, public, workplace), in
# % of a day's arrivals per hour: the sums of the files' four quarter hours.  They have the
# peaks and medians of MODEL-PARAMETERS.md: workplace peak 08:45, median 09:00; public peak
# 18:15, median 15:30, weekends from about 13:45 (14:00-15:00 is the busiest hour of a plateau
# from 12:00 to 18:00); home (private) peak 18:15, median 18:30.
PUBLIC_WEEKDAY = (0.98, 0.45, 0.24, 0.16, 0.16, 0.22, 0.73, 3.23, 7.86, 7.72, 5.11, 4.66,
                  5.35, 5.35, 5.02, 5.12, 5.66, 8.34, 10.91, 8.06, 5.05, 3.96, 3.37, 2.28)
PUBLIC_WEEKEND = (2.04, 1.24, 0.64, 0.37, 0.28, 0.25, 0.29, 0.65, 1.73, 3.73, 5.66, 7.0,
                  7.88, 8.2, 8.46, 8.29, 7.98, 8.02, 7.33, 5.76, 4.87, 3.93, 3.14, 2.25)
HOME_WEEKDAY = (2.13, 0.53, 0.21, 0.12, 0.11, 0.08, 0.17, 0.57, 1.38, 1.13, 1.13, 1.54,
                2.18, 2.23, 2.68, 3.65, 5.68, 12.15, 17.02, 11.54, 9.1, 8.93, 9.12, 6.62)
HOME_WEEKEND = (4.08, 2.03, 0.77, 0.32, 0.21, 0.13, 0.13, 0.37, 0.91, 1.69, 3.04, 4.8,
                6.03, 6.17, 6.16, 6.9, 8.76, 10.21, 7.87, 6.51, 6.76, 6.22, 5.78, 4.14)
WORKPLACE_WEEKDAY = (0.03, 0.0, 0.0, 0.01, 0.13, 1.43, 4.33, 14.26, 26.66, 18.07, 7.73, 4.94,
                     5.4, 5.28, 3.99, 3.04, 2.04, 1.02, 0.58, 0.5, 0.3, 0.14, 0.08, 0.04)

# Dwell: ElaadNL's mean session length per arrival time (EV2Gym's ``mean-session-length-per.csv``),
# every half hour from 00:00 (home, public) or from 05:00 to 18:30 (work: the file has no other).
# MODEL-PARAMETERS.md quotes its 08:00 and 18:00 figures (work 8.1 h, public 5.1 h, home 3.6 h;
# public 12.5 h, home 13.9 h); in between, public visits of a midday arrival last about 3 h.
PUBLIC_DWELL = _half_hourly((10, 10, 10, 9.8, 9.7, 9.3, 8.9, 8, 7.3, 6.4, 5.8, 5.4, 5.3, 5.2, 5.1, 5.2, 5.1, 4.8, 4.3, 3.7, 3, 2.9,
                             2.8, 2.9, 2.9, 3, 3, 3, 3, 3.1, 3.3, 3.8, 4.2, 5.1, 9.5, 12.4, 12.5, 12.4, 11.9, 11.5, 11.3, 11.3,
                             11.2, 10.9, 10.6, 10.4, 10.2, 10.1))
HOME_DWELL = _half_hourly((9.3, 8.9, 9.2, 8.6, 7.9, 6.5, 5.7, 5.65, 4.8, 4.5, 4.3, 4.35, 5.65, 3.6, 4.5, 4.55, 3.55, 2.8, 3.65, 3.3,
                           3.4, 3.4, 3.7, 3.8, 4.1, 4.3, 4.6, 4.85, 6.8, 7.3, 14.3, 15.4, 15.5, 15.2, 14.9, 14.5, 13.9, 13.7,
                           13.2, 12.8, 12.3, 12, 11.4, 10.9, 10.4, 9.9, 9.7, 9.5))
WORK_DWELL = _half_hourly((8.4, 8.1, 8.5, 8.5, 8.4, 8.4, 8.1, 7.6, 6.6, 5.8, 4.7, 4.8, 4, 4.05, 3.6, 3.7, 3.4, 3.1, 2.8, 2.5, 2.4,
                           2.1, 1.9, 2.25, 2.3, 2.9, 2.5, 2.6), first_hour=5.0)

KIND_DEFAULTS: Mapping[str, KindDefaults] = {
    # Workplace: the sources have no weekend figures (assumption: a few drivers, late morning).
    "workplace": KindDefaults(WORKPLACE_WEEKDAY, _profile([(1.0, 11.0, 2.5)]), WORK_DWELL, 10.0, 0.8, 0.1),
    "public": KindDefaults(PUBLIC_WEEKDAY, PUBLIC_WEEKEND, PUBLIC_DWELL, 10.0, 0.5, 0.4),
    "home": KindDefaults(HOME_WEEKDAY, HOME_WEEKEND, HOME_DWELL, 10.0, 0.6, 0.5),
    # Depot (assumption: no source): vans return 17:00-19:00 and leave at dawn, ~13 h.
    "depot": KindDefaults(_profile([(1.0, 18.0, 1.0)]), _profile([(1.0, 18.0, 1.5)]), ((0.0, 13.0),), 25.0, 0.95, 0.2),
}
ENERGY_CV = 0.6
"""Spread of the energy a driver needs (lognormal): ElaadNL's sessions range about 2-30 kWh around 8-15."""
DWELL_CV = 0.5
"""Spread of the dwell time around its mean (lognormal); an assumption, the sources give means."""
PATIENCE_MINUTES = 10.0
"""How long a driver waits for a free charger before leaving (assumption)."""
DEFAULT_AUTH = {"whitelist": 0.3, "online": 0.4, "roaming": 0.1, "app": 0.1, "autocharge": 0.1}
"""Authentication media at a site on the roaming hub (assumption: the sources give no mix)."""
DEFAULT_AUTH_PRIVATE = {"whitelist": 0.4, "online": 0.45, "autocharge": 0.15}
"""At a site not on the hub nobody can roam or start from the app."""
