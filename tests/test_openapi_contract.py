"""The OpenAPI document of the controller API names exactly the routes the simulator has."""

from __future__ import annotations

from typing import Any, Iterator

import pytest
import yaml

from rigs.controller.transport import RestTransport
from simulator.api.controller.dispatcher import router
from simulator.api.controller.rest import OPENAPI_PATH, openapi_document
from simulator.server import SimulatorThread

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return yaml.safe_load(openapi_document())


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], list[dict[str, Any]]]]:
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield method.upper(), path, item[method], item.get("parameters", []) + item[method].get("parameters", [])


def resolved(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    target: Any = document
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return target


def test_every_route_is_documented_and_every_documented_operation_is_routed(document: dict[str, Any]) -> None:
    routed = {(r.method, r.pattern) for r in router.routes}
    documented = {(method, path) for method, path, _op, _params in operations(document)}
    assert routed - documented == set(), "routes missing from openapi.yaml"
    assert documented - routed == set(), "operations in openapi.yaml the simulator does not route"


def test_query_parameters_match_what_each_route_accepts(document: dict[str, Any]) -> None:
    accepted = {(r.method, r.pattern): set(r.query) for r in router.routes}
    for method, path, _op, params in operations(document):
        names = {p["name"] for p in (resolved(document, p) for p in params) if p["in"] == "query"}
        assert names == accepted[(method, path)], f"{method} {path}"


def test_authorization_is_documented_as_the_router_enforces_it(document: dict[str, Any]) -> None:
    needs_auth = {(r.method, r.pattern): r.auth for r in router.routes}
    for method, path, op, _params in operations(document):
        security = op.get("security", document["security"])
        assert bool(security) is needs_auth[(method, path)], f"{method} {path}"
        if needs_auth[(method, path)]:
            assert "401" in op["responses"], f"{method} {path} does not document its 401"


def test_the_simulator_serves_the_packaged_document(simulator: SimulatorThread | None) -> None:
    if simulator is None:
        pytest.skip("a real controller does not serve chargebench's OpenAPI document")
    assert simulator.endpoints is not None
    transport = RestTransport(simulator.endpoints.base_url, prefix="")
    try:
        reply = transport.exchange("GET", OPENAPI_PATH)
    finally:
        transport.close()
    assert reply.status == 200
    assert reply.body == openapi_document()
