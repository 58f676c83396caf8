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
from typing import Awaitable, Callable

LOG = logging.getLogger("chargebench.abs.outbox")
Job = Callable[[], Awaitable[None]]
MAX_DRAIN_ROUNDS = 10_000


class Outbox:
    def __init__(self) -> None:
        self._tails: dict[str, asyncio.Task[None]] = {}
        self._pending: set[asyncio.Task[None]] = set()

    def put(self, key: str, job: Job) -> None:
        previous = self._tails.get(key)
        task = asyncio.get_running_loop().create_task(self._run(previous, job))
        self._tails[key] = task
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    @staticmethod
    async def _run(previous: asyncio.Task[None] | None, job: Job) -> None:
        if previous is not None:
            await asyncio.wait([previous])
        try:
            await job()
        except asyncio.CancelledError:
            raise
        except Exception:  # a failed job must not stop the ones queued behind it
            LOG.exception("outgoing back-office job failed")

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    async def drain(self) -> bool:
        """Until nothing is queued, including jobs queued by the jobs themselves; True if
        anything was."""
        waited = False
        for _ in range(MAX_DRAIN_ROUNDS):
            if not self._pending:
                break
            waited = True
            await asyncio.wait(list(self._pending))
        return waited

    def cancel_all(self) -> None:
        for task in list(self._pending):
            task.cancel()
        self._tails.clear()
