"""The simulated CPO's own OIOI endpoint: what the hub sends to it (remote start/stop, rfid-post)."""

from __future__ import annotations

from typing import Any, Callable

from ...model.roaming.codes import Code, RoamingError
from ...model.roaming.formats import normalize_uid
from ...model.roaming.operator import RoamingOperator
from .protocol import Handler, Request


def cpo_handlers(operator: Callable[[], RoamingOperator | None]) -> dict[str, Handler]:
    """Handlers bound to whichever world is current when a call arrives."""

    def current() -> RoamingOperator:
        found = operator()
        if found is None:
            raise RoamingError(Code.CPO_ERROR, "this world has no roaming CPO")
        return found

    async def session_start(request: Request) -> dict[str, Any]:
        f = request.fields
        session = current().start_remote(f["connector-id"], f["user"])
        return {"session-start": {"session-id": session.session_id, "is-stoppable": True}}

    async def session_stop(request: Request) -> dict[str, Any]:
        f = request.fields
        current().stop_remote(f["connector-id"], f.get("session-id"))
        return {}

    async def rfid_post(request: Request) -> dict[str, Any]:
        f = request.fields
        cpo = current()
        if f["partner-identifier"] != cpo.config.hub_partner:
            raise RoamingError(Code.INVALID_PARTNER, "not the hub this CPO roams with")
        processed = cpo.post_whitelist([normalize_uid(u) or u for u in f["rfids"]])
        return {"rfid": {"processed": processed}}

    return {"session-start": session_start, "session-stop": session_stop, "rfid-post": rfid_post}
