"""Why a stored-records operation (users, whitelist, key-value store) was refused.

Each store checks a whole request before changing anything, so a refusal
always leaves the store as it was; the API maps the kind of refusal to a status.
"""

from __future__ import annotations


class Refused(Exception):
    """The request is malformed or breaks a limit of the spec (HTTP 400)."""

    def __init__(self, cause: str) -> None:
        super().__init__(cause)
        self.cause = cause


class NotFound(Refused):
    """The user, tag or key named does not exist (HTTP 404)."""


class Conflict(Refused):
    """The request is well-formed but clashes with what is stored (HTTP 409)."""
