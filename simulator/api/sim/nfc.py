"""Sim-control of the NFC tags: lift a tag off its reader (now or mid-exchange), put it back.

``POST /sim/controllers/{cp_id}/nfc/lift`` with ``{"afterApdus": N}`` answers N
more APDUs, then the card leaves vpcd as a phone leaves the field;
``.../nfc/place`` puts it back.  ``GET /sim/nfc`` shows every tag.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ...devices.nfc_tags import NfcTags
from ...devices.vpcd import VpcdCard
from .. import jsonio
from ..web_json import json_response
from .app import http_error

MAX_AFTER_APDUS = 10_000


def _view(card: VpcdCard, reader: str) -> dict[str, Any]:
    return {"port": card.port, "reader": reader, "placed": card.placed, "connected": card.connected.is_set(), "apdus": card.apdus}


def nfc_routes(tags: NfcTags) -> list[web.RouteDef]:
    def card_of(request: web.Request) -> VpcdCard | None:
        return tags.cards.get(request.match_info["cp_id"])

    async def overview(_request: web.Request) -> web.Response:
        readers = tags.readers
        return json_response({cp: _view(card, readers[cp]) for cp, card in tags.cards.items()})

    async def lift(request: web.Request) -> web.Response:
        card = card_of(request)
        if card is None:
            return http_error(404, f"controller '{request.match_info['cp_id']}' has no NFC tag on a reader")
        raw = await request.read()
        try:
            body = jsonio.loads(raw) if raw.strip() else {}
        except jsonio.JsonError as error:
            return http_error(400, str(error))
        after = body.get("afterApdus", 0) if isinstance(body, dict) else None
        if not isinstance(after, int) or isinstance(after, bool) or not 0 <= after <= MAX_AFTER_APDUS:
            return http_error(400, f"'afterApdus' must be an integer from 0 to {MAX_AFTER_APDUS}")
        card.lift(after)
        return json_response(_view(card, tags.readers[request.match_info["cp_id"]]))

    async def place(request: web.Request) -> web.Response:
        card = card_of(request)
        if card is None:
            return http_error(404, f"controller '{request.match_info['cp_id']}' has no NFC tag on a reader")
        card.place()
        return json_response(_view(card, tags.readers[request.match_info["cp_id"]]))

    return [
        web.get("/sim/nfc", overview),
        web.post("/sim/controllers/{cp_id}/nfc/lift", lift),
        web.post("/sim/controllers/{cp_id}/nfc/place", place),
    ]


def install_nfc(app: web.Application, tags: NfcTags) -> None:
    """Run the tags with the app and offer their sim-control routes."""
    app.cleanup_ctx.append(tags.running)
    app.add_routes(nfc_routes(tags))
