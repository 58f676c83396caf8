"""The simulator's HTTP process: every API of one :class:`Simulation` on one port.

``SimulatorThread`` runs it on its own event loop in a background thread, so a
test session or a benchmark can start it in-process and still talk to it only
over real loopback sockets.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from typing import Mapping

from aiohttp import web

from .api.controller import rest as controller_rest
from .api.controller.rest import controller_routes
from .api.oioi import service as oioi_service
from .api.sim.app import http_error as sim_http_error, sim_app_routes
from .api.sim.nfc import install_nfc
from .devices.nfc_tags import NfcTags
from .devices.ports import open_instruments
from .api.abs.app import ABS_LINKS, http_error as abs_http_error, mount as mount_abs
from .api.oioi.service import OIOI, mount as mount_oioi
from .api.settled import settled_around
from .clock import ClockMode
from .api.web_json import json_errors
from .runtime import Simulation

MAX_BODY_BYTES = 1024 * 1024
MAX_REQUEST_LINE_BYTES = 128 * 1024
"""Room for a 4000-character query even percent-encoded, so the API (not aiohttp) answers its limit."""
ERROR_SHAPES = (
    ("/cp/", controller_rest.http_error),
    (controller_rest.OPENAPI_PATH, controller_rest.http_error),
    ("/abs/", abs_http_error),
    ("/openapi/abs", abs_http_error),
    ("/api/v4/", oioi_service.http_error),
    ("/cpo/api/v4/", oioi_service.http_error),
)
"""Which API's error shape answers what aiohttp refuses on a path; anything else, sim-control's."""


def build_app(sim: Simulation, nfc_tags: NfcTags | None = None) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY_BYTES, handler_args={"max_line_size": MAX_REQUEST_LINE_BYTES},
                          middlewares=[json_errors(ERROR_SHAPES, sim_http_error), settled_around(sim)])
    app.add_routes(controller_routes(sim.dispatcher))
    app.add_routes(sim_app_routes(sim))
    app[ABS_LINKS] = mount_abs(app, sim)
    app[OIOI] = mount_oioi(app, sim)
    if nfc_tags is not None:
        install_nfc(app, nfc_tags)
    return app


@dataclass(frozen=True)
class Endpoints:
    base_url: str
    instrument_ptys: dict[str, str] = field(default_factory=dict)
    """Controller id -> the pty path of its EV bench instrument."""
    instrument_tcp: dict[str, str] = field(default_factory=dict)
    """Controller id -> host:port of the same instrument (``socket://``)."""
    nfc_readers: dict[str, str] = field(default_factory=dict)
    """Controller id -> the PC/SC reader (vpcd slot) its NFC tag sits on."""

    def controller_url(self, cp_id: str) -> str:
        """What a rig file calls the controller URL: ``{it}/v1/login`` etc."""
        return f"{self.base_url}/cp/{cp_id}"

    @property
    def sim_url(self) -> str:
        return f"{self.base_url}/sim"


async def start(
    sim: Simulation, host: str = "127.0.0.1", port: int = 0, nfc: Mapping[str, int] | None = None,
    in_process: bool | None = None,
) -> tuple[web.AppRunner, Endpoints]:
    """``nfc`` puts controllers' NFC tags on vpcd slots: ``{"CP-1": 35963}``. ``in_process``:
    the stations' reports and the roaming calls to this process's own back office and hub skip
    the socket, as in ``chargebench run``; by default for a fleet in virtual time, where nothing
    but sim-control moves the clock and every adapter completes its traffic at the instant
    that caused it either way (``tests/test_fleet_equivalence.py`` compares both)."""
    nfc_tags = NfcTags(sim, nfc) if nfc else None
    app = build_app(sim, nfc_tags)
    instruments = await open_instruments(sim, host)
    app.on_cleanup.append(lambda _app: instruments.close())
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0]
    sim.clock.start()
    readers = nfc_tags.readers if nfc_tags else {}
    if in_process is None:
        in_process = sim.clock.mode is ClockMode.VIRTUAL and sim.world.fleet is not None
    if in_process:
        app[ABS_LINKS].in_process()
        app[OIOI].in_process()
    else:
        app[ABS_LINKS].listening(f"http://{host}:{bound[1]}", own=True)
        app[OIOI].listening(f"http://{host}:{bound[1]}")
    return runner, Endpoints(f"http://{host}:{bound[1]}", instruments.pty_paths, instruments.tcp_addresses, readers)


class SimulatorThread:
    """A simulator on a private event loop; ``with SimulatorThread(sim) as endpoints: ...``."""

    def __init__(self, sim: Simulation, host: str = "127.0.0.1", port: int = 0, nfc: Mapping[str, int] | None = None,
                 in_process: bool | None = None) -> None:
        self.sim = sim
        self.host, self.port = host, port
        self.nfc = nfc
        self.in_process = in_process
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="simulator", daemon=True)
        self._runner: web.AppRunner | None = None
        self.endpoints: Endpoints | None = None

    def __enter__(self) -> Endpoints:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(start(self.sim, self.host, self.port, self.nfc, self.in_process), self.loop)
        self._runner, self.endpoints = future.result(timeout=30)
        return self.endpoints

    @property
    def app(self) -> web.Application:
        """The running server's application (its adapters: ``app[ABS_LINKS]``, ``app[OIOI]``)."""
        assert self._runner is not None, "the simulator is not running"
        return self._runner.app

    def call(self, fn, *args):  # type: ignore[no-untyped-def]
        """Run ``fn`` on the simulator's loop, the only thread allowed to touch the model."""
        async def run():  # type: ignore[no-untyped-def]
            return fn(*args)

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(timeout=30)

    def __exit__(self, *exc: object) -> None:
        async def shutdown() -> None:
            await self.sim.clock.stop()
            if self._runner is not None:
                await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()
