"""Sessions at the hub: remote starts it brokered and the CDRs CPOs post (session-post)."""

from __future__ import annotations

from bisect import insort
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Iterable

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
    """CDRs and remote sessions, with the indexes their per-user, per-EVSE and per-session
    lookups read.  Add a CDR only with :meth:`record`, a remote session only with
    :meth:`add_remote`; marking a remote session stopped needs nothing else."""

    def __init__(self) -> None:
        self.cdrs: dict[str, Cdr] = {}
        self.remote: dict[str, RemoteSession] = {}
        self._place: dict[str, int] = {}
        """Each session id's place in :attr:`cdrs` (an update keeps it)."""
        self._cdrs_of_user: dict[User, dict[str, Cdr]] = {}
        self._cdrs_at: dict[str, dict[str, Cdr]] = {}
        """By EVSE ID (a CDR's EVSE never changes)."""
        self._remote_place: dict[str, int] = {}
        self._running: dict[tuple[User, str], list[RemoteSession]] = {}
        """By user and EVSE, in :attr:`remote`'s order; stopped ones leave from the end when met."""

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
            if known.user is not None:
                del self._cdrs_of_user[known.user][cdr.session_id]
        self.cdrs[cdr.session_id] = cdr
        self._place.setdefault(cdr.session_id, len(self._place))
        if cdr.user is not None:
            self._cdrs_of_user.setdefault(cdr.user, {})[cdr.session_id] = cdr
        self._cdrs_at.setdefault(cdr.evse_id, {})[cdr.session_id] = cdr
        return cdr

    def of_user(self, user: User) -> list[Cdr]:
        """The user's CDRs, newest first (of two as new, the one posted first)."""
        mine = sorted(self._cdrs_of_user.get(user, {}).values(), key=lambda c: self._place[c.session_id])
        return sorted(mine, key=lambda c: c.start, reverse=True)

    def at_evses(self, evse_ids: Iterable[str]) -> list[Cdr]:
        """The CDRs of sessions at these EVSEs."""
        return [cdr for evse_id in evse_ids for cdr in self._cdrs_at.get(evse_id, {}).values()]

    def add_remote(self, session: RemoteSession) -> None:
        """A session-start the CPO answered with this session id (a reused id replaces the old one)."""
        replaced = self.remote.get(session.session_id)
        if replaced is not None:
            running = self._running.get((replaced.user, replaced.evse_id), [])
            running[:] = [s for s in running if s is not replaced]
        self.remote[session.session_id] = session
        self._remote_place.setdefault(session.session_id, len(self._remote_place))
        insort(self._running.setdefault((session.user, session.evse_id), []), session,
               key=lambda s: self._remote_place[s.session_id])

    def remote_for(self, user: User, evse_id: str, session_id: str | None) -> RemoteSession:
        """The user's running remote session at the EVSE: the one named, else the latest."""
        if session_id is not None:
            session = self.remote.get(session_id)
            if session is not None and session.user is user and session.evse_id == evse_id and not session.stopped:
                return session
        else:
            running = self._running.get((user, evse_id), [])
            while running and running[-1].stopped:
                running.pop()
            if running:
                return running[-1]
        raise RoamingError(Code.SESSION_NOT_FOUND, f"no running remote session of this user at {evse_id!r}")
