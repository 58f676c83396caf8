"""The webhook back-off schedule: in model time, one rule's deliveries in order, and the
same schedule on a real-time (scaled) clock against a real receiver on loopback."""

from __future__ import annotations

import time
from typing import Any

import simpy

from rigs.abs import AbsClient
from simulator.clock import ClockMode
from simulator.model.backoffice.notifications import ATTEMPTS, RETRY_DELAYS_S, Delivery, Notifier
from simulator.model.backoffice.registry import Registry
from simulator.runtime import Simulation
from simulator.server import SimulatorThread
from steps.backend_webhooks import SECRET, Receiver

REALTIME_FACTOR = 1000.0
REALTIME_LIMIT_S = 10.0
"""Wall-clock bound of the real-time test: the 40 model seconds it needs take 40 ms at x1000."""


def notifier_with_rule(env: simpy.Environment) -> tuple[Notifier, int]:
    registry = Registry()
    rule = registry["notificationRule"].add("system", {
        "categories": ["DEVICE_FAULTS"], "protocol": "WEBHOOK", "target": "http://127.0.0.1:9/hook",
        "secret": "s", "chargingStationId": None, "zoneId": None,
    })
    return Notifier(registry, env, lambda: int(env.now)), rule.id


def failing_sink(notifier: Notifier, env: simpy.Environment, sent: list[tuple[int, float]]) -> None:
    """A receiver that never accepts: every attempt is answered HTTP 500 at once."""
    def attempt(delivery: Delivery) -> None:
        sent.append((delivery.id, env.now))
        notifier.attempted(delivery, int(env.now), "HTTP 500", accepted=False)
    notifier.sink = attempt


def test_failed_attempts_are_retried_after_10_30_90_model_seconds_then_given_up() -> None:
    env = simpy.Environment()
    notifier, rule_id = notifier_with_rule(env)
    sent: list[tuple[int, float]] = []
    failing_sink(notifier, env, sent)
    notifier.publish("hardware.status", None, {"socketId": 1, "status": "FAILURE"})
    notifier.publish("hardware.status", None, {"socketId": 1, "status": "AVAILABLE"})
    env.run(until=1_000)
    first, second = notifier.deliveries[rule_id]
    assert RETRY_DELAYS_S == (10.0, 30.0, 90.0) and ATTEMPTS == 4
    assert sent == [(first.id, 0), (first.id, 10), (first.id, 40), (first.id, 130),
                    (second.id, 130), (second.id, 140), (second.id, 170), (second.id, 260)]
    assert (first.status, second.status) == ("FAILED", "FAILED")
    assert first.next_attempt is None and second.next_attempt is None


def test_a_deleted_rule_stops_its_retries() -> None:
    env = simpy.Environment()
    notifier, rule_id = notifier_with_rule(env)
    sent: list[tuple[int, float]] = []
    failing_sink(notifier, env, sent)
    notifier.publish("hardware.status", None, {"socketId": 1, "status": "FAILURE"})
    notifier.forget(rule_id)
    env.run(until=1_000)
    assert sent == [(1, 0)]
    assert rule_id not in notifier.deliveries


def delivered(client: AbsClient, rule_id: int) -> dict[str, Any] | None:
    """The rule's first delivery once it is settled; each request drains the outbox first."""
    reply = client.call("GET", f"/abs/frontend/notificationRule/{rule_id}/deliveries")
    assert reply.status_code == "100", reply.body
    deliveries = reply.body["deliveries"]
    return deliveries[0] if deliveries and deliveries[0]["status"] != "PENDING" else None


def test_on_a_realtime_clock_retries_follow_the_scaled_clock(webhook_receiver: Receiver) -> None:
    webhook_receiver.failures_left = 2
    sim = Simulation.from_file(seed=2026, mode=ClockMode.REALTIME, factor=REALTIME_FACTOR)
    with SimulatorThread(sim) as endpoints:
        host, cs = AbsClient(endpoints.base_url), AbsClient(endpoints.base_url)
        try:
            assert host.login("depot", "abs-depot-pw").status_code == "100"
            assert cs.login("cs", "abs-cs-pw").status_code == "100"
            rule = host.call("POST", "/abs/frontend/notificationRule", {
                "categories": "DEVICE_FAULTS", "protocol": "WEBHOOK", "target": webhook_receiver.url,
                "secret": SECRET, "chargingStationId": "1"})
            assert rule.status_code == "100", rule.body
            rule_id = rule.body["notificationRule"]["id"]
            assert cs.call("PUT", "/abs/cs/socket", {"socketId": "1", "status": "FAILURE"}).status_code == "100"
            started = time.monotonic()
            delivery = delivered(host, rule_id)
            while delivery is None and time.monotonic() - started < REALTIME_LIMIT_S:
                time.sleep(0.01)
                delivery = delivered(host, rule_id)
        finally:
            host.close()
            cs.close()
    assert delivery is not None, f"not delivered within {REALTIME_LIMIT_S} s of wall time"
    assert delivery["status"] == "DELIVERED", delivery
    times = [a["at"] for a in delivery["attempts"]]
    gaps = [later - earlier for earlier, later in zip(times, times[1:])]
    assert [a["outcome"] for a in delivery["attempts"]] == ["HTTP 500", "HTTP 500", "HTTP 202"]
    for gap, delay in zip(gaps, RETRY_DELAYS_S):
        # never early; late only by the failed answer's round trip, scaled (milliseconds of wall time)
        assert delay <= gap < 2 * delay + 10, f"attempts at {times} (unix, model time)"
    assert all(r["signed"] for r in webhook_receiver.received)
