"""Who may see and change what: the roles of spec 000 and the visibility rule.

Resources fall into families; a role grants reading or writing a family. A
host (and hostAdmin) sees only the charging-station entries it owns; admin
sees everything. What a caller cannot see does not exist for it: the API
answers the resource's "unknown" code, never "forbidden".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.StrEnum):
    USER = "user"
    HOST = "host"
    HOST_ADMIN = "hostAdmin"
    EV_ADMIN = "evAdmin"
    USER_ADMIN = "userAdmin"
    ADMIN = "admin"
    CS = "cs"


class Family(enum.StrEnum):
    STATIONS = "stations"
    DRIVERS = "drivers"
    USERS = "users"
    CS = "cs"


READERS: dict[Family, frozenset[Role]] = {
    Family.STATIONS: frozenset({Role.HOST, Role.HOST_ADMIN, Role.ADMIN}),
    Family.DRIVERS: frozenset({Role.EV_ADMIN, Role.ADMIN}),
    Family.USERS: frozenset({Role.USER_ADMIN, Role.ADMIN}),
    Family.CS: frozenset({Role.CS}),
}
WRITERS: dict[Family, frozenset[Role]] = {
    Family.STATIONS: frozenset({Role.HOST_ADMIN, Role.ADMIN}),
    Family.DRIVERS: frozenset({Role.EV_ADMIN, Role.ADMIN}),
    Family.USERS: frozenset({Role.USER_ADMIN, Role.ADMIN}),
    Family.CS: frozenset({Role.CS}),
}
OWNED_FAMILIES = frozenset({Family.STATIONS})
"""Families whose entries belong to the host that created them."""


@dataclass(frozen=True)
class Caller:
    username: str
    roles: frozenset[Role]

    def can_read(self, family: Family) -> bool:
        return bool(self.roles & READERS[family])

    def can_write(self, family: Family) -> bool:
        return bool(self.roles & WRITERS[family])

    def sees(self, family: Family, owner: str) -> bool:
        """Whether an entry of ``family`` owned by ``owner`` exists for this caller."""
        if not self.can_read(family):
            return False
        return Role.ADMIN in self.roles or family not in OWNED_FAMILIES or owner == self.username


SYSTEM = Caller("system", frozenset({Role.ADMIN}))
"""The back office itself (seeding the world, charging-station reports)."""
