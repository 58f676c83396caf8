"""What the Allure report of a certification adds: each scenario's links to its requirements, and the device.

The links point at the requirement's row of the certification page next to the
results (``certification.html#req-...``); the Environment panel names the rig,
each controller's firmware and serial number, and the verdict.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import allure
import pytest

from .requirements import REQUIREMENT_PREFIX


class RequirementLinks:
    def __init__(self, texts: Mapping[str, str], page: str) -> None:
        self.texts = texts
        self.page = page

    @pytest.hookimpl
    def pytest_bdd_before_scenario(self, request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
        for marker in request.node.iter_markers():
            if marker.name.startswith(REQUIREMENT_PREFIX):
                text = self.texts.get(marker.name, "")
                allure.dynamic.link(f"{self.page}#{marker.name}", link_type="requirement", name=f"{marker.name}: {text}" if text else marker.name)


def write_environment(summary: dict[str, Any], results: Path) -> None:
    """Allure's Environment panel: the device and the rig."""
    lines = [f"rig={summary['rig'].get('name', '')}", f"chargebench={summary['chargebenchVersion']}", f"verdict={summary['verdict']}"]
    for device in summary["devices"]:
        lines += [f"{device['controller']}.firmware={device['firmware']}", f"{device['controller']}.serial={device['serial']}"]
    results.mkdir(parents=True, exist_ok=True)
    (results / "environment.properties").write_text("\n".join(lines) + "\n")
