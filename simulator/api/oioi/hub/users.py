"""The user-* calls: accounts, log-in tokens, details, payment means and charging keys."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from ....model.roaming.accounts import DETAIL_FIELDS, Identity
from ....model.roaming.codes import Code, RoamingError
from ....model.roaming.formats import format_time, parse_time, valid_vat
from ....model.roaming.hub import PasswordReset
from ....model.roaming.sessions import Cdr
from .registry import HubCall, hub_call
from .rfid import uid
from .stations import station_summary

BILLS_URL = "https://oioi.chargebench.example/bills"
PAYMENT_URL = "https://oioi.chargebench.example/payment"
RECENT_SESSIONS = 20
ENCRYPTED_CARD = re.compile(r"[A-Za-z0-9+/=_-]{16,}")
"""What an encrypted card blob looks like (base64 of a client-side encrypted record)."""


def identify(call: HubCall) -> Identity:
    """The request's user, if it is one of the calling e-mobility provider's own."""
    return call.hub.directory.identify(call.fields["user"], call.request.key.partners)


def account_holder(call: HubCall) -> Identity:
    """Payment means are the account's: only a user logged in by username and token adds them."""
    identity = identify(call)
    if identity.identifier_type != "username":
        raise RoamingError(Code.METHOD_NOT_ALLOWED, "log in by username and token to add payment means")
    return identity


@hub_call("user-register")
async def user_register(call: HubCall) -> dict[str, Any]:
    f = call.fields
    directory = call.hub.directory
    emp = next(iter(call.request.key.partners), None)
    user = directory.register(f["username"], f["email"], f["password"], f.get("language"), emp)
    token = directory.new_token()
    user.tokens.add(token)
    return {"user": {"token": token, "evco-id": user.evco_id}}


@hub_call("user-verify")
async def user_verify(call: HubCall) -> dict[str, Any]:
    f = call.fields
    user, token = call.hub.directory.verify(f["username"], f["password"], f["is-token"], call.request.key.partners)
    if "language" in f:
        user.details["locale"] = f["language"]
    return {"user": {"token": token}}


@hub_call("user-reset")
async def user_reset(call: HubCall) -> dict[str, Any]:
    user = call.hub.directory.find(call.fields["identifier"], call.request.key.partners)
    if user is None:
        raise RoamingError(Code.EMAIL_UNKNOWN)
    call.hub.resets.append(PasswordReset(user.email, call.hub.now))
    return {}


@hub_call("user-change-password")
async def user_change_password(call: HubCall) -> dict[str, Any]:
    f = call.fields
    user = call.hub.directory.find(f["username"], call.request.key.partners)
    if user is None:
        raise RoamingError(Code.EMAIL_UNKNOWN)
    if f["current-password"] != user.password:
        raise RoamingError(Code.AUTH_FAILED, "the current password is wrong")
    user.password = f["new-password"]
    return {}


@hub_call("user-logout")
async def user_logout(call: HubCall) -> dict[str, Any]:
    identity = identify(call)
    if identity.token is None:
        raise RoamingError(Code.AUTH_FAILED, "log out needs the token to end")
    identity.user.tokens.discard(identity.token)
    return {}


@hub_call("user-get-details")
async def user_get_details(call: HubCall) -> dict[str, Any]:
    user = identify(call).user
    return {"user": {**{name: user.details.get(name) for name in DETAIL_FIELDS}, "evco-id": user.evco_id}}


@hub_call("user-post-details")
async def user_post_details(call: HubCall) -> dict[str, Any]:
    user = identify(call).user
    details = call.fields["details"]
    vat = details.get("vat")
    if vat is not None and not valid_vat(vat):
        return {"user-post-details": {"reason": f"Could not validate VAT number: {vat}"}}
    user.details.update({name: details[name] for name in DETAIL_FIELDS if name in details})
    return {}


@hub_call("user-add-creditcard")
async def user_add_creditcard(call: HubCall) -> dict[str, Any]:
    user = account_holder(call).user
    if not ENCRYPTED_CARD.fullmatch(call.fields["encrypted-data"]):
        raise RoamingError(Code.CREDIT_CARD_ERROR, "the encrypted card data cannot be read")
    call.hub.payments.add(user, "creditcard")
    return {}


@hub_call("user-add-payment")
async def user_add_payment(call: HubCall) -> dict[str, Any]:
    user = account_holder(call).user
    kind = call.fields["payment-type"]
    call.hub.payments.add(user, kind)
    return {"user-add-payment": {"url": f"{PAYMENT_URL}/{kind}?shopperReference={user.evco_id}"}}


@hub_call("user-add-rfid")
async def user_add_rfid(call: HubCall) -> dict[str, Any]:
    user = identify(call).user
    card = uid(call.fields["rfid"])
    directory = call.hub.directory
    key = directory.keys.get(card)
    if key is None:
        directory.add_key(card, user)
    elif key.owner is not user:
        if key.owner is not None or not key.active:
            raise RoamingError(Code.EVCO_ERROR, f"card {card} belongs to another user or awaits activation")
        directory.give_key(key, user)
    return {}


@hub_call("user-block-rfid")
async def user_block_rfid(call: HubCall) -> dict[str, Any]:
    user = identify(call).user
    call.hub.directory.own_key(user, uid(call.fields["rfid"])).blocked = True
    return {}


@hub_call("user-unblock-rfid")
async def user_unblock_rfid(call: HubCall) -> dict[str, Any]:
    user = identify(call).user
    call.hub.directory.own_key(user, uid(call.fields["rfid"])).blocked = False
    return {"user-unblock-rfid": {"success": True}}


@hub_call("user-charging-key-activate")
async def user_charging_key_activate(call: HubCall) -> dict[str, Any]:
    user = identify(call).user
    key = call.hub.directory.key_by_evco(call.fields["evco-id"])
    if key is None or (key.owner is not None and key.owner is not user):
        raise RoamingError(Code.EVCO_ERROR, f"no charging key {call.fields['evco-id']!r} to activate")
    if key.owner is None:
        call.hub.directory.give_key(key, user)
    key.active = True
    return {}


@hub_call("user-get-charging-keys")
async def user_get_charging_keys(call: HubCall) -> dict[str, Any]:
    user = identify(call).user
    return {"user": {"charging-keys": [{"uid": k.uid, "evco-id": k.evco_id} for k in user.keys]}}


def _interval(start: datetime | None, end: datetime | None) -> dict[str, str | None]:
    return {"start": None if start is None else format_time(start), "end": None if end is None else format_time(end)}


def _session_view(call: HubCall, cdr: Cdr) -> dict[str, Any]:
    hub = call.hub
    station = hub.stations.station_of(cdr.evse_id)
    connector = hub.stations.connector(cdr.evse_id)
    remote = hub.sessions.remote.get(cdr.session_id)
    address = None
    if station is not None:
        a = station.data["address"]
        address = f"{a['street']} {a['street-number']}, {a['zip']} {a['city']}, {a['country']}".strip(" ,")
    return {
        "request-sent": None if remote is None else hub.timestamp(remote.requested),
        "connector-id": None if connector is None else connector.id,
        "charging-station-id": None if station is None else station.id,
        "session-interval": _interval(cdr.start, cdr.stop),
        "charging-interval": _interval(cdr.charging_start, cdr.charging_stop),
        "energy-consumed": cdr.energy_kwh,
        "cost": f"{cdr.cost or 0:.2f}",
        "currency": cdr.currency or "EUR",
        "external-session-id": cdr.session_id,
        "address": address,
    }


@hub_call("user-get-recent-sessions")
async def user_get_recent_sessions(call: HubCall) -> dict[str, Any]:
    user = identify(call).user
    cdrs = call.hub.sessions.of_user(user)[:RECENT_SESSIONS]
    return {"user": {"sessions": [_session_view(call, c) for c in cdrs]}}


@hub_call("user-get-recent-stations")
async def user_get_recent_stations(call: HubCall) -> dict[str, Any]:
    hub = call.hub
    user = identify(call).user
    stations: list[dict[str, Any]] = []
    for cdr in hub.sessions.of_user(user):
        station = hub.stations.station_of(cdr.evse_id)
        if station is None or any(s["id"] == station.id for s in stations):
            continue
        if len(stations) == call.fields["limit"]:
            break
        stations.append(station_summary(call, station))
    return {"user": {"stations": stations}}


@hub_call("user-get-bills")
async def user_get_bills(call: HubCall) -> dict[str, Any]:
    hub = call.hub
    user = identify(call).user
    start = parse_time(call.fields["date-interval"]["start"])
    end = parse_time(call.fields["date-interval"]["end"])
    assert start is not None and end is not None, "the schema admits only RFC 3339 times"
    months: dict[str, list[str]] = {}
    for cdr in sorted(hub.sessions.of_user(user), key=lambda c: c.start):
        if cdr.stop is not None and start <= cdr.stop <= end:
            months.setdefault(cdr.stop.strftime("%Y%m"), []).append(cdr.session_id)
    number = user.number + 10000
    bills = [{"external-session-ids": ids, "bill": f"{BILLS_URL}/Invoice-{month}-{number}.pdf"} for month, ids in months.items()]
    return {"user": {"bills": bills}}
