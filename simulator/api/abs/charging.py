"""Sessions (history), socket activation (remote start/stop), reservations, EV driver activation."""

from __future__ import annotations

from typing import Any

from ...model.backoffice import RESOURCES, AbsError, Status
from ...model.backoffice.fields import Field, Kind
from ...model.backoffice.registry import Entry
from .conventions import Call, Operation

SOCKET_ID = Field("socketId", Kind.ID, required=True)
EV_DRIVER_ID = Field("evDriverId", Kind.ID, required=True)


def history(call: Call) -> dict[str, Any]:
    p, bo, who = call.params, call.backoffice, call.who
    if "from" in p and "to" in p and p["from"] > p["to"]:
        raise AbsError(Status.INVALID_COMBINATION, "'from' is after 'to'")
    for key, resource in (("zoneId", "zone"), ("chargingStationId", "chargingStation"), ("evDriverId", "evDriver")):
        if key in p:
            bo.registry.visible(who, RESOURCES[resource], p[key])
    stations = {s.id: s for s in bo.registry["chargingStation"]}
    chosen = []
    for session in bo.charging.sessions:
        station = stations.get(session["chargingStationId"])
        if not who.sees(session.owner) or (
            "zoneId" in p and (station is None or station["zoneId"] != p["zoneId"])
        ):
            continue
        if any(k in p and session[k] != p[k] for k in ("chargingStationId", "evDriverId")):
            continue
        if ("from" in p and session["timeStarted"] < p["from"]) or ("to" in p and session["timeStarted"] > p["to"]):
            continue
        chosen.append(bo.charging.view(session))
    return {"sessions": chosen}


def one_session(call: Call) -> dict[str, Any]:
    session = call.backoffice.charging.sessions.get(call.path["id"])
    if session is None or not call.who.sees(session.owner):
        raise AbsError(Status.UNKNOWN_SESSION, f"unknown session {call.path['id']}")
    return {"session": call.backoffice.charging.view(session)}


def activate(call: Call) -> dict[str, Any]:
    p = call.params
    session = call.backoffice.charging.activate(
        call.who, p["socketId"], p["tokenString"], p.get("vehicleId"), p.get("requestedkWh"), p.get("requestedDurationSeconds"),
    )
    return {"chargingSession": call.backoffice.charging.view(session)}


def deactivate(call: Call) -> dict[str, Any]:
    session = call.backoffice.charging.deactivate(call.who, call.params["socketId"])
    return {"chargingSession": call.backoffice.charging.view(session)}


def _driver(call: Call, driver_id: int) -> Entry:
    return call.backoffice.registry.visible(call.who, RESOURCES["evDriver"], driver_id)


def reserve(call: Call) -> dict[str, Any]:
    driver = _driver(call, call.params["evDriverId"])
    reservation = call.backoffice.charging.reserve(call.who, call.params["socketId"], driver, call.params["durationSeconds"])
    return {"reservation": {"id": reservation.id, **reservation.values}}


def cancel(call: Call) -> dict[str, Any]:
    p, desk = call.params, call.backoffice.charging
    if "socketId" not in p and "evDriverId" not in p:
        raise AbsError(Status.MISSING_PARAMETER, "missing parameter(s): socketId or evDriverId")
    by_socket = by_driver = None
    if "socketId" in p:
        desk.socket(p["socketId"], call.who)
        by_socket = desk.active_reservation(socketId=p["socketId"])
        if by_socket is None or not call.who.sees(by_socket.owner):
            raise AbsError(Status.SOCKET_NOT_RESERVED, f"socket {p['socketId']} is not reserved")
    if "evDriverId" in p:
        _driver(call, p["evDriverId"])
        by_driver = desk.active_reservation(evDriverId=p["evDriverId"])
        if by_driver is None or not call.who.sees(by_driver.owner):
            raise AbsError(Status.NO_RESERVATION_FOR_DRIVER, f"EV driver {p['evDriverId']} has no active reservation")
    if by_socket is not None and by_driver is not None and by_socket is not by_driver:
        raise AbsError(Status.INVALID_COMBINATION, "the socket is reserved for another EV driver")
    reservation = by_socket or by_driver
    assert reservation is not None
    desk.finish_reservation(reservation, "CANCELED")
    return {"reservation": {"id": reservation.id, **reservation.values}}


def reservations(call: Call) -> dict[str, Any]:
    return {"reservations": [{"id": r.id, **r.values} for r in call.backoffice.charging.reservations if call.who.sees(r.owner)]}


def activation(active: bool):  # type: ignore[no-untyped-def]
    def run(call: Call) -> dict[str, Any]:
        driver = call.backoffice.set_activation(call.who, call.path["id"], active)
        return {"evDriver": call.backoffice.view(RESOURCES["evDriver"], driver)}
    return run


TIME = dict(kind=Kind.TIMESTAMP)
OPERATIONS = (
    Operation("GET", "/abs/frontend/session", "Charging session history", history, (
        Field("from", **TIME), Field("to", **TIME), Field("zoneId", Kind.ID), Field("chargingStationId", Kind.ID), Field("evDriverId", Kind.ID),
    ), (Status.UNKNOWN_ZONE, Status.UNKNOWN_STATION, Status.UNKNOWN_EV_DRIVER), resource="session"),
    Operation("GET", "/abs/frontend/session/{id}", "One charging session", one_session, (), (Status.UNKNOWN_SESSION,), resource="session"),
    Operation("POST", "/abs/frontend/socketActivation", "Start a session remotely", activate, (
        SOCKET_ID, Field("tokenString", required=True, min_length=1, max_length=64), Field("vehicleId", Kind.ID),
        Field("requestedkWh", Kind.NUMBER, minimum=0.1, maximum=1000), Field("requestedDurationSeconds", Kind.INTEGER, minimum=60, maximum=7 * 86400),
    ), (Status.UNKNOWN_SOCKET, Status.UNKNOWN_RFID, Status.UNKNOWN_EV_DRIVER, Status.UNKNOWN_VEHICLE, Status.USER_SESSION_RUNNING,
        Status.USER_NOT_ACTIVATED, Status.SOCKET_ALREADY_RESERVED, Status.SOCKET_NOT_AVAILABLE, Status.STATION_NOT_ALLOWED,
        Status.DEVICE_NOT_NETWORKED), resource="socketActivation"),
    Operation("DELETE", "/abs/frontend/socketActivation", "Stop a session remotely", deactivate, (SOCKET_ID,),
              (Status.UNKNOWN_SOCKET, Status.NO_SESSION_FOR_DRIVER), resource="socketActivation"),
    Operation("GET", "/abs/frontend/reservation", "All reservations", reservations, resource="reservation"),
    Operation("POST", "/abs/frontend/reservation", "Reserve a socket for an EV driver", reserve, (
        SOCKET_ID, EV_DRIVER_ID, Field("durationSeconds", Kind.INTEGER, minimum=60, maximum=86400, required=True),
    ), (Status.UNKNOWN_SOCKET, Status.UNKNOWN_EV_DRIVER, Status.SOCKET_ALREADY_RESERVED, Status.SOCKET_NOT_AVAILABLE, Status.DRIVER_ALREADY_RESERVED), resource="reservation"),
    Operation("DELETE", "/abs/frontend/reservation", "Cancel the reservation of a socket and/or an EV driver", cancel, (
        Field("socketId", Kind.ID), Field("evDriverId", Kind.ID),
    ), (Status.UNKNOWN_SOCKET, Status.UNKNOWN_EV_DRIVER, Status.SOCKET_NOT_RESERVED, Status.NO_RESERVATION_FOR_DRIVER), resource="reservation"),
    Operation("POST", "/abs/frontend/evDriver/{id}/activation", "Activate an EV driver", activation(True), (), (Status.UNKNOWN_EV_DRIVER,), resource="evDriverActivation"),
    Operation("DELETE", "/abs/frontend/evDriver/{id}/activation", "Deactivate an EV driver", activation(False), (), (Status.UNKNOWN_EV_DRIVER,), resource="evDriverActivation"),
)
