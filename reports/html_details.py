"""The pytest-html report of a certification run, in the scenarios' words.

pytest-html renders every test with its captured output; this plugin shows the
scenario's title and variant instead of the test function's name, adds the
requirements it checks as a column and attaches the measurements and the
evidence of each step.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

import pytest
from pytest_html import extras

from .certification import CertificationCollector
from .evidence import USER_PROPERTY as EVIDENCE
from .measurements import USER_PROPERTY as MEASUREMENT


class ScenarioTitles:
    def __init__(self, collector: CertificationCollector) -> None:
        self.collector = collector

    @pytest.hookimpl
    def pytest_html_results_table_header(self, cells: list[str]) -> None:
        cells[1] = '<th class="sortable" data-column-type="testId">Scenario</th>'
        cells.insert(2, "<th>Requirements</th>")

    @pytest.hookimpl
    def pytest_html_results_table_row(self, report: pytest.TestReport, cells: list[str]) -> None:
        run = self.collector.runs.get(report.nodeid)
        if run is None:
            cells.insert(2, "<td></td>")
            return
        variant = f" [{run.variant}]" if run.variant else ""
        cells[1] = f'<td class="col-testId">{escape(run.title + variant)}<br><small>{escape(run.feature)}</small></td>'
        cells.insert(2, f"<td>{escape(', '.join(run.requirements))}</td>")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        report: pytest.TestReport = yield
        if report.when == "call":
            run = self.collector.runs.get(item.nodeid)
            attached = getattr(report, "extras", [])
            for key, value in report.user_properties:
                if key in (MEASUREMENT, EVIDENCE):
                    attached.append(extras.json(value, name=f"{key}: {value.get('name') or value.get('step')}"))
            if run is not None:
                attached.append(extras.text(f"{run.title}\n{run.feature}", name="scenario"))
            report.extras = attached
        return report
