"""Roles of administration users, notification deliveries and the smart grid."""

from __future__ import annotations

from typing import Any

from ...model.backoffice import RESOURCES, Role, Status
from ...model.backoffice.fields import Field, Kind
from .conventions import Call, Operation

ROLE = Field("role", required=True, min_length=1, max_length=50, description="one of " + ", ".join(Role))


def roles(call: Call) -> dict[str, Any]:
    return {"roles": [str(r) for r in Role]}


def grant(granted: bool):  # type: ignore[no-untyped-def]
    def run(call: Call) -> dict[str, Any]:
        user = call.backoffice.grant(call.who, call.path["id"], call.params["role"], granted)
        return {"user": call.backoffice.view(RESOURCES["user"], user)}
    return run


def deliveries(call: Call) -> dict[str, Any]:
    rule = call.backoffice.records.get(call.who, RESOURCES["notificationRule"], call.path["id"])
    return {"deliveries": [d.view() for d in call.backoffice.notifier.deliveries.get(rule.id, [])]}


def smartgrid(call: Call) -> dict[str, Any]:
    station = call.backoffice.records.get(call.who, RESOURCES["chargingStation"], call.path["id"])
    return {"smartGrid": call.backoffice.smartgrid_view(station)}


def configure(call: Call) -> dict[str, Any]:
    station = call.backoffice.configure_smartgrid(call.who, call.path["id"], call.params.get("enabled"), call.params.get("power"))
    return {"smartGrid": call.backoffice.smartgrid_view(station)}


def apply(call: Call) -> dict[str, Any]:
    return {"shares": call.backoffice.apply_smartgrid(call.who, call.path["id"])}


SMARTGRID = "/abs/frontend/smartgrid/{id}"
OPERATIONS = (
    Operation("GET", "/abs/frontend/role", "The roles there are", roles, resource="role"),
    Operation("POST", "/abs/frontend/user/{id}/role", "Grant a role", grant(True), (ROLE,), (Status.UNKNOWN_USER, Status.UNKNOWN_ROLE), resource="userRole"),
    Operation("DELETE", "/abs/frontend/user/{id}/role", "Revoke a role", grant(False), (ROLE,), (Status.UNKNOWN_USER, Status.UNKNOWN_ROLE), resource="userRole"),
    Operation("GET", "/abs/frontend/notificationRule/{id}/deliveries", "Every delivery of a rule, with its attempts", deliveries, (),
              (Status.UNKNOWN_NOTIFICATION_RULE,), resource="notificationDelivery"),
    Operation("GET", SMARTGRID, "A station's smart-grid setting", smartgrid, (), (Status.UNKNOWN_STATION,), resource="smartgrid"),
    Operation("PUT", SMARTGRID, "Enable/disable the smart grid and set the station's power (W); applied at once when enabled", configure, (
        Field("enabled", Kind.BOOLEAN), Field("power", Kind.NUMBER, minimum=0, maximum=10_000_000),
    ), (Status.UNKNOWN_STATION,), resource="smartgrid"),
    Operation("POST", SMARTGRID + "/apply", "Share the power among the station's active sessions", apply, (),
              (Status.UNKNOWN_STATION, Status.SMARTGRID_NOT_ENABLED, Status.SMARTGRID_NO_POWER), resource="smartgrid"),
)
