"""At least 10,000 hostile requests per API: never a 5xx, always strict JSON in the API's shape.

Generated from each API's own description (tests/hostile.py): deep nesting, NaN and
Infinity, huge numbers, unicode, broken UTF-8, oversized bodies, wrong methods and
paths.  The controller API answers refusals with ``{"success": false, "cause"}``,
the ABS with a string ``statusCode`` (999 for a path or method it does not have),
the OIOI hub with ``error`` and ``result``.  Each run prints how many requests it
sent and the statuses it got; the world is reset around each run.
"""

from __future__ import annotations

import random
from typing import Any, Callable, Iterator

import pytest
import yaml

from rigs.abs import AbsClient
from rigs.controller import ControllerClient, RestTransport
from rigs.simcontrol import SimControl
from simulator.api.abs.app import OPENAPI_PATH as ABS_OPENAPI
from simulator.api.abs.conventions import SESSION_HEADER
from simulator.api.controller.rest import openapi_document
from simulator.api.oioi import schema
from simulator.api.oioi.service import HUB_PATH
from simulator.server import SimulatorThread

from .hostile import METHODS, Probe, SchemaInstances, Tally, body_text, fragment, oversized, send_all

REQUESTS = 10_000
OVERSIZED_EVERY = 1000
MAX_QUERY_FRAGMENT = 30_000
"""Percent-encoded, a query stays below the server's 128 KB request line: a longer line is
refused by the HTTP parser itself (plain-text 400), before any API sees it."""
CONTROLLER = "CP-3"
OIOI_KEYS = {"emp": "oem-app-key-0001-chargebench", "cpo": "cpo-depot-key-0001-chargebench"}


@pytest.fixture
def base_url(simulator: SimulatorThread | None, request: pytest.FixtureRequest) -> Iterator[str]:
    """The simulator's URL, in a fresh world that is reset again afterwards."""
    if simulator is None:
        pytest.skip("hostile runs change whatever they may: they run against the simulator only")
    assert simulator.endpoints is not None
    control = SimControl(simulator.endpoints.base_url)
    control.reset()
    yield simulator.endpoints.base_url
    control.reset()
    control.close()


def report(tally: Tally, api: str, request: pytest.FixtureRequest) -> None:
    print("\n" + tally.summary(api))
    request.node.user_properties.append((f"{api}_hostile_requests", tally.sent))
    assert not tally.problems, f"{len(tally.problems)} bad answers, e.g.\n" + "\n".join(tally.problems[:10])
    assert tally.sent >= REQUESTS, f"only {tally.sent} requests were sent"


def wrong_path(rng: random.Random, prefix: str) -> str:
    return prefix + rng.choice(["nothing", "", "a/b/c", "%00", "..%2f", "\u00e9t\u00e9", "x" * 300])


def seed_of(request: pytest.FixtureRequest) -> int:
    return int(request.config.getoption("--seed"))


# -- the controller API ------------------------------------------------------------------


def controller_probes(rng: random.Random, session: dict[str, str]) -> Iterator[Probe]:
    document = yaml.safe_load(openapi_document())
    components = document["components"]["schemas"]
    instances = SchemaInstances(lambda ref: components[ref.rsplit("/", 1)[-1]], rng)
    operations = [(m.upper(), p, op) for p, item in document["paths"].items() for m, op in item.items() if m in ("get", "post", "put", "delete")]
    prefix = f"/cp/{CONTROLLER}/v1"
    for number in range(REQUESTS):
        method, path, op = rng.choice(operations)
        path = path.replace("{userId}", rng.choice(["6d5e4c3b-2a19-4f08-9e7d-6c5b4a392817", "x"])).replace("{key}", rng.choice(["k", "\u00e9", "a" * 300]))
        content = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {"type": "object"})
        template = instances.instance(content)
        kind = rng.randrange(20)
        query: dict[str, str] = {}
        if kind == 0:
            method = rng.choice([m for m in METHODS if m != method])
        elif kind == 1:
            path = wrong_path(rng, "/")
        elif kind == 2:
            query = {rng.choice(["params", "from", "to", "descriptions", "type", "ids", "x"]): fragment(rng)[:MAX_QUERY_FRAGMENT]}
        body = oversized() if number % OVERSIZED_EVERY == 0 else body_text(template, rng)
        yield Probe(method, prefix + path, query, body, {"Authorization": session["id"]})


def test_the_controller_api_answers_hostile_requests_in_its_own_shape(base_url: str, request: pytest.FixtureRequest) -> None:
    client = ControllerClient(RestTransport(f"{base_url}/cp/{CONTROLLER}"), "operator", "chargebench")
    session = {"id": client.login()}

    def check(probe: Probe, status: int, body: Any) -> str | None:
        if status < 400:
            return None
        if not isinstance(body, dict):
            return "an error that is not a JSON object"
        if body.get("success") is False and isinstance(body.get("cause"), str):
            return None
        if status == 401 and probe.path.endswith("/login") and body.get("logged_in") is False:
            return None  # the spec's failed login
        if status == 400 and "/settings" in probe.path and isinstance(body.get("params"), list):
            return None  # the spec's per-setting results
        return "not the controller's error shape"

    def renew(_probe: Probe, status: int, _body: Any) -> None:
        if status == 401:
            session["id"] = client.login()

    tally = send_all(base_url, controller_probes(random.Random(seed_of(request)), session), check, renew)
    client.transport.close()
    report(tally, "controller", request)


# -- the ABS ----------------------------------------------------------------------------------


def abs_query(rng: random.Random, instances: SchemaInstances, params: list[dict[str, Any]]) -> dict[str, str]:
    query = {p["name"]: str(instances.instance(p.get("schema", {}))).lower() for p in params
             if p["in"] == "query" and p["name"] != "password" and (p.get("required") or rng.random() < 0.5)}
    if query and rng.random() < 0.8:
        query[rng.choice(sorted(query))] = fragment(rng)[:MAX_QUERY_FRAGMENT]
    return query


def abs_probes(rng: random.Random, document: dict[str, Any], session: dict[str, str]) -> Iterator[Probe]:
    instances = SchemaInstances(lambda ref: {}, rng)
    operations = [
        (method.upper(), path, op.get("parameters", []))
        for path, item in document["paths"].items()
        for method, op in item.items()
        if not (path.startswith("/abs/frontend/user") and method != "get") and (method, path) != ("delete", "/abs/authentication")
    ]
    for number in range(REQUESTS):
        method, path, params = rng.choice(operations)
        for param in params:
            if param["in"] == "path":
                path = path.replace("{" + param["name"] + "}", rng.choice(["1", "2", "0", "-1", "99999999999999999999", "NaN", "1e400", "%C3%A9"]))
        query = abs_query(rng, instances, params)
        kind = rng.randrange(20)
        if kind == 0:
            method = rng.choice([m for m in METHODS if m != method])
        elif kind == 1:
            path = wrong_path(rng, "/abs/")
        body = oversized() if number % OVERSIZED_EVERY == 0 else body_text({"name": "x"}, rng) if kind < 4 else None
        yield Probe(method, path, query, body, {SESSION_HEADER: session["id"]})


def test_the_abs_answers_hostile_requests_in_its_own_shape(base_url: str, request: pytest.FixtureRequest) -> None:
    admin = AbsClient(base_url)
    assert admin.login("admin", "abs-admin-pw").status_code == "100"
    reply = admin.call("GET", ABS_OPENAPI)
    document = yaml.safe_load(reply.body)
    session = {"id": admin.session_id or ""}

    def check(_probe: Probe, status: int, body: Any) -> str | None:
        if not isinstance(body, dict) or not isinstance(body.get("statusCode"), str):
            return "no string statusCode"
        if status in (404, 405, 413) and body["statusCode"] != "999":
            return "a path, method or size the ABS refuses is 999"
        return None

    def renew(_probe: Probe, _status: int, body: Any) -> None:
        if isinstance(body, dict) and body.get("statusCode") == "445":
            admin.login("admin", "abs-admin-pw")
            session["id"] = admin.session_id or ""

    tally = send_all(base_url, abs_probes(random.Random(seed_of(request)), document, session), check, renew)
    admin.close()
    report(tally, "ABS", request)


# -- the OIOI hub ---------------------------------------------------------------------------


def oioi_probes(rng: random.Random) -> Iterator[Probe]:
    defs = schema.document()["$defs"]
    instances = SchemaInstances(lambda ref: defs[ref.removeprefix("#/$defs/")], rng)
    names = schema.call_names()
    for number in range(REQUESTS):
        name = rng.choice(names)
        role = sorted(schema.roles(name))[0]
        envelope = {name: instances.instance(schema.request_schema(name))}
        kind = rng.randrange(20)
        path, method = HUB_PATH, "POST"
        key = f"key={OIOI_KEYS[role]}"
        if kind == 0:
            method = rng.choice([m for m in METHODS if m != method])
        elif kind == 1:
            path = wrong_path(rng, "/api/v4/")
        elif kind == 2:
            key = rng.choice(["", "key=", "key=nope", f"key={OIOI_KEYS['cpo' if role == 'emp' else 'emp']}", "Bearer x"])
        body = oversized() if number % OVERSIZED_EVERY == 0 else body_text(envelope, rng)
        yield Probe(method, path, {}, body, {"Authorization": key, "Content-Type": "application/json"})


def oioi_check(_probe: Probe, status: int, body: Any) -> str | None:
    result = body.get("result") if isinstance(body, dict) else None
    if not isinstance(result, dict) or not isinstance(result.get("code"), int) or not isinstance(result.get("message"), str):
        return "no result code"
    if status >= 400 and not isinstance(body.get("error"), str):
        return "a 4xx without an error property"
    return None


def test_the_oioi_hub_answers_hostile_requests_in_its_own_shape(base_url: str, request: pytest.FixtureRequest) -> None:
    no_renewal: Callable[[Probe, int, Any], None] = lambda _p, _s, _b: None
    tally = send_all(base_url, oioi_probes(random.Random(seed_of(request))), oioi_check, no_renewal)
    report(tally, "OIOI", request)
