"""Delivers WEBHOOK notifications: one signed HTTP POST per attempt, 202 expected.

The notifier (model) decides when an attempt is due and retries in model time;
this sender only makes the attempt through the outbox (so a request's drain
waits for it) and reports the outcome with the model time it was made at.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from typing import Callable

import aiohttp

from ...clock import SimClock
from ...model.backoffice.notifications import Delivery, Notifier
from .outbox import Outbox

TIMEOUT_S = 5.0
SIGNATURE_HEADER = "X-Signature"


def signature(secret: str, body: bytes) -> str:
    """HMAC-SHA256 of the raw body, hex: what a receiver recomputes to trust a delivery."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookSender:
    def __init__(self, clock: SimClock, outbox: Outbox, http: Callable[[], aiohttp.ClientSession]) -> None:
        self.clock = clock
        self.outbox = outbox
        self.http = http
        self.notifier: Notifier | None = None

    def attach(self, notifier: Notifier) -> None:
        self.notifier = notifier
        notifier.sink = self.send

    def send(self, delivery: Delivery) -> None:
        notifier = self.notifier
        assert notifier is not None
        self.outbox.put(f"rule:{delivery.rule_id}", lambda: self._attempt(notifier, delivery))

    async def _attempt(self, notifier: Notifier, delivery: Delivery) -> None:
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: signature(delivery.secret, delivery.body),
            "X-Event": delivery.event,
        }
        self.clock.sync()
        at = notifier.unix_now()
        try:
            async with self.http().post(delivery.target, data=delivery.body, headers=headers,
                                        timeout=aiohttp.ClientTimeout(total=TIMEOUT_S)) as response:
                outcome, accepted = f"HTTP {response.status}", response.status == 202
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            outcome, accepted = f"{type(error).__name__}: {error}", False
        self.clock.sync()
        notifier.attempted(delivery, at, outcome, accepted)
        self.clock.settle()
