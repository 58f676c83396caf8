"""Chargepoint users: names mapped to UUIDs; list, add, get, rename, delete."""

from __future__ import annotations

from typing import Any

from ..routing import Call, router


def _user_name(call: Call) -> object:
    body = call.json_fields("userName")
    assert body is not None
    return body.get("userName")


@router.route("GET", "/users")
def list_users(call: Call) -> dict[str, Any]:
    return {"users": [u.as_dict() for u in call.controller.users.all()]}


@router.route("POST", "/users")
def add_user(call: Call) -> dict[str, str]:
    return call.controller.users.add(_user_name(call)).as_dict()


@router.route("GET", "/users/{userId}")
def get_user(call: Call) -> dict[str, str]:
    return call.controller.users.get(call.params["userId"]).as_dict()


@router.route("PUT", "/users/{userId}")
def rename_user(call: Call) -> dict[str, bool]:
    call.controller.users.rename(call.params["userId"], _user_name(call))
    return {"success": True}


@router.route("DELETE", "/users/{userId}")
def delete_user(call: Call) -> dict[str, bool]:
    call.controller.users.delete(call.params["userId"])
    return {"success": True}
