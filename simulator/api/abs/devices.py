"""Device commands, file uploads and messages (``/abs/frontend/device/{id}/...``)."""

from __future__ import annotations

from typing import Any

from ...model.backoffice import RESOURCES, Status
from ...model.backoffice.devices import COMMANDS, UPLOAD_TYPES
from ...model.backoffice.fields import Field, Kind
from ...model.backoffice.registry import Entry, Table
from .conventions import Call, Operation

DEVICE = RESOURCES["device"]


def _device(call: Call) -> Entry:
    return call.backoffice.registry.visible(call.who, DEVICE, call.path["id"])


def command(call: Call) -> dict[str, Any]:
    entry = call.backoffice.devices.command(_device(call), call.params["command"], call.params.get("current"))
    return {"command": {"id": entry.id, **entry.values}}


def upload(call: Call) -> dict[str, Any]:
    entry = call.backoffice.devices.upload(_device(call), call.params["fileType"])
    return {"fileUpload": {"id": entry.id, **entry.values}}


def listing(table_name: str, key: str):  # type: ignore[no-untyped-def]
    def run(call: Call) -> dict[str, Any]:
        device = _device(call)
        table: Table = getattr(call.backoffice.devices, table_name)
        return {key: [{"id": e.id, **e.values} for e in table.where(deviceId=device.id)]}
    return run


def one(table_name: str, key: str, unknown: Status):  # type: ignore[no-untyped-def]
    def run(call: Call) -> dict[str, Any]:
        desk = call.backoffice.devices
        entry = desk.of_device(getattr(desk, table_name), _device(call), call.path["itemId"], unknown)
        return {key: {"id": entry.id, **entry.values}}
    return run


BASE = "/abs/frontend/device/{id}"
OPERATIONS = (
    Operation("POST", BASE + "/command", "Send a command to a device's controller", command, (
        Field("command", Kind.ENUM, required=True, options=COMMANDS),
        Field("current", Kind.NUMBER, minimum=0, maximum=80, description="SET_CURRENT only: the limit in A (below 6 A pauses charging)"),
    ), (Status.UNKNOWN_DEVICE, Status.DEVICE_NOT_NETWORKED), resource="deviceCommand"),
    Operation("GET", BASE + "/command", "A device's commands", listing("commands", "commands"), (), (Status.UNKNOWN_DEVICE,),
              resource="deviceCommand"),
    Operation("GET", BASE + "/command/{itemId}", "One device command", one("commands", "command", Status.UNKNOWN_DEVICE_COMMAND), (),
              (Status.UNKNOWN_DEVICE, Status.UNKNOWN_DEVICE_COMMAND), resource="deviceCommand"),
    Operation("POST", BASE + "/fileUpload", "Have a device upload a file", upload, (
        Field("fileType", Kind.ENUM, required=True, options=UPLOAD_TYPES),
    ), (Status.UNKNOWN_DEVICE, Status.DEVICE_NOT_NETWORKED), resource="deviceFileUpload"),
    Operation("GET", BASE + "/fileUpload", "A device's file uploads", listing("uploads", "fileUploads"), (), (Status.UNKNOWN_DEVICE,),
              resource="deviceFileUpload"),
    Operation("GET", BASE + "/fileUpload/{itemId}", "One file upload", one("uploads", "fileUpload", Status.UNKNOWN_FILE_UPLOAD), (),
              (Status.UNKNOWN_DEVICE, Status.UNKNOWN_FILE_UPLOAD), resource="deviceFileUpload"),
    Operation("GET", BASE + "/message", "A device's message log", listing("messages", "messages"), (), (Status.UNKNOWN_DEVICE,),
              resource="deviceMessage"),
    Operation("GET", BASE + "/message/{itemId}", "One device message", one("messages", "message", Status.UNKNOWN_DEVICE_MESSAGE), (),
              (Status.UNKNOWN_DEVICE, Status.UNKNOWN_DEVICE_MESSAGE), resource="deviceMessage"),
)
