"""Sim-control: what no real device offers (virtual time, the whole world, shortcuts).

Steps that use it declare the ``sim-only`` capability; the bench instrument
takes over plugging and tapping on real rigs.
"""

from __future__ import annotations

import math
from typing import Any, Awaitable, Callable

from aiohttp import web

from ...clock import ClockError
from ...model.controller import Controller, ModelError
from ...model.ev import EvSpec
from ...model.events import TraceLevel
from ...model.faults import Level
from ...model.fleet import Fleet
from ...run.results import collect
from ...runtime import Simulation
from .. import jsonio
from ..web_json import json_response

MAX_ADVANCE_S = 366 * 86400.0
"""One call moves at most a year: a typo must not hang the server."""

EV_FIELDS: dict[str, tuple[str, type]] = {
    "capacityWh": ("capacity_wh", float),
    "soc": ("soc", float),
    "maxCurrent": ("max_current_a", float),
    "phases": ("phases", int),
    "cableRating": ("cable_rating_a", float),
    "transitionSoc": ("transition_soc", float),
    "fullSoc": ("full_soc", float),
    "targetSoc": ("target_soc", float),
    "name": ("name", str),
    "evccid": ("evccid", str),
}


class SimInputError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _json(status: int, body: Any) -> web.Response:
    return json_response(body, status)


def http_error(status: int, message: str) -> web.Response:
    """Sim-control's error shape, also for what aiohttp refuses itself (404, 405, 413)."""
    return json_response({"error": message}, status)


async def _body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        body = jsonio.loads(raw)
    except jsonio.JsonError as error:
        raise SimInputError(400, str(error)) from None
    if not isinstance(body, dict):
        raise SimInputError(400, "body must be a JSON object")
    return body


def ev_spec_from(body: dict[str, Any]) -> EvSpec:
    unknown = set(body) - set(EV_FIELDS)
    if unknown:
        raise SimInputError(400, f"unknown EV field '{sorted(unknown)[0]}'; known: {', '.join(EV_FIELDS)}")
    kwargs: dict[str, Any] = {}
    for wire, (attr, kind) in EV_FIELDS.items():
        if wire not in body:
            continue
        value = body[wire]
        ok = isinstance(value, str) if kind is str else isinstance(value, (int, float)) and not isinstance(value, bool)
        if kind is int and not isinstance(value, int):
            ok = False
        if not ok or (kind is not str and not math.isfinite(value)):
            raise SimInputError(400, f"EV field '{wire}' must be a {kind.__name__}")
        kwargs[attr] = value
    try:
        return EvSpec(**kwargs)
    except ValueError as error:
        raise SimInputError(400, str(error)) from None


Handler = Callable[[web.Request], Awaitable[web.Response]]


def sim_app_routes(sim: Simulation) -> list[web.RouteDef]:
    def controller(request: web.Request) -> Controller:
        cp = sim.controller(request.match_info["cp_id"])
        if cp is None:
            raise SimInputError(404, f"unknown controller '{request.match_info['cp_id']}'")
        return cp

    def guarded(handler: Handler) -> Handler:
        async def run(request: web.Request) -> web.Response:
            sim.clock.sync()
            try:
                response = await handler(request)
            except SimInputError as error:
                return _json(error.status, {"error": str(error)})
            except ModelError as error:
                return _json(409, {"error": str(error)})
            except ClockError as error:
                return _json(409, {"error": str(error)})
            sim.clock.settle()
            return response

        return run

    def clock_view() -> dict[str, Any]:
        c = sim.clock
        return {"mode": str(c.mode), "factor": c.factor, "now": c.now, "time": c.isoformat()}

    async def get_state(request: web.Request) -> web.Response:
        return _json(200, sim.world.state())

    async def get_clock(request: web.Request) -> web.Response:
        return _json(200, clock_view())

    async def advance(request: web.Request) -> web.Response:
        seconds = (await _body(request)).get("seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 <= seconds <= MAX_ADVANCE_S:
            raise SimInputError(400, f"'seconds' must be a number from 0 to {MAX_ADVANCE_S:.0f}")
        await sim.advance(float(seconds))
        return _json(200, clock_view())

    async def reset(request: web.Request) -> web.Response:
        sim.reset()
        return _json(200, clock_view())

    async def plug(request: web.Request) -> web.Response:
        cp = controller(request)
        cp.plug(ev_spec_from(await _body(request)))
        return _json(200, cp.system_state())

    async def unplug(request: web.Request) -> web.Response:
        cp = controller(request)
        cp.unplug()
        return _json(200, cp.system_state())

    async def power_cycle(request: web.Request) -> web.Response:
        cp = controller(request)
        cp.power_cycle()
        return _json(200, cp.system_state())

    async def raise_fault(request: web.Request) -> web.Response:
        cp = controller(request)
        body = await _body(request)
        level, code, message = body.get("level"), body.get("code"), body.get("message", "")
        if level not in ("error", "warning"):
            raise SimInputError(400, "'level' must be 'error' or 'warning'")
        if not isinstance(code, str) or not 0 < len(code) <= 64 or not isinstance(message, str) or len(message) > 255:
            raise SimInputError(400, "'code' must be a string of 1 to 64 characters, 'message' one of at most 255")
        if not cp.raise_fault(Level(level), code, message):
            raise SimInputError(409, "too many faults: clear some first")
        return _json(200, cp.system_state())

    async def clear_faults(request: web.Request) -> web.Response:
        cleared = controller(request).clear_faults(request.query.get("code"))
        return _json(200, {"cleared": cleared})

    async def tag(request: web.Request) -> web.Response:
        cp = controller(request)
        uid = (await _body(request)).get("tag")
        if not isinstance(uid, str) or not uid or len(uid) > 64:
            raise SimInputError(400, "'tag' must be a non-empty string of at most 64 characters")
        state = cp.present_tag(uid)
        return _json(200, {"authState": str(state)})

    def fleet() -> Fleet:
        if sim.world.fleet is None:
            raise SimInputError(404, "this world has no fleet: give serve a world with a [fleet] section (docs/fleet.md)")
        return sim.world.fleet

    async def fleet_summary(request: web.Request) -> web.Response:
        return _json(200, {"time": sim.clock.isoformat()} | fleet().summary())

    async def fleet_sessions(request: web.Request) -> web.Response:
        fleet()
        sessions = collect(sim.world, sim.clock.now / 86_400.0).sessions
        return _json(200, {"time": sim.clock.isoformat(), "sessions": sessions})

    async def events(request: web.Request) -> web.Response:
        try:
            since = int(request.query.get("since", "0"))
        except ValueError:
            raise SimInputError(400, "'since' must be an integer") from None
        source = request.query.get("source")
        log = sim.world.events
        if log.level is TraceLevel.OFF:
            raise SimInputError(409, "the event trace is off (chargebench serve --trace off): nothing is recorded; "
                                     "serve with --trace full or --trace sessions to read events")
        chosen = [e.as_dict() for e in log.since(since) if source is None or e.source == source]
        return _json(200, {"next": log.total, "trace": str(log.level), "events": chosen})

    cp = "/sim/controllers/{cp_id}"
    return [
        web.get("/sim/state", guarded(get_state)),
        web.get("/sim/clock", guarded(get_clock)),
        web.post("/sim/clock/advance", guarded(advance)),
        web.post("/sim/reset", guarded(reset)),
        web.get("/sim/events", guarded(events)),
        web.get("/sim/fleet", guarded(fleet_summary)),
        web.get("/sim/fleet/sessions", guarded(fleet_sessions)),
        web.post(cp + "/plug", guarded(plug)),
        web.post(cp + "/unplug", guarded(unplug)),
        web.post(cp + "/tag", guarded(tag)),
        web.post(cp + "/power", guarded(power_cycle)),
        web.post(cp + "/faults", guarded(raise_fault)),
        web.delete(cp + "/faults", guarded(clear_faults)),
    ]
