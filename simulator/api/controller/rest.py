"""The HTTP transport of the controller API: ``/cp/{cp_id}/v1/...`` into the dispatcher."""

from __future__ import annotations

from importlib import resources

from aiohttp import web

from ..web_json import json_response
from .dispatcher import Dispatcher
from .routing import ApiError, ApiRequest

PREFIX = "/cp/{cp_id}/v1"
OPENAPI_PATH = "/openapi/controller.yaml"


def openapi_document() -> str:
    """The OpenAPI 3 document of the whole controller API, shipped in the package."""
    return resources.files(__package__).joinpath("openapi.yaml").read_text(encoding="utf-8")


def _no_answer(request: web.Request) -> web.Response:
    """A controller without mains: the connection closes with no reply (the client sees a disconnect)."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=503)  # never sent: aiohttp finds the transport closed


def http_error(status: int, message: str) -> web.Response:
    """What aiohttp itself refuses under ``/cp`` (e.g. a body over the size limit), in the API's shape."""
    return json_response(ApiError(status, message).response().body, status)


def controller_routes(dispatcher: Dispatcher) -> list[web.RouteDef]:
    async def handle(request: web.Request) -> web.Response:
        body = await request.read() if request.body_exists else None
        api_request = ApiRequest(
            method=request.method,
            path="/" + request.match_info["tail"],
            query=dict(request.query),
            authorization=request.headers.get("Authorization"),
            body=body,
        )
        response = dispatcher.dispatch(request.match_info["cp_id"], api_request)
        if response is None:
            return _no_answer(request)
        if response.body is None:
            return web.Response(status=response.status)
        return json_response(response.body, response.status, response.headers)

    document = openapi_document()

    async def serve_openapi(request: web.Request) -> web.Response:
        return web.Response(text=document, content_type="application/yaml")

    return [web.get(OPENAPI_PATH, serve_openapi), web.route("*", PREFIX + "/{tail:[\\s\\S]*}", handle)]
