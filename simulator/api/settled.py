"""Every request sees the world after the adapters' outgoing traffic has completed.

A change may come in any way (controller REST, NFC, the serial instrument,
sim-control, ABS, OIOI) and make adapters send HTTP requests: station reports to
``/abs/cs``, the roaming CPO's ``rfid-verify``, webhooks.  Draining that traffic
before and after each request, instead of sleeping, gives every client a
consistent world.  The adapters' own requests into this server carry
:data:`ADAPTER_HEADER` and pass straight through: waiting there would wait for
the very job that sends them.
"""

from __future__ import annotations

from typing import Awaitable, Callable

from aiohttp import web

from ..runtime import Simulation

ADAPTER_HEADER = "X-Chargebench-Adapter"


def adapter_headers(adapter: str) -> dict[str, str]:
    """Default headers of an adapter's HTTP client session."""
    return {ADAPTER_HEADER: adapter}


def settled_around(sim: Simulation) -> Callable[..., Awaitable[web.StreamResponse]]:
    """Middleware: drain every adapter before the handler (the request sees the effects
    of earlier changes, including what an adapter held back) and after it (the reply comes
    once its own effects went out)."""

    @web.middleware
    async def middleware(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
        if ADAPTER_HEADER in request.headers:
            return await handler(request)
        if sim.handing_over() or sim.io_pending():  # checked first: most requests find nothing to wait for
            await sim.drain_io()
        response = await handler(request)
        if sim.io_pending():
            await sim.drain_io()
        return response

    return middleware
