"""The world's event trace: what happened, when, where; the seed makes it repeatable."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass(frozen=True)
class Event:
    time: float
    source: str
    kind: str
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"time": self.time, "source": self.source, "kind": self.kind, "data": self.data}


Listener = Callable[[Event], None]


class EventLog:
    """Append-only trace with listeners; listeners (back-office reporters, webhooks)
    live outside the model and must not block."""

    def __init__(self, limit: int = 100_000) -> None:
        self.limit = limit
        self.events: list[Event] = []
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def emit(self, time: float, source: str, kind: str, **data: Any) -> Event:
        event = Event(time, source, kind, data)
        self.events.append(event)
        if len(self.events) > self.limit:
            del self.events[: len(self.events) - self.limit]
        for listener in self._listeners:
            listener(event)
        return event

    def clear(self) -> None:
        self.events.clear()
