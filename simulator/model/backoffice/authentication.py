"""ABS API sessions: password check, session ids, 60 minutes idle expiry in model time."""

from __future__ import annotations

import functools
import hashlib
import hmac
import random
from dataclasses import dataclass

from .access import Caller, Role
from .registry import Entry, Table
from .status import AbsError, Status

IDLE_EXPIRY_S = 60 * 60.0
PBKDF2_ROUNDS = 20_000


@functools.lru_cache(maxsize=256)
def hash_password(username: str, password: str) -> str:
    """PBKDF2-SHA256, salted per user; cached because every world reset re-seeds the same users."""
    salt = hashlib.sha256(f"chargebench-abs:{username}".encode()).digest()[:16]
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, PBKDF2_ROUNDS)
    return f"pbkdf2-sha256${PBKDF2_ROUNDS}${salt.hex()}${digest.hex()}"


def password_matches(username: str, password: str, stored: str) -> bool:
    return hmac.compare_digest(hash_password(username, password), stored)


def caller_of(user: Entry) -> Caller:
    """An administration user as the table of :mod:`.access` knows it: its name and roles."""
    return _caller(user["username"], tuple(user.extra["roles"]))


@functools.lru_cache(maxsize=1024)
def _caller(username: str, roles: tuple[str, ...]) -> Caller:
    """Made once per name and roles: every authenticated request asks (a role change asks anew)."""
    return Caller(username, frozenset(Role(r) for r in roles))


@dataclass
class ApiSession:
    id: str
    user_id: int
    last_used: float


class Sessions:
    """Session ids drawn from the world's seed, so a run is repeatable."""

    def __init__(self, users: Table, rng: random.Random) -> None:
        self.users = users
        self.rng = rng
        self.active: dict[str, ApiSession] = {}

    def login(self, username: str, password: str, now: float) -> tuple[str, Caller, str]:
        """(session id, caller, language) or 444."""
        for user in self.users:
            if user["username"] == username and password_matches(username, password, user["password"]):
                session = ApiSession(f"{self.rng.getrandbits(128):032X}", user.id, now)
                self.active[session.id] = session
                return session.id, self.caller(user.id), user["language"]
        raise AbsError(Status.AUTHENTICATION_FAILED, "unknown username or wrong password")

    def caller(self, user_id: int) -> Caller:
        user = self.users.get(user_id)
        assert user is not None
        return caller_of(user)

    def resume(self, session_id: str | None, now: float) -> tuple[Caller, int]:
        """The caller behind a session id, touching it; 445 if invalid or idle too long."""
        session = self.active.get(session_id or "")
        if session is None or now - session.last_used >= IDLE_EXPIRY_S or self.users.get(session.user_id) is None:
            if session is not None:
                del self.active[session.id]
            raise AbsError(Status.SESSION_INVALID, "ABS-Session-Id invalid or expired")
        session.last_used = now
        return self.caller(session.user_id), session.user_id

    def end_all(self, user_id: int) -> int:
        ended = [sid for sid, s in self.active.items() if s.user_id == user_id]
        for sid in ended:
            del self.active[sid]
        return len(ended)
