"""Default figures of a fleet, each with its source (shared/MODEL-PARAMETERS.md).

EVs: EV2Gym's ``ev_specs.json`` (the Leaf's AC figure from its data sheet).
Drivers: ElaadNL-derived figures (EV2Gym data files; EVnetNL 2015) and the JRC
study of 1.8 M Dutch sessions.  Where the sources give only a peak and a
median, the hourly profile below is a smooth curve built to have that peak and
median; where they give nothing (depots), the figure is an assumption and says so.
"""

from __future__ import annotations

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
"""MODEL-PARAMETERS.md's table; the default EV mix takes them in equal shares (the sources give no shares)."""


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


@dataclass(frozen=True)
class KindDefaults:
    arrivals_weekday: tuple[float, ...]
    arrivals_weekend: tuple[float, ...]
    dwell_at_8: float
    """Mean dwell in hours for an 08:00 arrival (ElaadNL)."""
    dwell_at_18: float
    """Mean dwell in hours for an 18:00 arrival (ElaadNL); between, linear in the hour."""
    energy_kwh_mean: float
    visits_per_weekday: float
    visits_per_weekend_day: float

    def dwell_mean(self, hour: float) -> float:
        """Linear between the 08:00 and 18:00 figures, held constant outside them."""
        share = min(max((hour - 8.0) / 10.0, 0.0), 1.0)
        return self.dwell_at_8 + share * (self.dwell_at_18 - self.dwell_at_8)


KIND_DEFAULTS: Mapping[str, KindDefaults] = {
    # Workplace: peak 08:45, median 09:00 (a small midday tail moves the median past the peak);
    # 8.1 h for an 08:00 arrival; no evening figure, so the 08:00 one holds.
    "workplace": KindDefaults(_profile([(0.85, 8.75, 1.0), (0.15, 12.5, 2.0)]), _profile([(1.0, 11.0, 2.5)]),
                              8.1, 8.1, 10.0, 0.8, 0.1),
    # Public: peak 18:15 but median 15:30, so a broad daytime component; weekends start ~13:45.
    # 5.1 h for 08:00, 12.5 h (overnight) for 18:00.
    "public": KindDefaults(_profile([(0.35, 18.25, 1.3), (0.65, 12.5, 3.2)]), _profile([(0.6, 14.5, 2.5), (0.4, 18.5, 2.0)]),
                           5.1, 12.5, 10.0, 0.5, 0.4),
    # Home: peak 18:15, median 18:30; 3.6 h for 08:00, 13.9 h (overnight) for 18:00.
    "home": KindDefaults(_profile([(1.0, 18.6, 2.2)]), _profile([(1.0, 17.0, 3.5)]), 3.6, 13.9, 10.0, 0.6, 0.5),
    # Depot (assumption: no source): vans return 17:00-19:00 and leave at dawn, ~13 h.
    "depot": KindDefaults(_profile([(1.0, 18.0, 1.0)]), _profile([(1.0, 18.0, 1.5)]), 13.0, 13.0, 25.0, 0.95, 0.2),
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
