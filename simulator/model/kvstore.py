"""The generic key-value store (spec 001, "Generic Key-Value Store").

Its contents mean nothing to the controller.  Adding and modifying many pairs
at once is one transaction in the spec ("sql start transaction &
commit/rollback"): every pair is checked before any is written.
"""

from __future__ import annotations

from typing import Any

from .records import Conflict, NotFound, Refused

MAX_PAIRS = 1000
MAX_KEY_CHARS = 256
MAX_VALUE_CHARS = 1000


def checked_key(key: str) -> str:
    if not key:
        raise Refused("key must not be empty")
    if len(key) > MAX_KEY_CHARS:
        raise Refused(f"key is longer than {MAX_KEY_CHARS} characters")
    if "/" in key:
        raise Refused("key must not contain '/' (it could not be named in a path)")
    return key


def _checked_pairs(pairs: dict[str, Any]) -> dict[str, str]:
    if not pairs:
        raise Refused("no key/value pairs given")
    for key, value in pairs.items():
        checked_key(key)
        if not isinstance(value, str):
            raise Refused(f"value of '{key[:40]}' must be a string")
        if len(value) > MAX_VALUE_CHARS:
            raise Refused(f"value of '{key[:40]}' is longer than {MAX_VALUE_CHARS} characters")
    return pairs


class KeyValueStore:
    def __init__(self) -> None:
        self._pairs: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._pairs)

    def all(self) -> dict[str, str]:
        return dict(self._pairs)

    def get(self, key: str) -> str:
        if key not in self._pairs:
            raise NotFound("key not found")
        return self._pairs[key]

    def add(self, pairs: dict[str, Any]) -> None:
        """All new keys or nothing: fails if one exists or the store would pass its limit."""
        checked = _checked_pairs(pairs)
        existing = [k for k in checked if k in self._pairs]
        if existing:
            raise Conflict(f"key '{existing[0][:40]}' already exists")
        if len(self._pairs) + len(checked) > MAX_PAIRS:
            raise Conflict("too many entries")
        self._pairs.update(checked)

    def modify(self, pairs: dict[str, Any]) -> None:
        """All existing keys or nothing: fails if one is missing or a value is too long."""
        checked = _checked_pairs(pairs)
        missing = [k for k in checked if k not in self._pairs]
        if missing:
            raise NotFound(f"key '{missing[0][:40]}' not found")
        self._pairs.update(checked)

    def delete(self, key: str) -> None:
        self.get(key)
        del self._pairs[key]
