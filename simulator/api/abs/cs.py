"""The charging-station interface (role ``cs``): sessions, online authorization, socket status."""

from __future__ import annotations

from typing import Any

from ...model.backoffice import Status
from ...model.backoffice.catalogue import SOCKET_STATUSES
from ...model.backoffice.fields import Field, Kind
from .conventions import Call, Operation

SOCKET_ID = Field("socketId", Kind.ID, required=True)
SESSION_ID = Field("sessionId", Kind.ID, required=True)
TIMESTAMP = Field("timestamp", Kind.TIMESTAMP, required=True)
ENERGY = Field("energy", Kind.INTEGER, required=True, minimum=0, maximum=10**9, description="meter reading since the start, Wh")
RFID = Field("rfid", required=True, min_length=1, max_length=64, description="the token that started it: a session has a driver")


def start(call: Call) -> dict[str, Any]:
    p = call.params
    session = call.backoffice.cs_start(p["socketId"], p["rfid"], p["timestamp"], p.get("transactionId"))
    return {"sessionId": session.id, "session": call.backoffice.charging.view(session)}


def update(call: Call) -> dict[str, Any]:
    p = call.params
    session = call.backoffice.charging.update(p["sessionId"], p["timestamp"], p["energy"], p.get("charging"))
    return {"session": call.backoffice.charging.view(session)}


def end(call: Call) -> dict[str, Any]:
    p = call.params
    session = call.backoffice.charging.end(p["sessionId"], p["timestamp"], p["energy"], p.get("reason"))
    return {"session": call.backoffice.charging.view(session)}


def authorize(call: Call) -> dict[str, Any]:
    driver = call.backoffice.cs_authorize(call.params["socketId"], call.params["rfid"])
    return {"evDriverId": driver.id, "name": driver["username"]}


def socket(call: Call) -> dict[str, Any]:
    p = call.params
    entry = call.backoffice.cs_socket(p["socketId"], p["status"], p.get("errorCode"), p.get("info"))
    return {"socketId": entry.id, "socketStatus": call.backoffice.charging.socket_status(entry)}


def boot(call: Call) -> dict[str, Any]:
    p = call.params
    unit = call.backoffice.cs_boot(p["socketId"], p["timestamp"], p.get("firmwareVersion"))
    return {"deviceId": unit.id}


OPERATIONS = tuple(Operation(*args, tag="cs", resource=resource) for resource, *args in (  # type: ignore[misc]
    ("csSession", "POST", "/abs/cs/session", "A charging station starts a session", start,
     (SOCKET_ID, RFID, TIMESTAMP, Field("transactionId", Kind.INTEGER, minimum=0, maximum=2**31)),
     (Status.UNKNOWN_SOCKET, Status.UNKNOWN_RFID, Status.INCORRECT_TIMESTAMP, Status.USER_SESSION_RUNNING,
      Status.SOCKET_NOT_AVAILABLE_FOR_SESSION, Status.USER_NOT_ACTIVATED, Status.STATION_NOT_ALLOWED)),
    ("csSession", "PUT", "/abs/cs/session", "A charging station reports a meter reading", update,
     (SESSION_ID, TIMESTAMP, ENERGY, Field("charging", Kind.BOOLEAN)),
     (Status.UNKNOWN_SESSION, Status.INCORRECT_TIMESTAMP, Status.SESSION_ENDED)),
    ("csSession", "DELETE", "/abs/cs/session", "A charging station ends a session", end,
     (SESSION_ID, TIMESTAMP, ENERGY, Field("reason", max_length=64)),
     (Status.UNKNOWN_SESSION, Status.INCORRECT_TIMESTAMP, Status.SESSION_ENDED)),
    ("csAuthorize", "GET", "/abs/cs/authorize", "Online check of an RFID tag missing from the station's whitelist", authorize,
     (SOCKET_ID, Field("rfid", required=True, min_length=1, max_length=64)),
     (Status.UNKNOWN_SOCKET, Status.UNKNOWN_RFID, Status.USER_NOT_ACTIVATED, Status.STATION_NOT_ALLOWED, Status.USER_SESSION_RUNNING)),
    ("csSocket", "PUT", "/abs/cs/socket", "A charging station reports a socket's status, and the fault behind it", socket,
     (SOCKET_ID, Field("status", Kind.ENUM, required=True, options=SOCKET_STATUSES),
      Field("errorCode", min_length=1, max_length=64, description="the controller's fault code"),
      Field("info", max_length=255, description="the controller's fault message")), (Status.UNKNOWN_SOCKET,)),
    ("csBoot", "POST", "/abs/cs/boot", "The charging unit of a socket has booted (power returned, reboot)", boot,
     (SOCKET_ID, TIMESTAMP, Field("firmwareVersion", min_length=1, max_length=64)), (Status.UNKNOWN_SOCKET, Status.INCORRECT_TIMESTAMP)),
))
