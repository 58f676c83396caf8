"""App user authentication: one-time token, SHA-256 login, logout."""

from __future__ import annotations

from ..routing import ApiError, ApiResponse, Call, router


@router.route("GET", "/login", auth=False)
def get_token(call: Call) -> dict[str, str]:
    return {"token": call.controller.logins.issue_token()}


@router.route("POST", "/login", auth=False)
def login(call: Call) -> ApiResponse:
    body = call.json_object()
    assert body is not None
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        raise ApiError(400, "'username' and 'password' must be strings")
    session = call.controller.logins.login(username, password, call.now)
    if session is None:
        return ApiResponse(401, {"logged_in": False, "message": "invalid username, password or token"})
    return ApiResponse(
        200,
        {
            "logged_in": True,
            "session": {
                "id": session.id,
                "username": session.account.username,
                "role": session.account.role.name.lower(),
                "timeout": int(call.controller.logins.timeout),
            },
        },
    )


@router.route("POST", "/logout")
def logout(call: Call) -> dict[str, object]:
    assert call.session is not None
    call.controller.logins.logout(call.session.id)
    return {"logged_in": False, "message": "Not logged in"}
