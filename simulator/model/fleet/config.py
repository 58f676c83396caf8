"""The ``[fleet]`` section of a world file, parsed, with the defaults of the catalogue applied.

A fleet is described compactly (sites, an EV mix, driver populations); the world's
controllers, whitelists, back-office entries and roaming accounts are derived from
it by :mod:`.layout`.  The shape was checked against the world schema before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from .catalogue import (DEFAULT_AUTH, DEFAULT_AUTH_PRIVATE, DEFAULT_EV_SHARES, DWELL_CV, ENERGY_CV, EV_MODELS, KIND_DEFAULTS, MEDIA, PATIENCE_MINUTES, EvModel,
                        KindDefaults)


@dataclass(frozen=True)
class EvShare:
    model: EvModel
    share: float


@dataclass(frozen=True)
class Population:
    count: int
    visits_per_weekday: float
    visits_per_weekend_day: float
    arrivals_weekday: tuple[float, ...]
    arrivals_weekend: tuple[float, ...]
    dwell_hours_mean: float | None
    """None: the kind's ElaadNL figure for the arrival hour."""
    dwell_cv: float
    energy_kwh_mean: float
    energy_cv: float
    patience_minutes: float
    auth: tuple[tuple[str, float], ...]


def site_slug(name: str) -> str:
    """A site's part of its controllers' ids: upper-case letters and digits."""
    return re.sub(r"[^A-Z0-9]+", "-", name.upper()).strip("-") or "SITE"


@dataclass(frozen=True)
class SiteConfig:
    name: str
    kind: str
    controllers: int
    max_current_a: int
    phases: int
    grid_limit_kw: float | None
    station: str
    roaming: bool
    instruments: bool
    drivers: Population

    @property
    def slug(self) -> str:
        return site_slug(self.name)

    def defaults(self) -> KindDefaults:
        return KIND_DEFAULTS[self.kind]


@dataclass(frozen=True)
class FleetConfig:
    sites: tuple[SiteConfig, ...]
    ev_mix: tuple[EvShare, ...]
    host: str = "fleet"
    password: str = "fleet-pw"
    currency: str = "EUR"
    starting_fee: float = 0.0
    price_per_kwh: float = 0.35
    parking_per_hour: float = 0.0
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "FleetConfig":
        return cls(
            sites=tuple(_site(raw) for raw in data.get("sites", [])),
            ev_mix=_ev_mix(data.get("ev_mix")),
            host=data.get("host", "fleet"),
            password=data.get("password", "fleet-pw"),
            currency=data.get("currency", "EUR"),
            starting_fee=float(data.get("starting_fee", 0.0)),
            price_per_kwh=float(data.get("price_per_kwh", 0.35)),
            parking_per_hour=float(data.get("parking_per_hour", 0.0)),
        )


def _ev_mix(raw: list[Mapping[str, Any]] | None) -> tuple[EvShare, ...]:
    if not raw:
        return tuple(EvShare(model, float(DEFAULT_EV_SHARES[name])) for name, model in EV_MODELS.items())
    mix = []
    for item in raw:
        known = EV_MODELS.get(item["model"])
        kwh = float(item.get("capacity_kwh", known.capacity_kwh if known else 0.0))
        kw = float(item.get("max_ac_kw", known.max_ac_kw if known else 0.0))
        if kwh <= 0 or kw <= 0:
            raise ValueError(f"fleet.ev_mix: {item['model']!r} is not a built-in model: give capacity_kwh and max_ac_kw")
        phases = int(item.get("phases", known.phases if known else (1 if kw <= 7.4 else 3)))
        mix.append(EvShare(EvModel(item["model"], kwh, kw, phases), float(item["share"])))
    return tuple(mix)


def _site(raw: Mapping[str, Any]) -> SiteConfig:
    kind = raw["kind"]
    defaults = KIND_DEFAULTS[kind]
    return SiteConfig(
        name=raw["name"],
        kind=kind,
        controllers=int(raw["controllers"]),
        max_current_a=int(raw.get("max_current_a", 32)),
        phases=int(raw.get("phases", 3)),
        grid_limit_kw=None if raw.get("grid_limit_kw") is None else float(raw["grid_limit_kw"]),
        station=raw.get("station", raw["name"]),
        roaming=bool(raw.get("roaming", kind == "public")),
        instruments=bool(raw.get("instruments", False)),
        drivers=_population(raw.get("drivers", {}), defaults, bool(raw.get("roaming", kind == "public"))),
    )


def _population(raw: Mapping[str, Any], defaults: KindDefaults, roaming: bool) -> Population:
    auth = raw.get("auth", DEFAULT_AUTH if roaming else DEFAULT_AUTH_PRIVATE)
    return Population(
        count=int(raw.get("count", 0)),
        visits_per_weekday=float(raw.get("visits_per_weekday", defaults.visits_per_weekday)),
        visits_per_weekend_day=float(raw.get("visits_per_weekend_day", defaults.visits_per_weekend_day)),
        arrivals_weekday=tuple(float(w) for w in raw.get("arrivals_weekday", defaults.arrivals_weekday)),
        arrivals_weekend=tuple(float(w) for w in raw.get("arrivals_weekend", defaults.arrivals_weekend)),
        dwell_hours_mean=None if raw.get("dwell_hours_mean") is None else float(raw["dwell_hours_mean"]),
        dwell_cv=float(raw.get("dwell_cv", DWELL_CV)),
        energy_kwh_mean=float(raw.get("energy_kwh_mean", defaults.energy_kwh_mean)),
        energy_cv=float(raw.get("energy_cv", ENERGY_CV)),
        patience_minutes=float(raw.get("patience_minutes", PATIENCE_MINUTES)),
        auth=tuple((medium, float(auth.get(medium, 0.0))) for medium in MEDIA),
    )
