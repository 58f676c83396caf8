"""The one entry point of the controller API, shared by the REST and NFC transports."""

from __future__ import annotations

from typing import Callable

from ...clock import SimClock
from ...model.controller import Controller, ModelError
from ...model.records import Conflict, NotFound, Refused
from . import handlers  # noqa: F401  (registers every route on the router)
from .routing import MAX_QUERY_CHARS, ApiError, ApiRequest, ApiResponse, Call, router


REFUSAL_STATUS = {Refused: 400, NotFound: 404, Conflict: 409}


class Dispatcher:
    """Checks the session, runs the handler, lets the model settle; never raises.

    A controller whose mains are off answers nothing: ``dispatch`` returns None
    and the transport gives no answer (REST closes the connection).
    """

    def __init__(self, clock: SimClock, lookup: Callable[[str], Controller | None]) -> None:
        self.clock = clock
        self.lookup = lookup

    def dispatch(self, cp_id: str, request: ApiRequest) -> ApiResponse | None:
        controller = self.lookup(cp_id)
        if controller is None:
            return ApiError(404, f"unknown controller '{cp_id}'").response()
        self.clock.sync()
        if not controller.powered:
            return None
        try:
            response = self._call(controller, request)
        except ApiError as error:
            response = error.response()
        except ModelError as error:
            response = ApiError(409, str(error)).response()
        except Refused as error:
            response = ApiError(REFUSAL_STATUS[type(error)], error.cause).response()
        self.clock.settle()
        return response

    def _call(self, controller: Controller, request: ApiRequest) -> ApiResponse:
        route, params = router.resolve(request.method, request.path)
        if request.query:
            unknown = sorted(set(request.query) - set(route.query))
            if unknown:
                raise ApiError(400, f"unknown query parameter '{unknown[0][:40]}'")
            for name, value in request.query.items():
                if len(value) > MAX_QUERY_CHARS:
                    raise ApiError(400, f"query parameter '{name}' longer than {MAX_QUERY_CHARS} characters")
        now = float(controller.env.now)
        session = None
        if route.auth:
            session = controller.logins.touch(request.authorization, now)
            if session is None:
                return ApiResponse(401, {"success": False, "cause": "unauthorized"})
        result = route.handler(Call(controller, request, params, session, now))
        return result if isinstance(result, ApiResponse) else ApiResponse(200, result)
