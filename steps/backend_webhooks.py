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
    scenario.values["rule"] = create_rule(scenario, categories, "WEBHOOK", webhook_receiver.url, SECRET)


@given(parsers.parse('a webhook receiver for "{categories}" without a station filter'))
def receiver_rule_everywhere(scenario: Scenario, webhook_receiver: Receiver, categories: str) -> None:
    scenario.values["rule"] = create_rule(scenario, categories, "WEBHOOK", webhook_receiver.url, SECRET, station=None)


@given(parsers.parse('a notification rule for "{categories}" by {protocol} to "{target}"'))
def stored_rule(scenario: Scenario, categories: str, protocol: str, target: str) -> None:
    scenario.values[f"{protocol} rule"] = create_rule(scenario, categories, protocol, target)


def create_rule(scenario: Scenario, categories: str, protocol: str, target: str, secret: str | None = None,
                station: int | None = 1) -> int:
    """A rule for one station's events (station 1 unless told), or for all; returns its id."""
    query = f"categories={categories}&protocol={protocol}&target={quote(target, safe='')}"
    query += f"&chargingStationId={station}" if station is not None else ""
    reply = send(scenario, "POST", "/abs/frontend/notificationRule", query + (f"&secret={secret}" if secret else ""))
    assert reply.status_code == "100", reply.body
    rule_id: int = reply.body["notificationRule"]["id"]
    return rule_id


def settled(scenario: Scenario, rule_key: str = "rule") -> list[dict[str, Any]]:
    """The rule's deliveries; asking the back office waits for its outgoing traffic first."""
    reply = send(scenario, "GET", f"/abs/frontend/notificationRule/{scenario.values[rule_key]}/deliveries")
    assert reply.status_code == "100", reply.body
    deliveries: list[dict[str, Any]] = reply.body["deliveries"]
    return deliveries


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


@then(parsers.parse('the receiver got the socket statuses "{statuses}", each a new event'))
def statuses_once(scenario: Scenario, webhook_receiver: Receiver, statuses: str) -> None:
    settled(scenario)
    bodies = [b for b in webhook_receiver.accepted if b["event"] == "hardware.status"]
    assert [b["data"]["status"] for b in bodies] == [s.strip() for s in statuses.split(",")], bodies
    assert len({b["id"] for b in bodies}) == len(bodies), bodies


@then(parsers.parse('the "{event}" event carries {field} = {value}'))
def event_carries(webhook_receiver: Receiver, event: str, field: str, value: str) -> None:
    body = next(b for b in reversed(webhook_receiver.accepted) if b["event"] == event)
    assert body["data"][field] == json.loads(value), f"{event}: {json.dumps(body['data'])}"


@then(parsers.re(r"the receiver was called (?P<count>\d+) times?(?P<same>, always with the same event)?$"))
def receiver_calls(scenario: Scenario, webhook_receiver: Receiver, count: str, same: str | None) -> None:
    settled(scenario)
    assert len(webhook_receiver.received) == int(count), [r["body"] for r in webhook_receiver.received]
    if same:
        assert len({r["body"]["id"] for r in webhook_receiver.received}) == 1, webhook_receiver.received


@then(parsers.parse("delivery {index:d} waits for attempt {attempt:d}, due {seconds:d} seconds after the last"))
def waits_for_retry(scenario: Scenario, index: int, attempt: int, seconds: int) -> None:
    delivery = settled(scenario)[index - 1]
    assert delivery["status"] == "PENDING" and len(delivery["attempts"]) == attempt - 1, delivery
    assert delivery["nextAttempt"] == delivery["attempts"][-1]["at"] + seconds, delivery


@then(parsers.parse("delivery {index:d} is {status} after these attempts:"))
def attempts_of(scenario: Scenario, index: int, status: str, datatable: list[list[str]]) -> None:
    """Rows: attempt, seconds after the event (model time), outcome."""
    delivery = settled(scenario)[index - 1]
    seen = [[str(a["attempt"]), str(a["at"] - delivery["created"]), a["outcome"]] for a in delivery["attempts"]]
    assert (delivery["status"], seen) == (status, datatable[1:]), delivery
    assert delivery["nextAttempt"] is None, delivery


@then(parsers.parse("the {protocol} rule recorded the events the receiver got, with the same payloads, STORED and never sent"))
def stored_like_the_webhook(scenario: Scenario, webhook_receiver: Receiver, protocol: str) -> None:
    settled(scenario)
    deliveries = settled(scenario, f"{protocol} rule")
    assert webhook_receiver.accepted, "the receiver got nothing to compare with"
    assert [d["payload"] for d in deliveries] == webhook_receiver.accepted
    assert {(d["protocol"], d["status"]) for d in deliveries} == {(protocol, "STORED")}, deliveries
    assert all(d["attempts"] == [] for d in deliveries), deliveries
