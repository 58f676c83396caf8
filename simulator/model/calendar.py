"""How the model names instants: the clock supplies it, the model never reads a wall clock."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Calendar(Protocol):
    def isoformat(self, sim_seconds: float) -> str: ...

    def seconds_at(self, moment: datetime) -> float: ...
