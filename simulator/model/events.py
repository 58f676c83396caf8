"""The world's event trace: what happened, when, where; the seed makes it repeatable."""

from __future__ import annotations

import itertools
from collections import deque
from typing import Any, Callable, NamedTuple


class Event(NamedTuple):
    time: float
    source: str
    kind: str
    data: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"time": self.time, "source": self.source, "kind": self.kind, "data": self.data}


Listener = Callable[[Event], None]


class EventLog:
    """The most recent ``limit`` events, numbered from the first ever emitted, with
    listeners; listeners (back-office reporters, webhooks) live outside the model
    and must not block."""

    def __init__(self, limit: int = 100_000) -> None:
        self._recent: deque[tuple[float, str, str, dict[str, Any]]] = deque(maxlen=limit)
        """Plain tuples: recording makes no :class:`Event`; readers and listeners get one."""
        self.total = 0
        self._listeners: list[Listener] = []

    @property
    def events(self) -> list[Event]:
        return list(map(Event._make, self._recent))

    def since(self, index: int) -> list[Event]:
        """The kept events numbered ``index`` and later (older ones have been dropped)."""
        skip = max(index - (self.total - len(self._recent)), 0)
        return list(map(Event._make, itertools.islice(self._recent, skip, None)))

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def emit(self, time: float, source: str, kind: str, **data: Any) -> None:
        self.record(time, source, kind, data)

    def record(self, time: float, source: str, kind: str, data: dict[str, Any]) -> None:
        self._recent.append((time, source, kind, data))
        self.total += 1
        if self._listeners:
            event = Event(time, source, kind, data)
            for listener in self._listeners:
                listener(event)
