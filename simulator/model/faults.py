"""The controller's current error and warning messages (spec 001, "Logging").

Errors prevent charging; warnings only inform.  Faults are raised and cleared
by the hardware (or by fault injection on the simulator), never by the API.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Level(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


MAX_FAULTS = 100
"""A fault injector that never clears cannot grow the list without end."""


@dataclass(frozen=True)
class Fault:
    level: Level
    code: str
    message: str
    since: float


class FaultLog:
    def __init__(self) -> None:
        self._faults: dict[str, Fault] = {}

    @property
    def has_errors(self) -> bool:
        return any(f.level is Level.ERROR for f in self._faults.values())

    def current(self) -> list[Fault]:
        return list(self._faults.values())

    def raise_fault(self, fault: Fault) -> bool:
        """Record ``fault`` (replacing one with its code); False when the list is full."""
        if fault.code not in self._faults and len(self._faults) >= MAX_FAULTS:
            return False
        self._faults[fault.code] = fault
        return True

    def clear(self, code: str | None = None) -> int:
        """Clear one fault by code, or all; how many went."""
        if code is None:
            count = len(self._faults)
            self._faults.clear()
            return count
        return 1 if self._faults.pop(code, None) is not None else 0
