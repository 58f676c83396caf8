"""The OpenAPI document of the ABS API, generated from the operation declarations.

``python -m simulator.api.abs.openapi > simulator/api/abs/openapi.yaml`` refreshes
the committed document; a test checks that it matches the routes.
"""

from __future__ import annotations

import sys
from typing import Any

import yaml

from ...model.backoffice import TABLE, Status
from ...model.backoffice.access import who_may
from ...model.backoffice.fields import Field, Kind
from .conventions import SESSION_HEADER, Operation

ALWAYS = (Status.OK, Status.INVALID_COMBINATION, Status.INVALID_PARAMETER, Status.MISSING_PARAMETER, Status.OTHER_ERROR)


def schema(field: Field) -> dict[str, Any]:
    kind = field.kind
    if kind is Kind.STRING:
        out: dict[str, Any] = {"type": "string", "maxLength": field.max_length}
        if field.min_length:
            out["minLength"] = field.min_length
    elif kind is Kind.BOOLEAN:
        out = {"type": "boolean"}
    elif kind is Kind.ENUM:
        out = {"type": "string", "enum": list(field.options)}
    elif kind is Kind.ENUM_LIST:
        out = {"type": "string", "description": "comma-separated, each one of: " + ", ".join(field.options)}
    elif kind is Kind.ID_LIST:
        out = {"type": "string", "pattern": "^([0-9]+(,[0-9]+)*)?$", "description": "comma-separated ids"}
    elif kind is Kind.NUMBER:
        out = {"type": "number"}
    else:
        out = {"type": "integer", "format": "int64"}
        if kind is Kind.ID:
            out |= {"minimum": 1, "maximum": 2**31 - 1}
        if kind is Kind.TIMESTAMP:
            out |= {"minimum": 0, "description": "Unix UTC seconds"}
    if field.minimum is not None:
        out["minimum"] = field.minimum
    if field.maximum is not None:
        out["maximum"] = field.maximum
    if field.description:
        out["description"] = field.description
    return out


def _operation(op: Operation) -> dict[str, Any]:
    params = [{"name": n, "in": "path", "required": True, "schema": schema(op.path_field(n))} for n in op.path_names]
    params += [{"name": f.name, "in": "query", "required": f.required, "schema": schema(f)} for f in op.params]
    codes = sorted({*ALWAYS, *op.codes, *((Status.SESSION_INVALID,) if op.authenticated else ())})
    out: dict[str, Any] = {
        "summary": op.summary,
        "operationId": f"{op.method.lower()}{op.path.replace('/abs', '').replace('/', '_').replace('{', '').replace('}', '')}",
        "tags": [op.tag],
        "description": "statusCode: " + ", ".join(f"{int(c)} {c.name.replace('_', ' ').lower()}" for c in codes)
                       + (f". Roles (* only the tenant's own entries): {who_may(TABLE[op.resource].get(op.method))}" if op.authenticated else ""),
        "responses": {
            "200": {"description": "the result; statusCode says how it went", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Reply"}}}},
            "400": {"description": "statusCode 888: a required parameter is missing", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Reply"}}}},
        },
    }
    if op.authenticated:
        out["security"] = [{"session": []}]
        out["responses"]["403"] = {"description": "statusCode 445: ABS-Session-Id invalid or expired", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Reply"}}}}
    if params:
        out["parameters"] = params
    return out


def document(operations: tuple[Operation, ...]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "ABS web services (chargebench simulator)",
            "version": "1.0",
            "description": "Every input is a URI query parameter, also for POST/PUT/DELETE. Every reply is a JSON "
                           "object with a string statusCode. 445 comes with HTTP 403, 888 with HTTP 400, every other "
                           "code with HTTP 200.",
        },
        "paths": paths,
        "components": {
            "securitySchemes": {"session": {"type": "apiKey", "in": "header", "name": SESSION_HEADER}},
            "schemas": {"Reply": {
                "type": "object", "required": ["statusCode"],
                "properties": {"statusCode": {"type": "string", "enum": [str(int(s)) for s in Status]}, "message": {"type": "string"}},
            }},
        },
    }


def render(operations: tuple[Operation, ...]) -> str:
    return yaml.safe_dump(document(operations), sort_keys=False, width=200)


if __name__ == "__main__":
    from .app import OPERATIONS

    sys.stdout.write(render(OPERATIONS))
