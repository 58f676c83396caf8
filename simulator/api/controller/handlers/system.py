"""System state: what the controller is doing right now."""

from __future__ import annotations

from typing import Any

from ..routing import Call, router


@router.route("GET", "/system_state")
def system_state(call: Call) -> dict[str, Any]:
    return call.controller.system_state()
