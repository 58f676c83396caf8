"""Remote start and stop (forwarded to the CPO that owns the EVSE) and the CDRs CPOs post."""

from __future__ import annotations

from typing import Any

from ....model.roaming.codes import Code, RoamingError
from ....model.roaming.config import Partner
from ....model.roaming.formats import normalize_uid, parse_time
from ....model.roaming.sessions import Cdr, RemoteSession
from ....model.roaming.stations import Station
from ..client import Answer
from .registry import HubCall, hub_call
from .users import identify

CPO_CODES = frozenset(Code) - {Code.SUCCESS}


def _station(call: HubCall) -> Station:
    station = call.hub.stations.station_of(call.fields["connector-id"])
    if station is None:
        raise RoamingError(Code.EVSE_NOT_FOUND, f"no EVSE {call.fields['connector-id'][:60]!r}")
    return station


def _cpo(call: HubCall, station: Station) -> Partner:
    partner = call.hub.partners[station.partner]
    if partner.endpoint is None:
        raise RoamingError(Code.CPO_ERROR, f"{partner.name} takes no remote calls")
    return partner


def _checked(answer: Answer) -> dict[str, Any]:
    """The CPO's answer body if it succeeded; its error as ours otherwise."""
    if answer.timed_out:
        raise RoamingError(Code.CPO_TIMEOUT)
    if answer.status != 200 or answer.code is None:
        raise RoamingError(Code.CPO_ERROR, f"the CPO answered HTTP {answer.status}: {answer.error or ''}".rstrip(": "))
    if answer.code != Code.SUCCESS:
        code = Code(answer.code) if answer.code in CPO_CODES else Code.CPO_ERROR
        raise RoamingError(code, str(answer.body.get("reason") or code.message))
    return answer.body


def _card_check(call: HubCall) -> None:
    """A charging key of the caller's user, named by its EVCO ID or UID, starts a session only
    if rfid-verify accepts the key: a blocked key answers 192 here as there."""
    directory, (kind, identifier) = call.hub.directory, (call.fields["user"]["identifier-type"], call.fields["user"]["identifier"])
    if kind == "evco-id":
        key = directory.key_by_evco(identifier)
    elif kind == "rfid":
        key = directory.keys.get(normalize_uid(identifier) or "")
    else:
        return
    if key is None or key.owner is None or key.owner.emp not in call.request.key.partners:
        return
    code = call.hub.verify_rfid(key.uid)
    if code:
        raise RoamingError(code, f"charging key {identifier[:60]!r} may not charge")


@hub_call("session-start")
async def session_start(call: HubCall) -> dict[str, Any]:
    hub = call.hub
    _card_check(call)
    user = identify(call).user
    if not user.can_pay:
        raise RoamingError(Code.AUTH_FAILED, "the user has no valid payment method")
    station = _station(call)
    partner = _cpo(call, station)
    evse = call.fields["connector-id"]
    fields: dict[str, Any] = {"user": {"identifier-type": "evco-id", "identifier": user.evco_id}, "connector-id": evse}
    if "payment-reference" in call.fields:
        fields["payment-reference"] = call.fields["payment-reference"]
    requested = hub.now
    body = _checked(await call.forward(partner, "session-start", fields))
    started = body.get("session-start") or {}
    session_id = started.get("session-id")
    stoppable = started.get("is-stoppable") is True and isinstance(session_id, str)
    if isinstance(session_id, str):
        hub.sessions.add_remote(RemoteSession(session_id, user, evse, partner.identifier, stoppable, requested))
    return {"session-start": {"session-id": session_id, "is-stoppable": stoppable}}


@hub_call("session-stop")
async def session_stop(call: HubCall) -> dict[str, Any]:
    user = identify(call).user
    partner = _cpo(call, _station(call))
    session = call.hub.sessions.remote_for(user, call.fields["connector-id"], call.fields.get("session-id"))
    if not session.stoppable:
        raise RoamingError(Code.NO_REMOTE_STOP)
    fields = {"user": {"identifier-type": "evco-id", "identifier": user.evco_id}, "connector-id": session.evse_id, "session-id": session.session_id}
    _checked(await call.forward(partner, "session-stop", fields))
    session.stopped = True
    return {}


def _times(interval: dict[str, str] | None, what: str) -> tuple[Any, Any]:
    if interval is None:
        return None, None
    start = parse_time(interval["start"])
    stop = parse_time(interval["stop"]) if "stop" in interval else None
    if stop is not None and start is not None and stop < start:
        raise RoamingError(Code.INVALID_FORMAT, f"the {what} stops before it starts")
    return start, stop


@hub_call("session-post")
async def session_post(call: HubCall) -> dict[str, Any]:
    hub, f = call.hub, call.fields
    partner = hub.partner_for(call.request.key, f["partner-identifier"])
    station = hub.stations.station_of(f["connector-id"])
    if station is None or station.partner != partner.identifier:
        raise RoamingError(Code.EVSE_NOT_FOUND, f"no EVSE {f['connector-id'][:60]!r} of this partner")
    start, stop = _times(f["session-interval"], "session-interval")
    charging_start, charging_stop = _times(f.get("charging-interval"), "charging-interval")
    cost = f.get("calculated-cost")
    cdr = Cdr(
        session_id=f["session-id"],
        partner=partner.identifier,
        evse_id=f["connector-id"],
        user=hub.cdr_user(f["user"]),
        identifier=dict(f["user"]),
        start=start,
        stop=stop,
        charging_start=charging_start,
        charging_stop=charging_stop,
        energy_kwh=f.get("energy-consumed"),
        cost=None if cost is None else cost["amount"],
        currency=None if cost is None else cost["currency"],
        received=hub.now,
    )
    hub.sessions.record(cdr)
    remote = hub.sessions.remote.get(cdr.session_id)
    if remote is not None and stop is not None:
        remote.stopped = True
    return {"reason": None}
