"""The ABS conventions in one place: query-parameter inputs, string ``statusCode``, errors.

* Every input is a URI query parameter, for every method.
* Every reply is a JSON object with ``statusCode`` as a string.
* 445 (invalid or expired ``ABS-Session-Id``) goes out with HTTP 403, 888 (a
  missing parameter) with HTTP 400 as the spec allows; every other code with
  HTTP 200, the status being in the body.
* Anything unexpected is a 999, never an HTTP 500 or a traceback; a path with no
  endpoint or a wrong method is a 999 too, with HTTP 404 or 405.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping


from ...model.backoffice import Access, AbsError, BackOffice, Status
from ...model.backoffice.fields import Field, Kind

LOG = logging.getLogger("chargebench.abs")
SESSION_HEADER = "ABS-Session-Id"
HTTP_STATUS = {Status.SESSION_INVALID: 403, Status.MISSING_PARAMETER: 400}
PATH_PARAM = re.compile(r"{(\w+)}")


@dataclass
class Call:
    """One parsed request: who asks, the typed parameters and path ids."""

    backoffice: BackOffice
    access: Access | None
    """The caller's cell of the access table for this operation (None: not logged in)."""
    user_id: int | None
    params: dict[str, Any]
    path: dict[str, Any]

    @property
    def who(self) -> Access:
        assert self.access is not None
        return self.access


Handler = Callable[[Call], dict[str, Any]]


@dataclass(frozen=True)
class Operation:
    """One endpoint: it is routed and documented (OpenAPI) from this declaration alone."""

    method: str
    path: str
    summary: str
    handler: Handler
    params: tuple[Field, ...] = ()
    codes: tuple[Status, ...] = ()
    authenticated: bool = True
    tag: str = "frontend"
    path_params: dict[str, Field] = field(default_factory=dict)
    resource: str = ""
    """Its row of the access table (:data:`simulator.model.backoffice.access.TABLE`); the column is ``method``."""

    @property
    def path_names(self) -> list[str]:
        return PATH_PARAM.findall(self.path)

    @property
    def refusal(self) -> Status | None:
        """What a caller whose cell is NONE gets before anything is read: for an operation on
        an entry named in its path, that entry's "unknown" code (the first code it lists), as
        if it did not exist; None for a list, which runs and shows nothing; 444 otherwise
        (creating, starting, reserving, cancelling, and the charging-station interface)."""
        if self.tag == "cs":
            return Status.AUTHENTICATION_FAILED
        if self.path_names:
            return self.codes[0]
        return None if self.method == "GET" else Status.AUTHENTICATION_FAILED

    def path_field(self, name: str) -> Field:
        known = self.path_params.get(name)
        return Field(name, Kind.ID, required=True) if known is None else known


def body(status: Status = Status.OK, **fields: Any) -> tuple[int, dict[str, Any]]:
    """The HTTP status and the JSON body of a reply."""
    return HTTP_STATUS.get(status, 200), {"statusCode": str(int(status)), **fields}


def parse_path(operation: Operation, match_info: Mapping[str, str]) -> dict[str, Any]:
    return {name: operation.path_field(name).parse(match_info[name]) for name in operation.path_names}


def parse_query(operation: Operation, pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The query as a plain mapping; a parameter passed twice is an illegal value (777)."""
    query: dict[str, str] = {}
    for key, value in pairs:
        if key in query:
            raise AbsError(Status.INVALID_PARAMETER, f"parameter '{key}' is passed more than once")
        query[key] = value
    return query
