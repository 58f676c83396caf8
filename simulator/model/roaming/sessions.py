"""Sessions at the hub: remote starts it brokered and the CDRs CPOs post (session-post)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from .accounts import User
from .codes import Code, RoamingError


@dataclass
class Cdr:
    """One session-post, updated in place when the CPO posts the same session again."""

    session_id: str
    partner: str
    evse_id: str
    user: User | None
    identifier: dict[str, Any]
    start: datetime
    stop: datetime | None
    charging_start: datetime | None
    charging_stop: datetime | None
    energy_kwh: float | None
    cost: float | None
    currency: str | None
    received: float


@dataclass
class RemoteSession:
    """A session-start the hub forwarded to a CPO, kept to route its session-stop."""

    session_id: str
    user: User
    evse_id: str
    partner: str
    stoppable: bool
    requested: float
    stopped: bool = False


class SessionBook:
    def __init__(self) -> None:
        self.cdrs: dict[str, Cdr] = {}
        self.remote: dict[str, RemoteSession] = {}

    def record(self, cdr: Cdr) -> Cdr:
        """A new CDR, or the update of an ongoing one (no stop yet) by the partner that posted it
        for the same EVSE and customer.  A finished CDR is written once: posting it again
        unchanged (a retry) changes nothing, any other change is refused (100)."""
        known = self.cdrs.get(cdr.session_id)
        if known is not None:
            if known.partner != cdr.partner:
                raise RoamingError(Code.SYSTEM_ERROR, f"session {cdr.session_id!r} was posted by another partner")
            if known.stop is not None:
                if replace(cdr, received=known.received) == known:
                    return known
                raise RoamingError(Code.SYSTEM_ERROR, f"session {cdr.session_id!r} is finished: its CDR cannot change")
            if (known.evse_id, known.identifier) != (cdr.evse_id, cdr.identifier):
                raise RoamingError(Code.SYSTEM_ERROR, f"session {cdr.session_id!r} was posted for another EVSE or customer")
        self.cdrs[cdr.session_id] = cdr
        return cdr

    def of_user(self, user: User) -> list[Cdr]:
        """The user's CDRs, newest first."""
        mine = [c for c in self.cdrs.values() if c.user is user]
        return sorted(mine, key=lambda c: c.start, reverse=True)

    def remote_for(self, user: User, evse_id: str, session_id: str | None) -> RemoteSession:
        for session in reversed(list(self.remote.values())):
            if session.user is user and session.evse_id == evse_id and not session.stopped:
                if session_id is None or session.session_id == session_id:
                    return session
        raise RoamingError(Code.SESSION_NOT_FOUND, f"no running remote session of this user at {evse_id!r}")
