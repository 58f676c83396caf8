"""The served OpenAPI document is the committed one, and it describes exactly the routes."""

from __future__ import annotations

from importlib import resources

import yaml

from rigs.abs import AbsClient
from simulator.api.abs.app import OPERATIONS
from simulator.api.abs.openapi import render
from simulator.model.backoffice import Status

from .abs_support import abs_server, admin, served_document  # noqa: F401  (fixtures)


def test_the_committed_document_is_generated_from_the_routes() -> None:
    committed = resources.files("simulator.api.abs").joinpath("openapi.yaml").read_text()
    assert committed == render(OPERATIONS), "run: python -m simulator.api.abs.openapi > simulator/api/abs/openapi.yaml"


def test_the_served_document_lists_every_route(admin: AbsClient) -> None:  # noqa: F811
    document = served_document(admin)
    documented = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    assert documented == {(op.method, op.path) for op in OPERATIONS}


def test_every_status_code_of_the_spec_is_documented_by_some_operation() -> None:
    document = yaml.safe_load(render(OPERATIONS))
    text = " ".join(op["description"] for item in document["paths"].values() for op in item.values())
    missing = [s for s in Status if f"{int(s)} {s.name.replace('_', ' ').lower()}" not in text]
    assert missing == []
