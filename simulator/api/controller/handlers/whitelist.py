"""The local whitelist: list, add/edit/clear, delete by ``ids=`` or deprecated body, pairing mode."""

from __future__ import annotations

from typing import Any

from ..routing import ApiError, Call, router

MAX_IDS_CHARS = 1000
COMMANDS = ("add", "edit", "clear")


def _check_type(value: object, required: bool) -> None:
    if value is None and not required:
        return
    if value is None:
        raise ApiError(400, "missing parameter 'type'")
    if value != "local":
        raise ApiError(400, "only the 'local' whitelist is supported")


def _tags(body: dict[str, Any]) -> list[Any]:
    tags = body.get("tags")
    if tags is None:
        raise ApiError(400, "missing parameter 'tags'")
    if not isinstance(tags, list) or not tags:
        raise ApiError(400, "'tags' must be a non-empty array")
    return tags


@router.route("GET", "/whitelist", query=("type",))
def list_tags(call: Call) -> dict[str, Any]:
    _check_type(call.query("type"), required=True)
    return {"success": True, "tags": [e.as_dict() for e in call.controller.whitelist.entries()]}


@router.route("POST", "/whitelist")
def change_tags(call: Call) -> dict[str, bool]:
    body = call.json_fields("type", "command", "tags")
    assert body is not None
    _check_type(body.get("type"), required=True)
    command = body.get("command")
    whitelist = call.controller.whitelist
    if command == "clear":
        if body.get("tags", []) != []:
            raise ApiError(400, "'clear' takes no tags")
        whitelist.clear()
    elif command == "add":
        whitelist.add(_tags(body))
    elif command == "edit":
        whitelist.edit(_tags(body))
    else:
        raise ApiError(400, f"'command' must be one of {', '.join(COMMANDS)}")
    return {"success": True}


def _ids_to_delete(call: Call) -> list[Any]:
    """From ``ids=`` (preferred) or the deprecated ``{"command": "delete", "tags": [...]}`` body."""
    ids = call.query("ids")
    if ids is not None:
        if call.json(required=False) is not None:
            raise ApiError(400, "give the ids in the 'ids' query or in the body, not both")
        if len(ids) > MAX_IDS_CHARS:
            raise ApiError(400, f"'ids' query longer than {MAX_IDS_CHARS} characters")
        return ids.split(",")
    body = call.json_fields("type", "command", "tags", required=False)
    if body is None:
        raise ApiError(400, "missing parameter 'tags'")
    _check_type(body.get("type"), required=True)
    if body.get("command") != "delete":
        raise ApiError(400, "'command' must be 'delete'")
    tags = _tags(body)
    if not all(isinstance(t, dict) and set(t) == {"id"} for t in tags):
        raise ApiError(400, "each tag to delete must be {\"id\": ...}")
    return [t["id"] for t in tags]


@router.route("DELETE", "/whitelist", query=("type", "ids"))
def delete_tags(call: Call) -> dict[str, bool]:
    _check_type(call.query("type"), required=False)
    call.controller.whitelist.delete(_ids_to_delete(call))
    return {"success": True}


@router.route("POST", "/whitelist/pairing")
def enable_pairing(call: Call) -> dict[str, bool]:
    call.controller.enable_pairing()
    return {"success": True}


@router.route("GET", "/whitelist/pairing")
def pairing_token(call: Call) -> dict[str, object]:
    token = call.controller.pairing.token
    if token is None:
        raise ApiError(404, "no token read in pairing mode")
    return token.as_dict()
