"""Logging: the controller's current error and warning messages."""

from __future__ import annotations

from typing import Any

from ..routing import Call, router


@router.route("GET", "/logging")
def messages(call: Call) -> dict[str, Any]:
    calendar = call.controller.calendar
    return {
        "messages": [
            {"type": str(f.level), "code": f.code, "message": f.message, "time": calendar.isoformat(f.since)}
            for f in call.controller.faults.current()
        ]
    }
