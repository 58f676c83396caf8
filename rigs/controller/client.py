"""The controller API as calls: the same on a bench and on the simulator, over any transport."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Mapping

from .transport import Reply, Transport


class LoginFailed(Exception):
    pass


@dataclass
class ControllerClient:
    transport: Transport
    username: str
    password: str
    session_id: str | None = None
    relogin: bool = False
    """Log in again when a call meets an expired session (the spec's advice to apps)."""

    # -- generic ------------------------------------------------------------

    def call(self, method: str, path: str, query: Mapping[str, str] | None = None, body: Any = None, *, raw_body: bytes | None = None, authorization: str | None = None) -> Reply:
        """One request with the current session id (or ``authorization`` if given)."""
        auth = self.session_id if authorization is None else authorization
        reply = self.transport.exchange(method, path, query, body, auth or None, raw_body)
        if reply.status == 401 and self.relogin and authorization is None and self.session_id and path != "/login":
            self.session_id = None
            self.login()
            reply = self.transport.exchange(method, path, query, body, self.session_id, raw_body)
        return reply

    # -- login ----------------------------------------------------------------

    def get_token(self) -> str:
        reply = self.call("GET", "/login")
        if reply.status != 200 or not isinstance(reply.body, dict) or "token" not in reply.body:
            raise LoginFailed(f"no login token: HTTP {reply.status} {reply.body!r}")
        return str(reply.body["token"])

    @staticmethod
    def hash_password(password: str, token: str) -> str:
        return hashlib.sha256((password + token).encode()).hexdigest()

    def login_with(self, username: str, password: str, token: str) -> Reply:
        reply = self.call("POST", "/login", body={"username": username, "password": self.hash_password(password, token)}, authorization="")
        if reply.status == 200 and isinstance(reply.body, dict) and reply.body.get("logged_in"):
            self.session_id = reply.body["session"]["id"]
        return reply

    def login(self) -> str:
        reply = self.login_with(self.username, self.password, self.get_token())
        if self.session_id is None or reply.status != 200:
            raise LoginFailed(f"login as {self.username!r} failed: HTTP {reply.status} {reply.body!r}")
        return self.session_id

    def logout(self) -> Reply:
        reply = self.call("POST", "/logout")
        if reply.status == 200:
            self.session_id = None
        return reply

    # -- sections of the API ----------------------------------------------------

    def system_state(self) -> Reply:
        return self.call("GET", "/system_state")

    def get_settings(self, keys: list[str] | None = None) -> Reply:
        return self.call("GET", "/settings", {"params": ",".join(keys)} if keys else None)

    def set_settings(self, values: Mapping[str, Any], validated: bool = False) -> Reply:
        body = {"params": [{"key": k, "value": v} for k, v in values.items()]}
        return self.call("POST", "/settings/validated" if validated else "/settings", body=body)

    def transactions(self, start: str | None = None, end: str | None = None) -> Reply:
        query = {k: v for k, v in (("from", start), ("to", end)) if v is not None}
        return self.call("GET", "/transactions", query)

    def transactions_summary(self, start: str | None = None, end: str | None = None) -> Reply:
        query = {k: v for k, v in (("from", start), ("to", end)) if v is not None}
        return self.call("GET", "/transactions/summary", query)

    def transaction_active(self) -> Reply:
        return self.call("GET", "/transactions/active")
