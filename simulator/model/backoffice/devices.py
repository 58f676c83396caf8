"""Commands to devices, file uploads from them and their message log.

A command reaches the simulated controller behind a charging unit at once;
a unit that is not networked, or whose controller has no mains power, cannot
take commands (328).
"""

from __future__ import annotations

import json
from typing import Any, Callable, Mapping

from ..controller import Controller
from .registry import Entry, Table
from .status import AbsError, Status

COMMANDS = ("REBOOT", "UNLOCK", "SET_CURRENT", "CLEAR_CURRENT")
UPLOAD_TYPES = ("DIAGNOSTICS", "TRANSACTIONS")


class DeviceDesk:
    def __init__(self, controllers: Mapping[str, Controller], unix_now: Callable[[], int]) -> None:
        self.controllers = controllers
        self.unix_now = unix_now
        self.commands = Table(indexes=[("deviceId",)])
        self.uploads = Table(indexes=[("deviceId",)])
        self.messages = Table(indexes=[("deviceId",)])

    def controller(self, device: Entry) -> Controller:
        if not device["networked"]:
            raise AbsError(Status.DEVICE_NOT_NETWORKED, f"device {device.id} has no network connection")
        controller = self.controllers.get(device["controllerId"] or "")
        if controller is None:
            raise AbsError(Status.INVALID_COMBINATION, f"device {device.id} is a {device['deviceType']} without a charge controller")
        if not controller.powered:
            raise AbsError(Status.DEVICE_NOT_NETWORKED, f"device {device.id} does not answer: its controller has no mains power")
        return controller

    def command(self, device: Entry, command: str, current: float | None) -> Entry:
        if (command == "SET_CURRENT") != (current is not None):
            if current is None:
                raise AbsError(Status.MISSING_PARAMETER, "missing parameter(s): current")
            raise AbsError(Status.INVALID_COMBINATION, f"'current' belongs to SET_CURRENT, not to {command}")
        controller = self.controller(device)
        if command == "REBOOT":
            controller.reboot()
        elif command == "UNLOCK":
            controller.unlock()
        elif command == "SET_CURRENT":
            assert current is not None
            controller.set_current_limit(current)
        else:
            controller.set_current_limit(float("inf"))
        return self.commands.add(device.owner, {
            "deviceId": device.id, "command": command, "current": current, "status": "ACCEPTED", "timestamp": self.unix_now(),
        })

    def upload(self, device: Entry, file_type: str) -> Entry:
        controller = self.controller(device)
        if file_type == "DIAGNOSTICS":
            content: Any = controller.system_state()
        else:
            content = [controller.transaction_view(tx) for tx in controller.transactions]
        body = json.dumps(content, sort_keys=True)
        return self.uploads.add(device.owner, {
            "deviceId": device.id, "fileType": file_type, "status": "UPLOADED", "timestamp": self.unix_now(),
            "sizeBytes": len(body.encode()), "content": body,
        })

    def log(self, device: Entry, level: str, text: str) -> Entry:
        return self.messages.add(device.owner, {"deviceId": device.id, "level": level, "message": text, "timestamp": self.unix_now()})

    def of_device(self, table: Table, device: Entry, entry_id: int, unknown: Status) -> Entry:
        entry = table.get(entry_id)
        if entry is None or entry["deviceId"] != device.id:
            raise AbsError(unknown, f"unknown {unknown.name.removeprefix('UNKNOWN_').lower().replace('_', ' ')} {entry_id}")
        return entry
