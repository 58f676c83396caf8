"""Platform events (spec 003) matched against notification rules, with a record of every delivery.

The model decides what is delivered to whom, when each attempt is due and
keeps the record; an adapter outside the model does the sending (``sink``) and
reports each attempt back. A WEBHOOK delivery that fails is retried after
``RETRY_DELAYS_S`` of *model* time (a SimPy timeout, so in virtual time the
retry happens when the clock is advanced), and one rule's deliveries go out one
at a time, in order: a later event waits behind a delivery that is backing off.
EMAIL and AMQP deliveries are recorded (status STORED) with the same payload,
but not sent: the simulator has no mail server or broker.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable

import simpy

from .access import SYSTEM_CALLER, Caller
from .authentication import caller_of
from .registry import Derived, Entry, Registry

RETRY_DELAYS_S = (10.0, 30.0, 90.0)
"""Model seconds from a failed attempt to the next one; after attempt 4 fails, the delivery is FAILED."""
ATTEMPTS = len(RETRY_DELAYS_S) + 1

EVENTS: dict[str, tuple[str, str]] = {
    "session.start": ("CHARGING_SESSIONS", "session"),
    "session.stop": ("CHARGING_SESSIONS", "session"),
    "session.update": ("CHARGING_SESSIONS", "session"),
    "session.meterValues": ("CHARGING_SESSIONS", "session"),
    "hardware.status": ("DEVICE_FAULTS", "socket"),
    "network.status": ("DEVICE_WARNINGS", "device"),
    "boot.notification": ("DEVICE_WARNINGS", "device"),
    "reservation.status": ("SERVER_OPERATIONS", "reservation"),
    "user.balanceChanged": ("SERVER_OPERATIONS", "account"),
    "smartgrid.applied": ("SMARTGRID", "smartgrid"),
    "server.login": ("SERVER_LOGINS", "user"),
}
"""event -> (the category a rule subscribes to, the resource of the access table whose
GET the rule's owner needs to receive it)."""


@dataclass
class Delivery:
    id: int
    rule_id: int
    sequence: int
    event: str
    protocol: str
    target: str
    secret: str
    body: bytes
    created: int
    status: str = "PENDING"
    attempts: list[dict[str, Any]] = field(default_factory=list)
    next_attempt: int | None = None
    """Unix time the next attempt is due while the delivery backs off."""

    def view(self) -> dict[str, Any]:
        return {
            "id": self.id, "ruleId": self.rule_id, "sequence": self.sequence, "event": self.event,
            "protocol": self.protocol, "target": self.target, "status": self.status, "created": self.created,
            "attempts": list(self.attempts), "nextAttempt": self.next_attempt, "payload": json.loads(self.body),
        }


class Notifier:
    def __init__(self, registry: Registry, env: simpy.Environment, unix_now: Callable[[], int]) -> None:
        self.registry = registry
        self.env = env
        self.unix_now = unix_now
        self.deliveries: dict[int, list[Delivery]] = {}
        self.sink: Callable[[Delivery], None] | None = None
        """Makes one attempt of a WEBHOOK delivery and reports it through :meth:`attempted`."""
        self._queues: dict[int, deque[Delivery]] = {}
        """Per rule, the WEBHOOK deliveries not yet settled; the head is the one being attempted."""
        self._next_id = 1
        self._next_event = 1
        self._rules: Derived[str, list[Entry]] = Derived(registry["notificationRule"])
        """The rules of each category, until the rules' table changes."""

    def _subscribers(self, event: str) -> list[Entry]:
        """The rules that subscribe to ``event``'s category, whoever may see it."""
        rules = self._rules.get(EVENTS[event][0], self._rules_of)
        assert rules is not None
        return rules

    def _rules_of(self, category: str) -> list[Entry]:
        return [rule for rule in self.registry["notificationRule"].rows.values() if category in rule["categories"]]

    def subscribed(self, event: str) -> bool:
        return bool(self._subscribers(event))

    def publish(self, event: str, station_id: int | None, data: dict[str, Any], owner: str | None = None) -> None:
        """Deliver ``event`` to every rule that subscribes to it and whose owner may see it:
        the tenant of its station (or ``owner`` for an event of no station)."""
        resource = EVENTS[event][1]
        rules = self._subscribers(event)
        if not rules:
            return  # an event no rule subscribes to gets no id: ids do not depend on when unheard events happen
        event_id, self._next_event = self._next_event, self._next_event + 1
        zone_id = None
        station = self.registry["chargingStation"].get(station_id) if station_id is not None else None
        if station is not None:
            zone_id, owner = station["zoneId"], station.owner
        for rule in rules:
            reader = self._caller(rule.owner)
            if reader is None or not reader.access(resource, "GET").sees(owner or SYSTEM_CALLER.username):
                continue
            if rule["chargingStationId"] is not None and rule["chargingStationId"] != station_id:
                continue
            if rule["zoneId"] is not None and rule["zoneId"] != zone_id:
                continue
            self._deliver(rule.id, rule.values, event_id, event, data)

    def _caller(self, username: str) -> Caller | None:
        """The rule owner as it is now (a revoked role stops its deliveries); None if deleted."""
        if username == SYSTEM_CALLER.username:
            return SYSTEM_CALLER
        user = next((u for u in self.registry["user"] if u["username"] == username), None)
        return caller_of(user) if user is not None else None

    def _deliver(self, rule_id: int, rule: dict[str, Any], event_id: int, event: str, data: dict[str, Any]) -> None:
        """Records one delivery; its payload is the same for every protocol and every rule
        (``id`` names the event, so a receiver can tell a retry from a new event), but for
        ``sequence``, which counts the rule's own deliveries."""
        log = self.deliveries.setdefault(rule_id, [])
        now = self.unix_now()
        payload = {"id": event_id, "event": event, "timestamp": now, "sequence": len(log) + 1, "data": data}
        delivery = Delivery(
            self._next_id, rule_id, len(log) + 1, event, rule["protocol"], rule["target"], rule.get("secret") or "",
            json.dumps(payload, separators=(",", ":"), sort_keys=True).encode(), now,
        )
        self._next_id += 1
        log.append(delivery)
        if delivery.protocol != "WEBHOOK":
            delivery.status = "STORED"
            return
        queue = self._queues.setdefault(rule_id, deque())
        queue.append(delivery)
        if len(queue) == 1:
            self._attempt(delivery)

    def _attempt(self, delivery: Delivery) -> None:
        delivery.next_attempt = None
        if self.sink is not None:
            self.sink(delivery)

    def attempted(self, delivery: Delivery, at: int, outcome: str, accepted: bool) -> None:
        """The sender's report of one attempt made at unix time ``at`` (HTTP status or error)."""
        delivery.attempts.append({"attempt": len(delivery.attempts) + 1, "at": at, "outcome": outcome})
        if accepted or len(delivery.attempts) == ATTEMPTS:
            delivery.status = "DELIVERED" if accepted else "FAILED"
            self._settled(delivery)
            return
        delay = RETRY_DELAYS_S[len(delivery.attempts) - 1]
        delivery.next_attempt = self.unix_now() + int(delay)
        self.env.timeout(delay).callbacks.append(lambda _event: self._retry(delivery))

    def _retry(self, delivery: Delivery) -> None:
        queue = self._queues.get(delivery.rule_id)
        if queue and queue[0] is delivery:
            self._attempt(delivery)

    def _settled(self, delivery: Delivery) -> None:
        queue = self._queues.get(delivery.rule_id)
        if not queue or queue[0] is not delivery:
            return
        queue.popleft()
        if queue:
            self._attempt(queue[0])

    def forget(self, rule_id: int) -> None:
        """The rule is gone: its record, and any delivery still waiting, go with it."""
        self.deliveries.pop(rule_id, None)
        self._queues.pop(rule_id, None)
