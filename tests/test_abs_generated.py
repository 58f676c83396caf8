"""Generated requests against the ABS API, driven by its OpenAPI document: never a server error.

Hypothesis draws an operation and its parameters from the served document,
mostly legal values and sometimes any text, or leaves parameters out; every
request goes over real HTTP. At least 2,000 requests, none answered 5xx, every
reply a JSON object with a string statusCode.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rigs.abs import AbsClient

from .abs_support import abs_server, admin, served_document  # noqa: F401  (fixtures)

BATCH = 10
EXAMPLES = 220
MIN_REQUESTS = 2000


def value(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    kind = schema.get("type")
    if "enum" in schema:
        legal: st.SearchStrategy[Any] = st.sampled_from(schema["enum"])
    elif kind == "integer":
        legal = st.integers(int(schema.get("minimum", -5)), min(int(schema.get("maximum", 10**6)), 10**6)) | st.integers(1, 6)
    elif kind == "number":
        legal = st.floats(schema.get("minimum", -1e6), schema.get("maximum", 1e6), allow_nan=False)
    elif kind == "boolean":
        legal = st.sampled_from(["true", "false"])
    else:
        legal = st.text(min_size=schema.get("minLength", 0), max_size=min(schema.get("maxLength", 30), 30))
    noise = st.text(max_size=12) | st.sampled_from(["", "-1", "0", "1e400", "NaN", "true", "%00", "9" * 30])
    return st.one_of(legal.map(str), noise)


def request_for(operations: list[tuple[str, str, list[dict[str, Any]]]]) -> st.SearchStrategy[tuple[str, str, dict[str, str]]]:
    @st.composite
    def build(draw: st.DrawFn) -> tuple[str, str, dict[str, str]]:
        method, path, params = draw(st.sampled_from(operations))
        query: dict[str, str] = {}
        for param in params:
            text = draw(value(param["schema"]))
            if param["in"] == "path":
                path = path.replace("{" + param["name"] + "}", text.replace("/", "_").replace("?", "_") or "0")
            elif param.get("required") and draw(st.integers(0, 9)) > 0 or draw(st.booleans()):
                query[param["name"]] = text
        return method, path, query

    return build()


def test_generated_requests_never_get_a_server_error(admin: AbsClient) -> None:  # noqa: F811
    document = served_document(admin)
    operations = [
        (method.upper(), path, op.get("parameters", []))
        for path, item in document["paths"].items()
        for method, op in item.items()
        if (method, path) != ("delete", "/abs/authentication")
    ]
    sent: list[int] = []

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(request_for(operations), min_size=BATCH, max_size=BATCH))
    def run(batch: list[tuple[str, str, dict[str, str]]]) -> None:
        for method, path, query in batch:
            reply = admin.call(method, path, query)
            sent.append(reply.http_status)
            assert reply.http_status < 500, f"{method} {path} {query}: HTTP {reply.http_status} {reply.body!r}"
            assert isinstance(reply.body, dict) and isinstance(reply.body.get("statusCode"), str), reply.body
            if reply.status_code == "445":
                admin.login("admin", "abs-admin-pw")

    run()
    assert len(sent) >= MIN_REQUESTS, f"only {len(sent)} requests were sent"
