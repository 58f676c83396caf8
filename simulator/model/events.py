"""The world's event trace: what happened, when, where; the seed makes it repeatable."""

from __future__ import annotations

import enum
import itertools
from collections import deque
from typing import Any, Callable, Iterable, NamedTuple


class Event(NamedTuple):
    time: float
    source: str
    kind: str
    data: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"time": self.time, "source": self.source, "kind": self.kind, "data": self.data}


Listener = Callable[[Event], None]


class TraceLevel(enum.StrEnum):
    """How much of the world's events the log keeps for readers (``/sim/events``).

    Listeners get every event at every level: only the recording changes."""

    FULL = "full"
    """Every event (the default: tests and the instrument's evidence read it)."""
    SESSIONS = "sessions"
    """The life of each charging session only (see :data:`SESSION_KINDS`)."""
    OFF = "off"
    """Nothing is kept: big batch runs, where the trace would cost more than the model."""


SESSION_KINDS = frozenset({
    "plugged", "unplugged", "authorized", "authorization_rejected", "authorization_expired", "authorization_withdrawn",
    "transaction_started", "transaction_stopped", "backoffice_session_closed", "app_start_requested",
})
"""What the ``sessions`` level keeps: an EV arrives, is authorized, charges, leaves, is billed."""


class EventLog:
    """The most recent ``limit`` kept events, numbered from the first ever emitted
    (kept or not), with listeners; listeners (back-office reporters, webhooks) live
    outside the model and must not block."""

    def __init__(self, limit: int = 100_000, level: TraceLevel | str = TraceLevel.FULL) -> None:
        self.level = TraceLevel(level)
        self._recent: deque[tuple[int, float, str, str, dict[str, Any]]] = deque(maxlen=limit)
        """Plain tuples led by the event's number: recording makes no :class:`Event`;
        readers and listeners get one."""
        self._keep_all = self.level is TraceLevel.FULL
        self._kept_kinds = SESSION_KINDS if self.level is TraceLevel.SESSIONS else frozenset()
        self.total = 0
        self._subscriptions: list[tuple[Listener, frozenset[str] | None]] = []
        self._routes: dict[str, tuple[Listener, ...]] = {}
        """Kind -> the listeners that hear it, in subscription order (filled as kinds occur)."""

    @property
    def events(self) -> list[Event]:
        return [Event._make(kept[1:]) for kept in self._recent]

    def since(self, index: int) -> list[Event]:
        """The kept events numbered ``index`` and later (older ones have been dropped)."""
        if self._keep_all:  # numbers are consecutive: skip straight to the first one wanted
            first = self._recent[0][0] if self._recent else self.total
            chosen: Any = itertools.islice(self._recent, max(index - first, 0), None)
        else:
            chosen = itertools.dropwhile(lambda kept: kept[0] < index, self._recent)
        return [Event._make(kept[1:]) for kept in chosen]

    def subscribe(self, listener: Listener, kinds: Iterable[str] | None = None) -> None:
        """``listener`` hears events of ``kinds`` (all events when None); an event no listener
        hears costs no :class:`Event`."""
        self._subscriptions.append((listener, None if kinds is None else frozenset(kinds)))
        self._routes.clear()

    def unsubscribe(self, listener: Listener) -> None:
        self._subscriptions = [s for s in self._subscriptions if s[0] != listener]
        self._routes.clear()

    def _route(self, kind: str) -> tuple[Listener, ...]:
        route = self._routes[kind] = tuple(listener for listener, kinds in self._subscriptions if kinds is None or kind in kinds)
        return route

    def emit(self, time: float, source: str, kind: str, **data: Any) -> None:
        self.record(time, source, kind, data)

    def record(self, time: float, source: str, kind: str, data: dict[str, Any]) -> None:
        number = self.total
        self.total = number + 1
        if self._keep_all or kind in self._kept_kinds:
            self._recent.append((number, time, source, kind, data))
        route = self._routes.get(kind)
        if route is None:
            route = self._route(kind)
        if route:
            event = Event(time, source, kind, data)
            for listener in route:
                listener(event)
