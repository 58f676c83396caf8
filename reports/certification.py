"""The certification summary: per requirement tag, pass/fail/skip with its evidence.

``CertificationCollector`` is a pytest plugin that ``chargebench certify``
hands to its run; it keeps every scenario's outcome, requirement tags,
measurements and evidence, and reads the firmware version from the controller
once.  ``write_summary`` renders JSON and a self-contained HTML page.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from simulator import __version__

from .evidence import USER_PROPERTY as EVIDENCE
from .measurements import USER_PROPERTY as MEASUREMENT

REQUIREMENT_PREFIX = "req-"
MAX_MESSAGE_CHARS = 2000


@dataclass
class ScenarioResult:
    nodeid: str
    title: str
    requirements: list[str]
    outcome: str = "skipped"
    reason: str = ""
    seconds: float = 0.0
    measurements: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)


class CertificationCollector:
    def __init__(self, rig: str) -> None:
        self.rig = rig
        self.firmware = "not read"
        self.results: dict[str, ScenarioResult] = {}
        self.started = datetime.now(timezone.utc)

    @pytest.hookimpl
    def pytest_collection_finish(self, session: pytest.Session) -> None:
        for item in session.items:
            scenario = getattr(getattr(item, "function", None), "__scenario__", None)
            title = getattr(scenario, "name", item.name)
            requirements = sorted({m.name for m in item.iter_markers() if m.name.startswith(REQUIREMENT_PREFIX)})
            self.results[item.nodeid] = ScenarioResult(item.nodeid, title, requirements)

    @pytest.hookimpl
    def pytest_bdd_before_scenario(self, request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
        if self.firmware != "not read":
            return
        from rigs.check import firmware_version

        target = request.getfixturevalue("target")
        try:
            self.firmware = firmware_version(target.bound, target.default_controller)
        except Exception as error:  # noqa: BLE001  (recorded in the report, never fatal)
            self.firmware = f"unreadable: {error}"

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        result = self.results.get(report.nodeid)
        if result is None:
            return
        result.seconds += report.duration
        if report.skipped:
            result.outcome = "skipped"
            longrepr = report.longrepr
            result.reason = str(longrepr[2] if isinstance(longrepr, tuple) else longrepr).removeprefix("Skipped: ")
        elif report.failed:
            result.outcome = "failed"
            result.reason = str(report.longreprtext)[-MAX_MESSAGE_CHARS:]
        elif report.when == "call":
            result.outcome = "passed"
        for key, value in report.user_properties:
            if key == MEASUREMENT and value not in result.measurements:
                result.measurements.append(value)
            elif key == EVIDENCE and value not in result.evidence:
                result.evidence.append(value)

    def summary(self) -> dict[str, Any]:
        requirements: dict[str, list[ScenarioResult]] = {}
        for result in self.results.values():
            for requirement in result.requirements:
                requirements.setdefault(requirement, []).append(result)
        return {
            "rig": self.rig,
            "firmwareVersion": self.firmware,
            "date": self.started.isoformat(timespec="seconds"),
            "chargebenchVersion": __version__,
            "requirements": [
                {"requirement": name, "result": verdict(results), "scenarios": [vars(r) for r in results]}
                for name, results in sorted(requirements.items())
            ],
        }


def verdict(results: list[ScenarioResult]) -> str:
    """Failed if any scenario failed; passed if every scenario that ran passed; else skipped."""
    outcomes = {r.outcome for r in results}
    if "failed" in outcomes:
        return "fail"
    return "pass" if "passed" in outcomes else "skip"


STYLE = """body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
.pass{background:#d4f7d4}.fail{background:#f7d4d4}.skip{background:#eee}pre{white-space:pre-wrap;max-height:30em;overflow:auto;font-size:85%}"""


def render_html(summary: dict[str, Any]) -> str:
    e = html.escape
    rows = []
    for req in summary["requirements"]:
        scenarios = []
        for s in req["scenarios"]:
            measured = "".join(f"<li>{e(m['name'])} = {m['value']:g} {e(m['unit'])} [{m['low']}, {m['high']}]: {'PASS' if m['passed'] else 'FAIL'}</li>" for m in s["measurements"])
            evidence = json.dumps(s["evidence"], indent=1, default=str)
            scenarios.append(
                f"<div><b>{e(s['title'])}</b>: <span class='{e(s['outcome'][:4])}'>{e(s['outcome'])}</span> ({s['seconds']:.2f} s)"
                + (f"<pre>{e(s['reason'])}</pre>" if s["reason"] else "")
                + (f"<ul>{measured}</ul>" if measured else "")
                + f"<details><summary>evidence: {len(s['evidence'])} step records</summary><pre>{e(evidence)}</pre></details></div>"
            )
        rows.append(f"<tr class='{req['result']}'><td>{e(req['requirement'])}</td><td>{req['result'].upper()}</td><td>{''.join(scenarios)}</td></tr>")
    counts = {v: sum(1 for r in summary["requirements"] if r["result"] == v) for v in ("pass", "fail", "skip")}
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Certification: {e(summary['rig'])}</title><style>{STYLE}</style></head><body>
<h1>chargebench certification summary</h1>
<table><tr><th>rig</th><td>{e(summary['rig'])}</td></tr><tr><th>firmware version</th><td>{e(summary['firmwareVersion'])}</td></tr>
<tr><th>date</th><td>{e(summary['date'])}</td></tr><tr><th>chargebench version</th><td>{e(summary['chargebenchVersion'])}</td></tr>
<tr><th>requirements</th><td>{counts['pass']} pass, {counts['fail']} fail, {counts['skip']} skip</td></tr></table>
<h2>Requirements</h2><table><tr><th>requirement</th><th>result</th><th>scenarios and evidence</th></tr>{''.join(rows)}</table></body></html>
"""


def write_summary(summary: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, html_path = out_dir / "certification.json", out_dir / "certification.html"
    json_path.write_text(json.dumps(summary, indent=2, default=str))
    html_path.write_text(render_html(summary))
    return json_path, html_path
