"""``/abs/authentication``: start a session, end all of the user's sessions."""

from __future__ import annotations

from typing import Any

from ...model.backoffice import Status
from ...model.backoffice.fields import Field
from .conventions import Call, Operation

USERNAME = Field("username", required=True, min_length=1, max_length=100)
PASSWORD = Field("password", required=True, min_length=1, max_length=200)


def login(call: Call) -> dict[str, Any]:
    session_id, caller, language = call.backoffice.login(call.params["username"], call.params["password"])
    return {"sessionId": session_id, "userType": sorted(caller.roles), "language": language}


def logout(call: Call) -> dict[str, Any]:
    assert call.user_id is not None
    return {"endedSessions": call.backoffice.sessions.end_all(call.user_id)}


OPERATIONS = (
    Operation("POST", "/abs/authentication", "Start an API session", login, (USERNAME, PASSWORD),
              (Status.AUTHENTICATION_FAILED,), authenticated=False, tag="authentication"),
    Operation("DELETE", "/abs/authentication", "Delete all the user's sessions", logout, tag="authentication", resource="authentication"),
)
