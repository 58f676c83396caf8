"""App settings and the app dashboard, laid out as ``app_layout.xml`` says."""

from __future__ import annotations

from typing import Any

from ....model.app_layout import APP_SETTINGS, DASHBOARD_GROUPS, GAUGES
from ..routing import ApiError, Call, router
from .settings import settings_document


@router.route("GET", "/app/settings")
def app_settings(call: Call) -> dict[str, Any]:
    return settings_document(call.controller, list(APP_SETTINGS))


def _with_descriptions(call: Call) -> bool:
    flag = call.query("descriptions")
    if flag not in (None, "0", "1"):
        raise ApiError(400, "'descriptions' must be 0 or 1")
    return flag != "0"


@router.route("GET", "/app/dashboard", query=("descriptions",))
def dashboard(call: Call) -> dict[str, Any]:
    describe = _with_descriptions(call)
    controller = call.controller
    store = controller.settings

    def param(key: str) -> dict[str, Any]:
        spec = store.catalogue[key]
        entry: dict[str, Any] = {"key": key, "value": store[key]}
        if spec.unit:
            entry["unit"] = spec.unit
        if describe:
            entry |= {"short": spec.short, "long": spec.long}
        return entry

    transaction = controller.system_state().get("transaction", {})
    gauges = []
    for gauge in GAUGES:
        entry = {"key": gauge.key, "value": transaction.get(gauge.reading, 0), "unit": gauge.unit}
        if describe:
            entry |= {"short": gauge.short, "long": gauge.long}
        gauges.append(entry)
    return {
        "name": "dashboard",
        "ControllerTime_custom": controller.calendar.isoformat(controller.env.now)[:16].replace("T", " "),
        "settings_changed": bool(store.pending_reboot),
        "groups": [{"name": name, "params": [param(k) for k in keys]} for name, keys in DASHBOARD_GROUPS],
        "GraphicDashboard": gauges,
    }
