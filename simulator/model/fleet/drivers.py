"""Drivers as SimPy processes: each day they may come, find a charger or wait for one, plug
their own EV in, authenticate by their medium, charge, and leave at their departure time.

Each driver draws from a stream of its own, so what one driver does never shifts another's
draws (the same seed gives the same sessions, whichever sites run together).
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Generator

import simpy

from ..controller import Controller
from ..ev import EvSpec
from .catalogue import EvModel
from .layout import DriverIdentity
from .site import Site

if TYPE_CHECKING:
    from .fleet import Fleet

DAY_S = 86_400.0
MAX_DWELL_H = 72.0
TAP_DELAY_S = (10.0, 60.0)
"""Seconds from plugging in to holding the card to the reader."""
APP_DELAY_S = (20.0, 120.0)
"""Seconds from plugging in to starting the session in the app."""
REFUSAL_WAIT_S = 180.0
"""A driver whose session has not started this long after authenticating gives up and leaves."""
QUIET_DAYS = 365
"""A driver who never comes still wakes once a model year: the draws ahead stay bounded."""
MAX_NEED_SHARE = 0.9
"""No driver needs more than 90 % of the battery."""


@dataclass(slots=True)
class Visit:
    """One driver's visit to a site: the row of the sessions table the model knows."""

    site: str
    driver: str
    ev: str
    medium: str
    arrival: float
    needed_wh: float
    outcome: str = "waiting"
    """waiting, charging (plugged in), served, turned_away (no charger within patience), refused."""
    controller: str | None = None
    plugged: float | None = None
    departure: float | None = None
    transaction: int | None = None
    charging_start: float | None = None
    charging_stop: float | None = None
    energy_wh: int | None = None
    charging_now: bool = False


def lognormal(rng: random.Random, mean: float, cv: float) -> float:
    if cv <= 0:
        return mean
    sigma2 = math.log(1.0 + cv * cv)
    return rng.lognormvariate(math.log(mean) - sigma2 / 2.0, math.sqrt(sigma2))


class Driver:
    def __init__(self, fleet: "Fleet", identity: DriverIdentity, site: Site, ev: EvModel, rng: random.Random) -> None:
        self.fleet = fleet
        self.identity = identity
        self.site = site
        self.ev = ev
        self.rng = rng

    def life(self, epoch: datetime) -> Generator[simpy.Event, object, None]:
        """Day by day: come with the population's probability at an hour of its profile.

        A day without a visit is drawn without waiting for it: a day's draws do not depend on the
        time they are made, only on whether an earlier visit ran past the arrival."""
        env = self.site.env
        population = self.site.config.drivers
        offset = epoch.hour * 3600.0 + epoch.minute * 60.0 + epoch.second
        first_weekday = epoch.weekday()
        hours = range(24)
        weekday_cum = list(itertools.accumulate(population.arrivals_weekday))  # what choices() would add up each time
        weekend_cum = list(itertools.accumulate(population.arrivals_weekend))
        day = 0
        while True:
            weekend = (first_weekday + day) % 7 >= 5
            chance = population.visits_per_weekend_day if weekend else population.visits_per_weekday
            if self.rng.random() < chance:
                hour = self.rng.choices(hours, cum_weights=weekend_cum if weekend else weekday_cum)[0] + self.rng.random()
                arrival = day * DAY_S - offset + hour * 3600.0
                if arrival >= env.now:
                    yield env.timeout(arrival - env.now)
                    yield from self.visit(hour)
            day += 1
            if day % QUIET_DAYS == 0 and day * DAY_S - offset > env.now:
                yield env.timeout(day * DAY_S - offset - env.now)

    def visit(self, hour: float) -> Generator[simpy.Event, object, None]:
        env, site, rng = self.site.env, self.site, self.rng
        population = site.config.drivers
        mean_dwell = population.dwell_hours_mean or site.config.defaults().dwell_mean(hour % 24)
        dwell_s = min(lognormal(rng, mean_dwell, population.dwell_cv), MAX_DWELL_H) * 3600.0
        need_share = min(lognormal(rng, population.energy_kwh_mean, population.energy_cv) / self.ev.capacity_kwh, MAX_NEED_SHARE)
        soc = rng.uniform(0.05, 0.95 - need_share)
        delay = rng.uniform(*(APP_DELAY_S if self.identity.medium == "app" else TAP_DELAY_S))
        visit = Visit(site.config.name, self.identity.id, self.ev.name, self.identity.medium, float(env.now),
                      round(need_share * self.ev.capacity_kwh * 1000.0, 1))
        self.fleet.visits.append(visit)
        departure = env.now + dwell_s
        controller = site.take()
        if controller is None:
            ticket = site.wait()
            yield ticket | env.timeout(population.patience_minutes * 60.0)
            if not ticket.triggered:
                site.give_up(ticket)
                visit.outcome, visit.departure = "turned_away", float(env.now)
                return
            controller = ticket.value
        spec = EvSpec(capacity_wh=self.ev.capacity_kwh * 1000.0, soc=soc, max_current_a=self.ev.max_current_a,
                      phases=self.ev.phases, target_soc=soc + need_share, name=self.ev.name, evccid=self.identity.evccid)
        visit.controller, visit.plugged, visit.outcome = controller.id, float(env.now), "charging"
        self.fleet.charging_visit[controller.id] = visit
        controller.plug(spec)
        site.plugged(controller)
        if self.identity.medium != "autocharge":
            yield env.timeout(delay)
            self.authenticate(controller)
        yield env.timeout(min(REFUSAL_WAIT_S, max(departure - env.now, 0.0)))
        if controller.active is None and not controller.transactions_since(visit.plugged):
            visit.outcome = "refused"
        else:
            yield env.timeout(max(departure - env.now, 0.0))
        self.leave(controller, visit)

    def authenticate(self, controller: Controller) -> None:
        if self.identity.medium == "app":
            self.fleet.request_app_start(controller, self.identity)
        elif self.identity.card is not None:
            controller.present_tag(self.identity.card)

    def leave(self, controller: Controller, visit: Visit) -> None:
        env = self.site.env
        if controller.ev is not None:
            controller.unplug()
        started = controller.transactions_since(visit.plugged or 0.0)
        if started:
            tx = started[-1]
            visit.transaction = tx.id
            visit.energy_wh = tx.consumption_wh(tx.meter_stop or 0.0)
            if visit.outcome == "charging":
                visit.outcome = "served"
        if visit.charging_now:
            visit.charging_stop, visit.charging_now = float(env.now), False
        visit.departure = float(env.now)
        self.fleet.charging_visit.pop(controller.id, None)
        self.site.release(controller)
