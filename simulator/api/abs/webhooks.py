"""Delivers WEBHOOK notifications: signed HTTP POSTs, 202 expected, bounded retries.

Retries back off in *real* time (0.05 s, 0.1 s, 0.2 s: four attempts in all),
short enough that a request's drain waits for them and tests stay fast; each
attempt is recorded with the model time it happened at.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from typing import Callable

import aiohttp

from ...model.backoffice.notifications import Delivery, Notifier
from .outbox import Outbox

ATTEMPTS = 4
FIRST_BACKOFF_S = 0.05
TIMEOUT_S = 5.0
SIGNATURE_HEADER = "X-Signature"


def signature(secret: str, body: bytes) -> str:
    """HMAC-SHA256 of the raw body, hex: what a receiver recomputes to trust a delivery."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookSender:
    def __init__(self, outbox: Outbox, http: Callable[[], aiohttp.ClientSession]) -> None:
        self.outbox = outbox
        self.http = http
        self.notifier: Notifier | None = None

    def attach(self, notifier: Notifier) -> None:
        self.notifier = notifier
        notifier.sink = self.send

    def send(self, delivery: Delivery) -> None:
        notifier = self.notifier
        assert notifier is not None
        self.outbox.put(f"rule:{delivery.rule_id}", lambda: self._deliver(notifier, delivery))

    async def _deliver(self, notifier: Notifier, delivery: Delivery) -> None:
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: signature(delivery.secret, delivery.body),
            "X-Event": delivery.event,
        }
        for attempt in range(1, ATTEMPTS + 1):
            try:
                async with self.http().post(delivery.target, data=delivery.body, headers=headers,
                                            timeout=aiohttp.ClientTimeout(total=TIMEOUT_S)) as response:
                    outcome, accepted = f"HTTP {response.status}", response.status == 202
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
                outcome, accepted = f"{type(error).__name__}: {error}", False
            notifier.attempted(delivery, outcome, accepted, final=attempt == ATTEMPTS)
            if accepted:
                return
            if attempt < ATTEMPTS:
                await asyncio.sleep(FIRST_BACKOFF_S * 2 ** (attempt - 1))
