"""Measurements in the manner of OpenHTF: a value with its unit and limits, recorded, then judged.

A step that reads a physical value records it here; the record goes into the
Allure report and the certification summary whether it passes or not, and a
value outside its limits fails the step with both in the message.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

import allure

USER_PROPERTY = "measurement"
"""Key under which measurements travel on the pytest report (``user_properties``)."""


@dataclass(frozen=True)
class Measurement:
    name: str
    value: float
    unit: str
    low: float | None = None
    high: float | None = None

    @property
    def passed(self) -> bool:
        return (self.low is None or self.value >= self.low) and (self.high is None or self.value <= self.high)

    @property
    def limits(self) -> str:
        low = "-inf" if self.low is None else f"{self.low:g}"
        high = "+inf" if self.high is None else f"{self.high:g}"
        return f"[{low}, {high}] {self.unit}"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "passed": self.passed}

    def __str__(self) -> str:
        return f"{self.name} = {self.value:g} {self.unit}, limits {self.limits}: {'PASS' if self.passed else 'FAIL'}"


class Measurements:
    """The measurements of one test; ``user_properties`` is its pytest item's."""

    def __init__(self, user_properties: list[tuple[str, Any]]) -> None:
        self.user_properties = user_properties

    def measure(self, name: str, value: float, unit: str, low: float | None = None, high: float | None = None) -> Measurement:
        measurement = Measurement(name, float(value), unit, low, high)
        self.user_properties.append((USER_PROPERTY, measurement.as_dict()))
        allure.attach(json.dumps(measurement.as_dict(), indent=2), name=f"measurement: {name}", attachment_type=allure.attachment_type.JSON)
        assert measurement.passed, f"measurement out of limits: {measurement}"
        return measurement

    def within(self, name: str, value: float, unit: str, nominal: float, tolerance: float) -> Measurement:
        """``value`` must be ``nominal`` +/- ``tolerance``."""
        return self.measure(name, value, unit, nominal - tolerance, nominal + tolerance)
