"""Outgoing HTTP work of the back office, in order per key, and a way to wait for all of it.

Model listeners must not block, so they queue jobs here. Jobs with the same key
(one controller, one notification rule) run one after another, so a station's
reports and a receiver's events arrive in the order they happened. ``drain``
lets an API request return only after the traffic it caused has completed:
tests wait for that deterministically instead of sleeping.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import Awaitable, Callable

LOG = logging.getLogger("chargebench.abs.outbox")
Job = Callable[[], Awaitable[None]]
MAX_DRAIN_ROUNDS = 10_000


class Outbox:
    def __init__(self) -> None:
        self._tails: dict[str, asyncio.Task[None]] = {}
        self._pending: set[asyncio.Task[None]] = set()
        self.inline = False
        """A batch run's mode: jobs wait in one queue and the drain runs them in order, each
        awaited in turn; an in-process call never suspends, so no task is ever made."""
        self._queued: deque[Job] = deque()

    def put(self, key: str, job: Job) -> None:
        if self.inline:
            self._queued.append(job)
            return
        previous = self._tails.get(key)
        task = asyncio.get_running_loop().create_task(self._run(previous, job))
        self._tails[key] = task
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    @staticmethod
    async def _run(previous: asyncio.Task[None] | None, job: Job) -> None:
        if previous is not None:
            await asyncio.wait([previous])
        await Outbox._attempt(job)

    @staticmethod
    async def _attempt(job: Job) -> None:
        try:
            await job()
        except asyncio.CancelledError:
            raise
        except Exception:  # a failed job must not stop the ones queued behind it
            LOG.exception("outgoing back-office job failed")

    @property
    def waiting(self) -> int:
        """Jobs not done yet (queued or running)."""
        return len(self._pending) + len(self._queued)

    @property
    def busy(self) -> bool:
        return bool(self._pending or self._queued)

    async def drain(self) -> bool:
        """Until nothing is queued, including jobs queued by the jobs themselves; True if
        anything was."""
        waited = bool(self._queued)
        while self._queued:
            await self._attempt(self._queued.popleft())
        for _ in range(MAX_DRAIN_ROUNDS):
            if not self._pending:
                break
            waited = True
            await asyncio.wait(list(self._pending))
        return waited

    def cancel_all(self) -> None:
        self._queued.clear()
        for task in list(self._pending):
            task.cancel()
        self._tails.clear()
