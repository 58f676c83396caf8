"""Login tokens and sessions of the controller API (spec 001, "Login and session authorization").

A token serves exactly one login attempt and dies when the next one is issued;
a session dies after 60 s of model time without a call, or at logout.
"""

from __future__ import annotations

import hashlib
import random
import string
import uuid
from dataclasses import dataclass

from .settings import Role

SESSION_TIMEOUT_S = 60.0
MAX_SESSIONS = 64
"""Bounded so a client that never logs out cannot grow memory without end."""

TOKEN_ALPHABET = string.ascii_letters + string.digits + "!#$%&()*+-./:;<=>?@[]^_{|}~"


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    role: Role


@dataclass
class LoginSession:
    id: str
    account: Account
    last_call: float


def password_hash(password: str, token: str) -> str:
    """What a client sends: sha256(plain_password + login_token) in hex."""
    return hashlib.sha256((password + token).encode()).hexdigest()


class LoginManager:
    def __init__(self, accounts: list[Account], rng: random.Random, timeout: float = SESSION_TIMEOUT_S) -> None:
        self.accounts = {a.username: a for a in accounts}
        self.rng = rng
        self.timeout = timeout
        self._token: str | None = None
        self._sessions: dict[str, LoginSession] = {}

    def issue_token(self) -> str:
        self._token = "".join(self.rng.choice(TOKEN_ALPHABET) for _ in range(32))
        return self._token

    def login(self, username: str, hashed: str, now: float) -> LoginSession | None:
        token, self._token = self._token, None
        account = self.accounts.get(username)
        if token is None or account is None or password_hash(account.password, token) != hashed.lower():
            return None
        self._drop_expired(now)
        if len(self._sessions) >= MAX_SESSIONS:
            oldest = min(self._sessions.values(), key=lambda s: s.last_call)
            del self._sessions[oldest.id]
        session = LoginSession(str(uuid.UUID(int=self.rng.getrandbits(128), version=4)), account, now)
        self._sessions[session.id] = session
        return session

    def touch(self, session_id: str | None, now: float) -> LoginSession | None:
        """The live session for an id, kept alive by this call; None if invalid or expired."""
        session = self._sessions.get(session_id or "")
        if session is None:
            return None
        if now - session.last_call >= self.timeout:
            del self._sessions[session.id]
            return None
        session.last_call = now
        return session

    def logout(self, session_id: str) -> None:
        self._sessions.pop(session_id, None)

    def drop_all(self) -> None:
        """Power loss or reboot: every session and the pending token are gone."""
        self._sessions.clear()
        self._token = None

    def _drop_expired(self, now: float) -> None:
        for sid in [s.id for s in self._sessions.values() if now - s.last_call >= self.timeout]:
            del self._sessions[sid]
