"""A webhook receiver in the test: a real aiohttp server on loopback that records
what the back office posts, checks its signature and can fail on purpose."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any, Iterator
from urllib.parse import quote

import pytest
from aiohttp import web
from pytest_bdd import given, parsers, then

from rigs.aio import LoopThread

from .backend import send
from .context import Scenario

SECRET = "receiver-secret"


@dataclass
class Receiver:
    url: str = ""
    failures_left: int = 0
    received: list[dict[str, Any]] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        raw = await request.read()
        expected = hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
        self.received.append({
            "signed": hmac.compare_digest(request.headers.get("X-Signature", ""), expected),
            "body": json.loads(raw), "answered": 500 if self.failures_left else 202,
        })
        if self.failures_left:
            self.failures_left -= 1
            return web.Response(status=500)
        return web.Response(status=202)

    @property
    def accepted(self) -> list[dict[str, Any]]:
        return [r["body"] for r in self.received if r["answered"] == 202]


@pytest.fixture
def webhook_receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    loop = LoopThread.shared()

    async def start() -> web.AppRunner:
        app = web.Application()
        app.router.add_post("/hook", receiver.handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        receiver.url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
        return runner

    runner = loop.run(start(), timeout=10)
    yield receiver
    loop.run(runner.cleanup(), timeout=10)


@given(parsers.parse('a webhook receiver for "{categories}" that fails {failures:d} times'))
@given(parsers.parse('a webhook receiver for "{categories}"'))
def receiver_rule(scenario: Scenario, webhook_receiver: Receiver, categories: str, failures: int = 0) -> None:
    webhook_receiver.failures_left = failures
    query = f"categories={categories}&protocol=WEBHOOK&target={quote(webhook_receiver.url, safe='')}&secret={SECRET}&chargingStationId=1"
    reply = send(scenario, "POST", "/abs/frontend/notificationRule", query)
    assert reply.status_code == "100", reply.body
    scenario.values["rule"] = reply.body["notificationRule"]["id"]


def settled(scenario: Scenario) -> list[dict[str, Any]]:
    """The rule's deliveries; asking the back office waits for its outgoing traffic first."""
    reply = send(scenario, "GET", f"/abs/frontend/notificationRule/{scenario.values['rule']}/deliveries")
    assert reply.status_code == "100", reply.body
    return reply.body["deliveries"]


@then(parsers.parse('the receiver got the events "{events}" in this order, each signed'))
def events_in_order(scenario: Scenario, webhook_receiver: Receiver, events: str) -> None:
    settled(scenario)
    bodies = webhook_receiver.accepted
    assert all(r["signed"] for r in webhook_receiver.received), "a delivery had a wrong X-Signature"
    seen = [b["event"] for b in bodies]
    wanted = [e.strip() for e in events.split(",")]
    compact = [e for i, e in enumerate(seen) if i == 0 or seen[i - 1] != e or e != "session.meterValues"]
    assert compact == wanted, f"events were {seen}"
    assert [b["sequence"] for b in bodies] == list(range(1, len(bodies) + 1)), "deliveries out of order"


@then(parsers.parse('the "{event}" event carries {field} = {value}'))
def event_carries(webhook_receiver: Receiver, event: str, field: str, value: str) -> None:
    body = next(b for b in reversed(webhook_receiver.accepted) if b["event"] == event)
    assert body["data"][field] == json.loads(value), f"{event}: {json.dumps(body['data'])}"


@then(parsers.parse("the receiver was called {count:d} times for one delivery that is recorded as delivered on attempt {attempt:d}"))
def retried(scenario: Scenario, webhook_receiver: Receiver, count: int, attempt: int) -> None:
    delivery = settled(scenario)[0]
    assert len(webhook_receiver.received) == count, webhook_receiver.received
    assert len({r["body"]["id"] for r in webhook_receiver.received}) == 1
    assert delivery["status"] == "DELIVERED" and len(delivery["attempts"]) == attempt, delivery
    assert [a["outcome"] for a in delivery["attempts"]] == ["HTTP 500"] * (attempt - 1) + ["HTTP 202"]
