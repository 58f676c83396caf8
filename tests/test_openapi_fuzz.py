"""Schemathesis drives every operation of openapi.yaml against the running simulator.

Positive and negative data for each operation, logged in: no 5xx, every
status, content type and body as documented, and schema-violating requests
refused.  Bounded in examples; the request count is reported.
"""

from __future__ import annotations

from typing import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from rigs.controller import ControllerClient, RestTransport
from rigs.simcontrol import SimControl
from simulator.api.controller.rest import OPENAPI_PATH
from simulator.server import SimulatorThread

EXAMPLES_PER_OPERATION_AND_MODE = 40
MIN_REQUESTS = 2000
CONTROLLER = "CP-4"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance, negative_data_rejection]


@pytest.fixture
def fresh_world(simulator: SimulatorThread | None) -> Iterator[SimulatorThread]:
    """The fuzzer fills stores and changes settings: the world is reset around it."""
    if simulator is None:
        pytest.skip("the fuzzer changes whatever it may: it runs against the simulator only")
    assert simulator.endpoints is not None
    sim = SimControl(simulator.endpoints.base_url)
    sim.reset()
    yield simulator
    sim.reset()
    sim.close()


def test_every_operation_answers_as_documented(fresh_world: SimulatorThread, request: pytest.FixtureRequest) -> None:
    endpoints = fresh_world.endpoints
    assert endpoints is not None
    schema = schemathesis.openapi.from_url(endpoints.base_url + OPENAPI_PATH)
    base_url = endpoints.controller_url(CONTROLLER) + "/v1"
    client = ControllerClient(RestTransport(endpoints.controller_url(CONTROLLER)), "operator", "chargebench")
    session = client.login()
    sent = 0
    failures: list[str] = []

    for operation in (result.ok() for result in schema.get_all_operations()):
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @seed(request.config.getoption("--seed"))
            @settings(max_examples=EXAMPLES_PER_OPERATION_AND_MODE, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode))
            def exercise(case: schemathesis.Case) -> None:
                nonlocal sent
                # logging out ends the session it names: give it a session of its own
                headers = {"Authorization": client.login() if operation.path == "/logout" else session}
                sent += 1
                response = case.call(base_url=base_url, headers=headers)
                case.validate_response(response, checks=CHECKS, headers=headers)

            try:
                exercise()
            except Unsatisfiable:
                continue  # e.g. GET /login has nothing that could be made invalid
            except (Exception, FailureGroup) as error:  # every operation runs; failures are reported together
                failures.append(f"{operation.label} ({mode.value}): {str(error)[:2000]}")
    client.transport.close()

    request.node.user_properties.append(("schemathesis_requests", sent))
    print(f"\nschemathesis sent {sent} requests to {len(schema)} paths")
    assert not failures, "\n\n".join(failures)
    assert sent >= MIN_REQUESTS
