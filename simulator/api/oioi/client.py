"""OIOI calls the simulator sends: one attempt (:class:`OioiClient`) and a delivery queue
with bounded retries and exponential back-off on 5xx (:class:`Outbox`).

Back-off waits in model time (a SimPy timeout), so in virtual time a retry
happens when the test advances the clock, and :meth:`Outbox.drain` tells a
test deterministically when every delivery has been answered or is waiting.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable

import aiohttp
import simpy

from ...model.roaming.operator import Outgoing
from .. import jsonio
from ..settled import adapter_headers

SEND_TIMEOUT_S = 10.0
MAX_ATTEMPTS = 5
BACKOFF_BASE_S = 2.0
BACKOFF_MAX_S = 300.0


@dataclass(frozen=True)
class Answer:
    status: int | None
    """HTTP status; None if no HTTP answer came (refused, timeout)."""
    body: Any = None
    retry_after: float | None = None
    error: str | None = None

    @property
    def code(self) -> int | None:
        """The result code, if the answer carried one."""
        if isinstance(self.body, dict) and isinstance(self.body.get("result"), dict):
            code = self.body["result"].get("code")
            return code if isinstance(code, int) else None
        return None

    @property
    def timed_out(self) -> bool:
        return self.status is None and (self.error or "").startswith("TimeoutError")

    @property
    def retryable(self) -> bool:
        return self.status is None or self.status >= 500


def retry_after_seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


@dataclass(frozen=True)
class CallContext:
    """What a listener to the client's requests (``trace_configs``) learns of each: the call
    and whether it is a retry (``trace_request_ctx`` of aiohttp's tracing)."""

    call: str
    retry: bool


class OioiClient:
    """HTTP POST of one call with ``Authorization: key=...``; never raises for network trouble."""

    def __init__(self, timeout: float = SEND_TIMEOUT_S) -> None:
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self.trace_configs: list[aiohttp.TraceConfig] = []
        """Listeners to every request sent over HTTP (a load run times them)."""

    async def send(self, url: str, key: str, call: str, fields: dict[str, Any], retry: bool = False) -> Answer:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout), headers=adapter_headers("oioi"),
                                                  trace_configs=self.trace_configs or None)
        body = jsonio.dumps({call: fields})
        headers = {"Authorization": f"key={key}", "Content-Type": "application/json; charset=utf-8"}
        try:
            async with self._session.post(url, data=body, headers=headers, trace_request_ctx=CallContext(call, retry)) as response:
                raw = await response.read()
                try:
                    parsed = jsonio.loads(raw) if raw else None
                except jsonio.JsonError:
                    parsed = raw.decode("utf-8", "replace")
                return Answer(response.status, parsed, retry_after_seconds(response.headers.get("Retry-After")))
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            return Answer(None, error=f"{type(error).__name__}: {error}")

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def backoff(attempt: int, retry_after: float | None) -> float:
    """Seconds before attempt ``attempt + 1``: doubling from the base, at least Retry-After."""
    delay = min(BACKOFF_MAX_S, BACKOFF_BASE_S * 2 ** (attempt - 1))
    return max(delay, retry_after or 0.0)


@dataclass
class Delivery:
    """One outgoing call and what became of it: the evidence of the CPO's traffic."""

    call: str
    fields: dict[str, Any]
    on_answer: Callable[[int | None], None] | None = None
    attempts: int = 0
    answers: list[Answer] = field(default_factory=list)
    done: bool = False

    @property
    def code(self) -> int | None:
        return self.answers[-1].code if self.answers else None

    def as_dict(self) -> dict[str, Any]:
        last = self.answers[-1] if self.answers else None
        return {
            "call": self.call,
            "fields": self.fields,
            "attempts": self.attempts,
            "done": self.done,
            "status": None if last is None else last.status,
            "code": self.code,
        }


class Outbox:
    """Deliveries to one destination, in order, one at a time (statuses must not overtake)."""

    def __init__(self, client: OioiClient, env: simpy.Environment, url: Callable[[], str | None], key: str) -> None:
        self.client, self.env, self.url, self.key = client, env, url, key
        self.log: list[Delivery] = []
        self._queue: deque[Delivery] = deque()
        self._waiting_for_time = False
        self._worker: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()
        self.closed = False

    def put(self, outgoing: Outgoing) -> Delivery:
        delivery = Delivery(outgoing.call, outgoing.fields, outgoing.on_answer)
        self.log.append(delivery)
        self._queue.append(delivery)
        if self._worker is None or self._worker.done():
            self._worker = asyncio.get_running_loop().create_task(self._run(), name="oioi-outbox")
        return delivery

    @property
    def settled(self) -> bool:
        """Nothing in flight: every delivery answered, or the head waits for model time."""
        return not self._queue or self._waiting_for_time

    @property
    def waiting(self) -> bool:
        """The head delivery waits for model time to pass (its back-off)."""
        return bool(self._queue) and self._waiting_for_time

    async def drain(self, timeout: float = 60.0) -> None:
        """Wait until :attr:`settled`."""
        async with asyncio.timeout(timeout):
            while not self.settled:
                self._changed.clear()
                await self._changed.wait()

    async def _run(self) -> None:
        while self._queue and not self.closed:
            delivery = self._queue[0]
            url = self.url()
            answer = Answer(None, error="the destination's address is not known yet") if url is None else \
                await self.client.send(url, self.key, delivery.call, delivery.fields, retry=delivery.attempts > 0)
            delivery.attempts += 1
            delivery.answers.append(answer)
            if answer.retryable and delivery.attempts < MAX_ATTEMPTS:
                await self._wait_model_time(backoff(delivery.attempts, answer.retry_after))
                continue
            self._queue.popleft()
            delivery.done = True
            if delivery.on_answer is not None:
                delivery.on_answer(None if answer.retryable else answer.code)
            self._changed.set()
        self._changed.set()

    async def _wait_model_time(self, seconds: float) -> None:
        woken = asyncio.get_running_loop().create_future()
        timer = self.env.timeout(seconds)
        timer.callbacks.append(lambda _event: woken.done() or woken.set_result(None))
        self._waiting_for_time = True
        self._changed.set()
        try:
            await woken
        finally:
            self._waiting_for_time = False

    def cancel(self) -> None:
        """The world this outbox served is gone: drop what is still queued."""
        self.closed = True
        self._queue.clear()
        if self._worker is not None:
            self._worker.cancel()
        self._changed.set()
