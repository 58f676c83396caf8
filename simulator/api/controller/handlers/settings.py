"""Settings parameters: read with meta info, write, and the validated all-or-nothing write."""

from __future__ import annotations

from typing import Any

from ....model.controller import Controller
from ....model.settings import Role, WriteResult
from ..routing import ApiError, ApiResponse, Call, router


def _requested_keys(call: Call) -> list[str] | None:
    """Keys from ``params=`` (preferred) or the deprecated body; None means all."""
    query = call.query("params")
    if query is not None:
        if call.json(required=False) is not None:
            raise ApiError(400, "give the keys in the 'params' query or in the body, not both")
        keys = [k for k in query.split(",") if k]
        if not keys:
            raise ApiError(400, "empty 'params' query")
        return keys
    body = call.json_object(required=False)
    if body is None:
        return None
    params = body.get("params")
    if not isinstance(params, list) or not all(isinstance(k, str) for k in params):
        raise ApiError(400, "'params' must be an array of key names")
    return params


def settings_document(controller: Controller, keys: list[str] | None, name: str = "settings") -> dict[str, Any]:
    store = controller.settings
    if keys is None:
        keys = store.keys()
    unknown = [k for k in keys if k not in store.catalogue]
    if unknown:
        raise ApiError(400, f"unknown parameter '{unknown[0]}'")
    result = {k: {"value": store[k], **store.catalogue[k].meta()} for k in keys}
    groups: dict[str, list[str]] = {}
    for key in keys:
        groups.setdefault(store.catalogue[key].group, []).append(key)
    return {
        "name": name,
        "result": result,
        "groups": [{"name": g, "params": ks} for g, ks in groups.items()],
        "ChargePointInfo": {
            "chargePointId": store["ChargePointId_ocpp"],
            "serialNumber": store["SerialNumber_sys"],
            "firmwareVersion": store["FirmwareVersion_sys"],
            "model": "chargebench simulated controller",
        },
    }


@router.route("GET", "/settings", query=("params",))
def get_settings(call: Call) -> dict[str, Any]:
    return settings_document(call.controller, _requested_keys(call))


def _pairs(call: Call) -> list[Any]:
    body = call.json_object()
    assert body is not None
    params = body.get("params")
    if not isinstance(params, list) or not params:
        raise ApiError(400, "'params' must be a non-empty array of {key, value} objects")
    return params


def _check(call: Call, pair: Any) -> WriteResult:
    if not isinstance(pair, dict) or set(pair) != {"key", "value"}:
        return WriteResult(str(pair.get("key")) if isinstance(pair, dict) else "", None, False, 'each parameter must be {"key": ..., "value": ...}')
    role = call.session.account.role if call.session else Role.USER
    cause = call.controller.settings.check(pair["key"], pair["value"], role)
    return WriteResult(str(pair["key"]), pair["value"], cause is None, cause)


def _write(call: Call, results: list[WriteResult]) -> dict[str, Any]:
    controller = call.controller
    reboot = False
    for result in results:
        if result.success:
            reboot |= controller.settings.write(result.key, result.value)
    controller.events.emit(call.now, controller.id, "settings_changed", keys=[r.key for r in results if r.success])
    controller.refresh_offer()
    return {"params": [r.as_dict() for r in results], "reboot_required": reboot}


@router.route("POST", "/settings")
def set_settings(call: Call) -> ApiResponse:
    results = [_check(call, pair) for pair in _pairs(call)]
    document = _write(call, results)
    return ApiResponse(200 if all(r.success for r in results) else 400, document)


@router.route("POST", "/settings/validated")
def set_settings_validated(call: Call) -> ApiResponse:
    results = [_check(call, pair) for pair in _pairs(call)]
    if not all(r.success for r in results):
        return ApiResponse(400, {"params": [r.as_dict() for r in results], "reboot_required": False, "success": False})
    return ApiResponse(200, _write(call, results))
