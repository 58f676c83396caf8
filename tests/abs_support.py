"""A simulator with its ABS API on loopback, and the OpenAPI document, for the ABS tests."""

from __future__ import annotations

from typing import Any, Iterator

import pytest
import yaml

from rigs.abs import AbsClient
from simulator.api.abs.app import OPENAPI_PATH
from simulator.clock import ClockMode
from simulator.runtime import Simulation
from simulator.server import SimulatorThread


@pytest.fixture(scope="module")
def abs_server() -> Iterator[str]:
    sim = Simulation.from_file(seed=2026, mode=ClockMode.VIRTUAL)
    with SimulatorThread(sim) as endpoints:
        yield endpoints.base_url


@pytest.fixture(scope="module")
def admin(abs_server: str) -> Iterator[AbsClient]:
    client = AbsClient(abs_server)
    assert client.login("admin", "abs-admin-pw").status_code == "100"
    yield client
    client.close()


def served_document(client: AbsClient) -> dict[str, Any]:
    reply = client.call("GET", OPENAPI_PATH)
    assert reply.http_status == 200
    return yaml.safe_load(reply.body)
