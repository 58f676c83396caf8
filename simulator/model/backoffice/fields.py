"""Typed parameters: how a URI query value becomes a model value, or a 777.

One declaration serves the model (what a resource holds), the API (parsing the
query string) and the OpenAPI document (the schema of each parameter).
"""

from __future__ import annotations

import enum
import math
import re
from dataclasses import dataclass
from typing import Any

from .status import AbsError, Status


class Kind(enum.StrEnum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    ENUM = "enum"
    ENUM_LIST = "enumList"
    TIMESTAMP = "timestamp"
    ID = "id"
    ID_LIST = "idList"


INTEGER_TEXT = re.compile(r"-?[0-9]{1,18}")
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f]")
MAX_ID = 2**31 - 1
MAX_TIMESTAMP = 253402300799
"""9999-12-31T23:59:59Z: later instants are not timestamps but typos."""
INTEGER_RANGE = {Kind.ID: (1, MAX_ID), Kind.TIMESTAMP: (0, MAX_TIMESTAMP)}
ANY_INTEGER = (-(2**53), 2**53)


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind = Kind.STRING
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    options: tuple[str, ...] = ()
    max_length: int = 255
    min_length: int = 0
    ref: str | None = None
    """For ids: the resource the id names (its unknown code applies)."""
    default: Any = None
    write_only: bool = False
    description: str = ""

    def parse(self, text: str) -> Any:
        """The value of a query parameter; raises 777 for an illegal value."""
        try:
            return self._parse(text)
        except ValueError as error:
            raise AbsError(Status.INVALID_PARAMETER, f"parameter '{self.name}': {error}") from None

    def _parse(self, text: str) -> Any:
        kind = self.kind
        if kind is Kind.STRING:
            if not self.min_length <= len(text) <= self.max_length:
                raise ValueError(f"must have {self.min_length} to {self.max_length} characters")
            if CONTROL_CHARACTER.search(text):
                raise ValueError("must not contain control characters")
            return text
        if kind is Kind.BOOLEAN:
            if text.lower() not in ("true", "false"):
                raise ValueError("must be true or false")
            return text.lower() == "true"
        if kind is Kind.ENUM:
            return self._option(text)
        if kind is Kind.ENUM_LIST:
            items = [self._option(part) for part in text.split(",")]
            if len(set(items)) != len(items):
                raise ValueError("lists a value twice")
            return items
        if kind is Kind.ID_LIST:
            ids = [self._integer(part, 1, MAX_ID) for part in text.split(",")] if text else []
            return sorted(set(ids))
        if kind is Kind.NUMBER:
            value = float(text)
            if not math.isfinite(value):
                raise ValueError("must be a finite number")
            self._check_range(value)
            return value
        low, high = INTEGER_RANGE.get(kind, ANY_INTEGER)
        value = self._integer(text, low, high)
        self._check_range(value)
        return value

    def _option(self, text: str) -> str:
        if text not in self.options:
            raise ValueError(f"must be one of {', '.join(self.options)}")
        return text

    def _integer(self, text: str, low: int, high: int) -> int:
        if not INTEGER_TEXT.fullmatch(text):
            raise ValueError("must be an integer")
        value = int(text)
        if not low <= value <= high:
            raise ValueError(f"must be from {low} to {high}")
        return value

    def _check_range(self, value: float) -> None:
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"must be at least {self.minimum:g}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"must be at most {self.maximum:g}")


def parse_params(fields: tuple[Field, ...], query: dict[str, str], *, require: bool) -> dict[str, Any]:
    """Typed values of the passed parameters: 888 if a required one is missing, 777 if one is illegal.

    Missing parameters are reported before illegal ones (spec 000 lists 888 for
    the absent ones); parameters the operation does not know are ignored.
    """
    if require:
        missing = [f.name for f in fields if f.required and f.name not in query]
        if missing:
            raise AbsError(Status.MISSING_PARAMETER, f"missing parameter(s): {', '.join(missing)}")
    return {f.name: f.parse(query[f.name]) for f in fields if f.name in query}
