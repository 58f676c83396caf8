"""Offline whitelists from e-mobility providers (rfid-post) and online checks from CPOs (rfid-verify)."""

from __future__ import annotations

from typing import Any

from ....model.roaming.codes import RoamingError
from ....model.roaming.formats import normalize_uid
from .registry import HubCall, hub_call


def uid(text: str) -> str:
    normalized = normalize_uid(text)
    assert normalized is not None, "the schema admits only UIDs"
    return normalized


@hub_call("rfid-post")
async def rfid_post(call: HubCall) -> dict[str, Any]:
    partner = call.hub.partner_for(call.request.key, call.fields["partner-identifier"])
    processed = call.hub.post_whitelist(partner, [uid(u) for u in call.fields["rfids"]])
    return {"rfid": {"processed": processed}}


@hub_call("rfid-verify")
async def rfid_verify(call: HubCall) -> dict[str, Any]:
    code = call.hub.verify_rfid(uid(call.fields["rfid"]))
    if code:
        raise RoamingError(code, f"card {call.fields['rfid']} may not charge")
    return {}
