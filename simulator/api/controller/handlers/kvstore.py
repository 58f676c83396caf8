"""The generic key-value store: get all, add many, modify many, get one, delete one."""

from __future__ import annotations

from typing import Any

from ..routing import Call, router


def _pairs(call: Call) -> dict[str, Any]:
    body = call.json_object()
    assert body is not None
    return body


@router.route("GET", "/kvstore")
def all_pairs(call: Call) -> dict[str, str]:
    return call.controller.kvstore.all()


@router.route("POST", "/kvstore")
def add_pairs(call: Call) -> dict[str, bool]:
    call.controller.kvstore.add(_pairs(call))
    return {"success": True}


@router.route("PUT", "/kvstore")
def modify_pairs(call: Call) -> dict[str, bool]:
    call.controller.kvstore.modify(_pairs(call))
    return {"success": True}


@router.route("GET", "/kvstore/{key}")
def get_pair(call: Call) -> dict[str, str]:
    key = call.params["key"]
    return {key: call.controller.kvstore.get(key)}


@router.route("DELETE", "/kvstore/{key}")
def delete_pair(call: Call) -> dict[str, bool]:
    call.controller.kvstore.delete(call.params["key"])
    return {"success": True}
