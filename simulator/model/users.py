"""Chargepoint users: names mapped to UUIDs (spec 001, "Chargepoint Users Identity")."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass

from .records import Conflict, NotFound, Refused

MAX_NAME_CHARS = 255
MAX_USERS = 1000
"""The spec sets no limit; this one keeps a runaway client from exhausting memory."""


@dataclass(frozen=True)
class User:
    userId: str
    userName: str

    def as_dict(self) -> dict[str, str]:
        return {"userId": self.userId, "userName": self.userName}


def checked_name(name: object) -> str:
    if not isinstance(name, str):
        raise Refused("'userName' must be a string")
    if not name:
        raise Refused("'userName' must not be empty")
    if len(name) > MAX_NAME_CHARS:
        raise Refused(f"'userName' is longer than {MAX_NAME_CHARS} characters")
    return name


class UserDirectory:
    """Users in insertion order; new ids are UUIDs drawn from the world's seeded stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._users: dict[str, User] = {}

    def __len__(self) -> int:
        return len(self._users)

    def all(self) -> list[User]:
        return list(self._users.values())

    def get(self, user_id: str) -> User:
        user = self._users.get(user_id)
        if user is None:
            raise NotFound("user not found")
        return user

    def add(self, name: object) -> User:
        checked = checked_name(name)
        if len(self._users) >= MAX_USERS:
            raise Conflict(f"too many users (at most {MAX_USERS})")
        user = User(str(uuid.UUID(int=self.rng.getrandbits(128), version=4)), checked)
        self._users[user.userId] = user
        return user

    def rename(self, user_id: str, name: object) -> User:
        self.get(user_id)
        user = User(user_id, checked_name(name))
        self._users[user_id] = user
        return user

    def delete(self, user_id: str) -> None:
        self.get(user_id)
        del self._users[user_id]
