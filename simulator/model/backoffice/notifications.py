"""Platform events (spec 003) matched against notification rules, with a record of every delivery.

The model decides what is delivered to whom and keeps the record; an adapter
outside the model does the sending (``sink``) and reports each attempt back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

from .registry import Registry

EVENT_CATEGORIES = {
    "session.start": "CHARGING_SESSIONS",
    "session.stop": "CHARGING_SESSIONS",
    "session.update": "CHARGING_SESSIONS",
    "session.meterValues": "CHARGING_SESSIONS",
    "hardware.status": "DEVICE_FAULTS",
    "network.status": "DEVICE_WARNINGS",
    "reservation.status": "SERVER_OPERATIONS",
    "smartgrid.applied": "SMARTGRID",
    "server.login": "SERVER_LOGINS",
}


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

    def view(self) -> dict[str, Any]:
        return {
            "id": self.id, "ruleId": self.rule_id, "sequence": self.sequence, "event": self.event,
            "protocol": self.protocol, "target": self.target, "status": self.status, "created": self.created,
            "attempts": list(self.attempts), "payload": json.loads(self.body),
        }


class Notifier:
    def __init__(self, registry: Registry, unix_now: Callable[[], int]) -> None:
        self.registry = registry
        self.unix_now = unix_now
        self.deliveries: dict[int, list[Delivery]] = {}
        self.sink: Callable[[Delivery], None] | None = None
        self._next_id = 1

    def publish(self, event: str, station_id: int | None, data: dict[str, Any]) -> None:
        category = EVENT_CATEGORIES[event]
        zone_id = None
        if station_id is not None:
            station = self.registry["chargingStation"].get(station_id)
            zone_id = station["zoneId"] if station else None
        for rule in self.registry["notificationRule"]:
            if category not in rule["categories"]:
                continue
            if rule["chargingStationId"] is not None and rule["chargingStationId"] != station_id:
                continue
            if rule["zoneId"] is not None and rule["zoneId"] != zone_id:
                continue
            self._deliver(rule.id, rule.values, event, data)

    def _deliver(self, rule_id: int, rule: dict[str, Any], event: str, data: dict[str, Any]) -> None:
        log = self.deliveries.setdefault(rule_id, [])
        now = self.unix_now()
        payload = {"id": self._next_id, "event": event, "timestamp": now, "sequence": len(log) + 1, "data": data}
        delivery = Delivery(
            self._next_id, rule_id, len(log) + 1, event, rule["protocol"], rule["target"], rule.get("secret") or "",
            json.dumps(payload, separators=(",", ":"), sort_keys=True).encode(), now,
        )
        self._next_id += 1
        log.append(delivery)
        if delivery.protocol != "WEBHOOK":
            delivery.status = "STORED"
        elif self.sink is not None:
            self.sink(delivery)

    def attempted(self, delivery: Delivery, outcome: str, accepted: bool, final: bool) -> None:
        """The sender's report of one attempt (HTTP status or error)."""
        delivery.attempts.append({"attempt": len(delivery.attempts) + 1, "at": self.unix_now(), "outcome": outcome})
        if accepted:
            delivery.status = "DELIVERED"
        elif final:
            delivery.status = "FAILED"

    def forget(self, rule_id: int) -> None:
        self.deliveries.pop(rule_id, None)
