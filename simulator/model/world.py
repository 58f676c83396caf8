"""The simulated world: controllers at a site, built from a world file and one seed."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import simpy

from .calendar import Calendar
from .controller import Controller
from .backoffice import BackOffice
from .events import EventLog, TraceLevel
from .fleet import Fleet, FleetConfig, FleetLayout, lay_out
from .fleet.layout import fleet_roaming
from .logins import Account, LoginManager
from .roaming.config import RoamingConfig
from .roaming.network import RoamingNetwork
from .settings import Role
from .users import UserDirectory
from .whitelist import Priority, TagType, WhitelistEntry
from .worldfile import parse_world, read_world


def seeded_rng(seed: int, purpose: str) -> random.Random:
    """An independent stream per purpose, so adding one draw elsewhere changes nothing here."""
    return random.Random(f"{seed}:{purpose}")


@dataclass(frozen=True)
class WorldConfig:
    seed: int
    epoch: datetime
    site: str
    accounts: tuple[Account, ...]
    controller_ids: tuple[str, ...]
    whitelist: tuple[WhitelistEntry, ...] = field(default=())
    roaming: RoamingConfig = field(default_factory=RoamingConfig, hash=False, compare=False)
    """OIOI roaming: the hub and the simulated CPO (``[roaming]`` of the world file)."""
    backoffice: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    """The ABS back office's initial entries (``[backoffice]`` of the world file)."""
    instrument_ids: tuple[str, ...] = ()
    """Controllers that get a bench instrument (a pty and a TCP port each): the world file's own
    ``[[controllers]]`` (unless ``instrument = false``) and fleet sites with ``instruments = true``."""
    fleet: FleetConfig | None = field(default=None, hash=False, compare=False)
    layout: FleetLayout | None = field(default=None, hash=False, compare=False)
    """The fleet's controllers, drivers and their accounts, drawn from the seed."""
    roaming_stations: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    """The roaming CPO's stations on the hub, each a name and its controllers: the world's own
    controllers, then each fleet site on the hub; None: every controller in one station."""
    trace: TraceLevel = TraceLevel.FULL
    """How much of the world's events its log keeps (``trace`` of the world file)."""
    """Controllers the roaming CPO offers on the hub; None: every controller."""

    @classmethod
    def from_toml(cls, text: str, seed: int | None = None) -> "WorldConfig":
        return cls.from_dict(parse_world(text), seed)

    @classmethod
    def from_dict(cls, data: dict[str, Any], seed: int | None = None) -> "WorldConfig":
        seed = int(data.get("seed", 0) if seed is None else seed)
        controllers = data.get("controllers", [])
        controller_ids = tuple(c["id"] for c in controllers)
        instrument_ids = tuple(c["id"] for c in controllers if c.get("instrument", True))
        backoffice = {name: list(entries) for name, entries in data.get("backoffice", {}).items()}
        roaming = dict(data.get("roaming", {}))
        fleet = layout = roaming_stations = None
        if "fleet" in data:
            fleet = FleetConfig.from_dict(data["fleet"])
            layout = lay_out(fleet, lambda purpose: seeded_rng(seed, purpose))
            controller_ids += layout.controller_ids
            instrument_ids += tuple(cp for site in layout.sites if site.config.instruments for cp in site.controller_ids)
            for name, entries in layout.backoffice_entries(fleet, backoffice.get("user", [])).items():
                backoffice.setdefault(name, []).extend(entries)
            roaming = fleet_roaming(roaming, layout)
            own = ((data.get("site", {}).get("name", "Site"), controller_ids[:len(controllers)]),) if controllers else ()
            roaming_stations = own + tuple((site.config.station, site.controller_ids) for site in layout.sites if site.config.roaming)
        return cls(
            seed=seed,
            epoch=datetime.fromisoformat(data.get("epoch", "2026-01-05T06:00:00Z")),
            site=data.get("site", {}).get("name", "Site"),
            accounts=tuple(Account(a["username"], a["password"], Role[a.get("role", "operator").upper()]) for a in data.get("accounts", [])),
            controller_ids=controller_ids,
            whitelist=tuple(
                WhitelistEntry(
                    id=w["id"],
                    tagType=TagType(w.get("tagType", "RFID")),
                    number=w.get("number"),
                    name=w.get("name"),
                    userid=w.get("userid"),
                    priority=Priority(w.get("priority", "NORMAL")),
                )
                for w in data.get("whitelist", [])
            ),
            roaming=RoamingConfig.from_dict(roaming),
            backoffice=backoffice,
            instrument_ids=instrument_ids,
            fleet=fleet,
            layout=layout,
            roaming_stations=roaming_stations,
            trace=TraceLevel(data.get("trace", TraceLevel.FULL)),
        )

    @classmethod
    def load(cls, path: Path | None = None, seed: int | None = None) -> "WorldConfig":
        """The world file at ``path`` (None: the embedded default); WorldFileError says what is wrong."""
        return cls.from_dict(read_world(path), seed)


class World:
    """Everything the simulator models; ``reset`` rebuilds it from the same config."""

    def __init__(self, config: WorldConfig, env: simpy.Environment, calendar: Calendar,
                 trace: TraceLevel | None = None) -> None:
        self.config = config
        self.env = env
        self.calendar = calendar
        self.events = EventLog(level=config.trace if trace is None else trace)
        self.controllers: dict[str, Controller] = {}
        self._serials: set[str] = set()
        for cp_id in config.controller_ids:
            self.add_controller(cp_id)
        self.backoffice = BackOffice(config.backoffice, env, calendar, self.controllers, self.rng("backoffice"), self.events)
        self.roaming = RoamingNetwork(self)
        self.fleet = None if config.fleet is None or config.layout is None else Fleet(self, config.fleet, config.layout)

    def rng(self, purpose: str) -> random.Random:
        return seeded_rng(self.config.seed, purpose)

    def add_controller(self, cp_id: str) -> Controller:
        rng = self.rng(f"controller:{cp_id}")
        controller = Controller(
            self.env,
            cp_id,
            self.events,
            self.calendar,
            logins=LoginManager(list(self.config.accounts), self.rng(f"logins:{cp_id}")),
            users=UserDirectory(self.rng(f"users:{cp_id}")),
            serial=self._unique_serial(rng),
            ambient_temp=round(rng.uniform(15.0, 25.0), 1),
        )
        for entry in self.config.whitelist:
            controller.whitelist.put(WhitelistEntry(**vars(entry)))
        self.controllers[cp_id] = controller
        return controller

    def _unique_serial(self, rng: random.Random) -> str:
        """The back office refuses two devices with one serial number: draw again on a clash."""
        while (serial := f"SIM{rng.randrange(10**8):08d}") in self._serials:
            pass
        self._serials.add(serial)
        return serial

    def state(self) -> dict[str, Any]:
        return {
            "site": self.config.site,
            "seed": self.config.seed,
            "now": float(self.env.now),
            "time": self.calendar.isoformat(self.env.now),
            "controllers": {
                cp_id: {
                    **c.system_state(),
                    "pwmDuty": c.duty,
                    "meterWh": round(c.meter.read_wh(), 3),
                    "ev": None if c.ev is None else {"name": c.ev.spec.name, "soc": round(c.meter.soc() or c.ev.soc, 5)},
                    "transactions": len(c.transactions),
                }
                for cp_id, c in self.controllers.items()
            },
            "events": self.events.total,
        }
