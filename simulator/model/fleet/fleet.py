"""The fleet in a world: its sites and drivers come alive, and what they did is kept.

Pure model: a remote start from the app is an event (``app_start_requested``) that the
OIOI app adapter turns into a ``session-start`` at the hub, as the controllers' events
become station reports.  A site's grid limit is the back-office station's smart grid
(one mechanism): the back office shares the limit among the running sessions through
the controllers' current limits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..backoffice.access import SYSTEM
from ..controller import Controller
from ..events import Event
from ..pilot import CHARGING_STATES
from ..whitelist import TagType, WhitelistEntry
from .config import FleetConfig
from .drivers import Driver, Visit
from .layout import DriverIdentity, FleetLayout
from .site import Site

if TYPE_CHECKING:
    from ..world import World

CHARGING_PILOTS = frozenset(str(state) for state in CHARGING_STATES)
HEARD_KINDS = frozenset({"pilot", "transaction_started"})
"""What a visit learns from its controller's events (see :meth:`Fleet._on_event`)."""


class Fleet:
    def __init__(self, world: "World", config: FleetConfig, layout: FleetLayout) -> None:
        self.world = world
        self.config = config
        self.layout = layout
        self.visits: list[Visit] = []
        self.charging_visit: dict[str, Visit] = {}
        """Controller id -> the visit plugged into it."""
        self.sites: dict[str, Site] = {}
        models = {entry.model.name: entry.model for entry in config.ev_mix}
        backoffice = world.backoffice
        for site_layout in layout.sites:
            site_config = site_layout.config
            controllers = [world.controllers[cp_id] for cp_id in site_layout.controller_ids]
            cards: dict[str, WhitelistEntry] = {}
            for driver in site_layout.drivers:
                if driver.medium == "whitelist" and driver.card:
                    cards[driver.card] = WhitelistEntry(id=driver.card, name=driver.id)
                elif driver.medium == "autocharge" and driver.evccid:
                    cards[driver.evccid] = WhitelistEntry(id=driver.evccid, tagType=TagType.EVCCID, name=driver.id)
            for controller in controllers:
                controller.settings.values["MaxCurrent_ctl"] = site_config.max_current_a
                controller.settings.values["InstalledPhases_ctl"] = site_config.phases
                controller.whitelist.put_all(cards)
            socket = backoffice.socket_for_controller(controllers[0].id) if controllers else None
            station_id = None if socket is None else socket["chargingStationId"]
            if station_id is not None and site_config.grid_limit_kw is not None:
                backoffice.configure_smartgrid(SYSTEM, station_id, True, site_config.grid_limit_kw * 1000.0)
            site = Site(world.env, site_config, controllers, station_id)
            self.sites[site_config.name] = site
            for identity in site_layout.drivers:
                driver = Driver(self, identity, site, models[identity.ev_model], world.rng(f"fleet:driver:{identity.id}"))
                world.env.process(driver.life(world.config.epoch))
        world.events.subscribe(self._on_event, HEARD_KINDS)

    def _on_event(self, event: Event) -> None:
        """A visit's transaction is known from its start; charging starts at the visit's first
        pilot C (or D) and stops at its last."""
        visit = self.charging_visit.get(event.source)
        if visit is None:
            return
        if event.kind == "transaction_started":
            visit.transaction = event.data["id"]
        elif event.data["state"] in CHARGING_PILOTS:
            if visit.charging_start is None:
                visit.charging_start = event.time
            visit.charging_now = True
        elif visit.charging_now:
            visit.charging_stop, visit.charging_now = event.time, False

    def request_app_start(self, controller: Controller, driver: DriverIdentity) -> None:
        self.world.events.emit(float(self.world.env.now), controller.id, "app_start_requested", user=driver.roaming_user)

    def summary(self) -> dict[str, Any]:
        """What a person watching the fleet wants now: sessions so far, occupancy, load per site."""
        outcomes: dict[str, int] = {}
        for visit in self.visits:
            outcomes[visit.outcome] = outcomes.get(visit.outcome, 0) + 1
        return {
            "visits": len(self.visits),
            "outcomes": outcomes,
            "sites": {
                name: {
                    "kind": site.config.kind, "controllers": len(site.controllers), "occupied": site.occupied,
                    "queue": site.queue, "powerKw": round(site.power_kw(), 3), "gridLimitKw": site.config.grid_limit_kw,
                }
                for name, site in self.sites.items()
            },
        }
