"""Who may do what: the roles of spec 000 as one table of resource x method x role -> scope.

Every ABS operation names a row of :data:`TABLE` (its resource) and a column
(its HTTP method); the cell says, per role, how much of the resource the
caller reaches:

* ``NONE``: the operation is refused, and nothing of the resource exists for
  the caller (lists are empty, entries answer their "unknown" code),
* ``OWN``: only entries its tenant owns (a host's charging-station data: what
  it created, or what was created under an entry it owns),
* ``ALL``: every entry.

A caller with several roles gets the widest scope any of them grants. The API
guard refuses an operation whose cell is ``NONE``; every lookup of an entry
goes through :meth:`Access.sees`, and notification rules deliver an event only
if their owner's cell for the event's resource sees it. Nothing else decides.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Mapping


class Role(enum.StrEnum):
    USER = "user"
    HOST = "host"
    HOST_ADMIN = "hostAdmin"
    EV_ADMIN = "evAdmin"
    USER_ADMIN = "userAdmin"
    ADMIN = "admin"
    CS = "cs"


class Scope(enum.IntEnum):
    NONE = 0
    OWN = 1
    ALL = 2


Grants = Mapping[Role, Scope]

VIEW_STATIONS: Grants = {Role.HOST: Scope.OWN, Role.HOST_ADMIN: Scope.OWN, Role.ADMIN: Scope.ALL}
"""host: "allows viewing of charging station-related information" (its own)."""
EDIT_STATIONS: Grants = {Role.HOST_ADMIN: Scope.OWN, Role.ADMIN: Scope.ALL}
"""hostAdmin: "also allows modification of charging station-related information"."""
DRIVERS: Grants = {Role.EV_ADMIN: Scope.ALL, Role.ADMIN: Scope.ALL}
"""evAdmin: "the EV driver management functions" (drivers, tokens, vehicles, accounts, reservations)."""
USERS: Grants = {Role.USER_ADMIN: Scope.ALL, Role.ADMIN: Scope.ALL}
"""userAdmin: "the administration user management functions"."""
STATION_INTERFACE: Grants = {Role.CS: Scope.ALL}
"""cs: the charging-station interface account, ``/abs/cs/*`` only."""
EVERYONE: Grants = {role: Scope.ALL for role in Role}


def _crud(view: Grants, edit: Grants, create: bool = True) -> dict[str, Grants]:
    methods = {"GET": view, "PUT": edit, "DELETE": edit}
    return methods | {"POST": edit} if create else methods


TABLE: dict[str, dict[str, Grants]] = {
    # charging-station data: a tenant's own
    "zone": _crud(VIEW_STATIONS, EDIT_STATIONS),
    "chargingStation": _crud(VIEW_STATIONS, EDIT_STATIONS),
    "device": _crud(VIEW_STATIONS, EDIT_STATIONS),
    "socket": _crud(VIEW_STATIONS, EDIT_STATIONS),
    "pricingPolicy": _crud(VIEW_STATIONS, EDIT_STATIONS),
    "alert": _crud(VIEW_STATIONS, EDIT_STATIONS, create=False),
    "notificationRule": _crud(VIEW_STATIONS, EDIT_STATIONS),
    "notificationDelivery": {"GET": VIEW_STATIONS},
    "session": {"GET": VIEW_STATIONS},
    "socketActivation": {"POST": EDIT_STATIONS, "DELETE": EDIT_STATIONS},
    "smartgrid": {"GET": VIEW_STATIONS, "PUT": EDIT_STATIONS, "POST": EDIT_STATIONS},
    "deviceCommand": {"GET": VIEW_STATIONS, "POST": EDIT_STATIONS},
    "deviceFileUpload": {"GET": VIEW_STATIONS, "POST": EDIT_STATIONS},
    "deviceMessage": {"GET": VIEW_STATIONS},
    # EV drivers
    "account": _crud(DRIVERS, DRIVERS),
    "evDriver": _crud(DRIVERS, DRIVERS),
    "evDriverActivation": {"POST": DRIVERS, "DELETE": DRIVERS},
    "rfid": _crud(DRIVERS, DRIVERS),
    "vehicle": _crud(DRIVERS, DRIVERS),
    "reservation": {"GET": DRIVERS, "POST": DRIVERS, "DELETE": DRIVERS},
    # administration users
    "user": _crud(USERS, USERS),
    "userRole": {"POST": USERS, "DELETE": USERS},
    "role": {"GET": EVERYONE},
    "authentication": {"DELETE": EVERYONE},
    # the charging-station interface
    "csSession": {"POST": STATION_INTERFACE, "PUT": STATION_INTERFACE, "DELETE": STATION_INTERFACE},
    "csAuthorize": {"GET": STATION_INTERFACE},
    "csSocket": {"PUT": STATION_INTERFACE},
    "csBoot": {"POST": STATION_INTERFACE},
}
"""resource -> HTTP method -> role -> scope; a role or method not listed is NONE."""

TENANT_OWNED = frozenset(name for name, row in TABLE.items() if any(Scope.OWN in g.values() for g in row.values()))
"""Resources whose entries belong to a tenant: names are unique per tenant, not across tenants."""


@dataclass(frozen=True)
class Caller:
    username: str
    roles: frozenset[Role]

    def access(self, resource: str, method: str) -> Access:
        """The caller's cell of the table for ``method`` on ``resource``."""
        grants = TABLE[resource].get(method, {})
        return Access(self, max((grants.get(role, Scope.NONE) for role in self.roles), default=Scope.NONE))


@dataclass(frozen=True)
class Access:
    """What one request may see and change: a caller and the scope its cell grants."""

    caller: Caller
    scope: Scope

    @property
    def allowed(self) -> bool:
        return self.scope is not Scope.NONE

    @property
    def username(self) -> str:
        return self.caller.username

    def sees(self, owner: str) -> bool:
        """Whether an entry owned by ``owner`` exists for this request."""
        return self.scope is Scope.ALL or (self.scope is Scope.OWN and owner == self.caller.username)


def who_may(grants: Grants | None) -> str:
    """One cell for people: the roles it grants, ``*`` marking "only the tenant's own entries"."""
    if not grants:
        return "-"
    if dict(grants) == dict(EVERYONE):
        return "every role"
    return ", ".join(f"{role}{'*' if grants[role] is Scope.OWN else ''}" for role in Role if grants.get(role))


def markdown_table() -> str:
    """The table as docs/abs.md shows it (a test keeps the two the same)."""
    methods = ("GET", "POST", "PUT", "DELETE")
    lines = ["| resource | " + " | ".join(methods) + " |", "|---|---|---|---|---|"]
    lines += [f"| `{name}` | " + " | ".join(who_may(row.get(m)) for m in methods) + " |" for name, row in TABLE.items()]
    return "\n".join(lines) + "\n"


SYSTEM_CALLER = Caller("system", frozenset({Role.ADMIN}))
SYSTEM = Access(SYSTEM_CALLER, Scope.ALL)
"""The back office itself (seeding the world, charging-station reports)."""
