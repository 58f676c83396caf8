"""The certification summary: per requirement, its text, its scenarios and an honest verdict.

``CertificationCollector`` is a pytest plugin that ``chargebench certify`` hands
to its run.  It keeps, per scenario run (a scenario, or one of its variants:
REST or NFC, an Examples row), the outcome counted honestly:

- ``passed``, ``failed`` (a failure or an error in setup);
- ``not applicable``: skipped because the rig lacks a feature the scenario
  needs (the scenario does not apply to this device);
- ``skipped``: it could have run but did not (e.g. PC/SC was not available):
  the requirement is then *incomplete*, never passed.

A failure keeps its message first, then the Gherkin step that failed (file and
line), the measurements with their limits, the evidence and the traceback.
The device identity (firmware, serial per controller) comes from the rig check
that runs before the first scenario.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry

from fixtures.gherkin import FAILED_STEP, shown_path
from fixtures.target import NOT_APPLICABLE, RIG, RIG_CHECK
from rigs.rigfile import Rig
from simulator import __version__

from .certification_page import render_page
from .evidence import USER_PROPERTY as EVIDENCE
from .measurements import USER_PROPERTY as MEASUREMENT
from .requirements import REQUIREMENT_PREFIX

PAGE = "certification.html"
MAX_TRACEBACK_CHARS = 6000
OUTCOMES = ("passed", "failed", "skipped", "not applicable")

PASS, FAIL, INCOMPLETE, NOT_APPLICABLE_VERDICT, NOT_COVERED = "pass", "fail", "incomplete", "not applicable", "not covered"


@dataclass(frozen=True)
class RequirementInfo:
    """What is known of a requirement before the run: its text, and whether the profile covers it
    (None: not known; reports/requirements.py knows it from the features' tags)."""

    text: str
    in_profile: bool | None = None
    """A scenario of the certification profile checks it."""
    on_bench: bool | None = None
    """One that runs on a bench, not only on the simulator."""

    def why_not_run(self) -> str:
        """Why no scenario of this run checks it."""
        if self.in_profile is False:
            return "a gap: no scenario of the certification profile checks it"
        if self.on_bench is False:
            return "only simulator scenarios (@sim-only) check it"
        return "no scenario of this run checks it"


UNKNOWN = RequirementInfo("(not listed in features/tags.toml)")


@dataclass
class ScenarioRun:
    nodeid: str
    title: str
    variant: str
    feature: str
    """``file:line`` of the scenario."""
    requirements: list[str]
    outcome: str = "skipped"
    reason: str = ""
    """Why it was skipped or not applicable."""
    message: str = ""
    """A failure's message: what a reader needs first."""
    failed_step: dict[str, Any] | None = None
    traceback: str = ""
    seconds: float = 0.0
    measurements: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)


def _title_of(item: pytest.Item) -> tuple[str, str]:
    """(scenario title, its file:line) of a pytest-bdd test; the test's name for anything else."""
    template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
    if template is None:
        return item.name, item.nodeid
    return template.name, f"{shown_path(template.feature.filename)}:{template.line_number}"


def _variant_of(item: pytest.Item) -> str:
    callspec = getattr(item, "callspec", None)
    return callspec.id if callspec is not None else ""


def _crash_message(report: pytest.TestReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return str(crash.message)
    return str(report.longrepr).splitlines()[-1] if report.longrepr else "failed"


class CertificationCollector:
    def __init__(self) -> None:
        self.runs: dict[str, ScenarioRun] = {}
        self.started = datetime.now(timezone.utc)
        self.rig: Rig | None = None
        self.check: list[Any] = []
        self.profile = ""
        self.seed: int | None = None

    @pytest.hookimpl
    def pytest_collection_finish(self, session: pytest.Session) -> None:
        config = session.config
        self.rig = config.stash.get(RIG, None)
        self.profile = config.getoption("markexpr") or ""
        self.seed = config.getoption("seed")
        for item in session.items:
            title, where = _title_of(item)
            requirements = sorted({m.name for m in item.iter_markers() if m.name.startswith(REQUIREMENT_PREFIX)})
            self.runs[item.nodeid] = ScenarioRun(item.nodeid, title, _variant_of(item), where, requirements)

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        run = self.runs.get(report.nodeid)
        if run is None:
            return
        run.seconds += report.duration
        properties = dict(report.user_properties)
        if report.skipped:
            longrepr = report.longrepr
            run.reason = str(longrepr[2] if isinstance(longrepr, tuple) else longrepr).removeprefix("Skipped: ")
            run.outcome = "not applicable" if NOT_APPLICABLE in properties else "skipped"
        elif report.failed:
            run.outcome = "failed"
            run.message = run.message or _crash_message(report)
            run.traceback = str(report.longreprtext)[-MAX_TRACEBACK_CHARS:]
            run.failed_step = properties.get(FAILED_STEP, run.failed_step)
        elif report.when == "call":
            run.outcome = "passed"
        for key, value in report.user_properties:
            if key == MEASUREMENT and value not in run.measurements:
                run.measurements.append(value)
            elif key == EVIDENCE and value not in run.evidence:
                run.evidence.append(value)

    @pytest.hookimpl
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.check = list(session.config.stash.get(RIG_CHECK, []))

    @property
    def rig_check_failed(self) -> bool:
        return any(row.status == "FAIL" for row in self.check)

    def summary(self, requirements: Mapping[str, RequirementInfo]) -> dict[str, Any]:
        return build_summary(self, requirements)


def counts(runs: Iterable[ScenarioRun]) -> dict[str, int]:
    tally = {outcome: 0 for outcome in OUTCOMES}
    for run in runs:
        tally[run.outcome] += 1
    return tally


def requirement_verdict(runs: list[ScenarioRun]) -> str:
    """fail: any run failed; incomplete: some run could have run and did not; pass: every
    applicable run passed; not applicable: none applies to this rig; not covered: no scenario."""
    tally = counts(runs)
    if not runs:
        return NOT_COVERED
    if tally["failed"]:
        return FAIL
    if tally["skipped"]:
        return INCOMPLETE
    return PASS if tally["passed"] else NOT_APPLICABLE_VERDICT


def overall_verdict(verdicts: Iterable[str]) -> str:
    """FAIL if a requirement failed; INCOMPLETE if one is incomplete or nothing passed; else PASS."""
    found = set(verdicts)
    if FAIL in found:
        return "FAIL"
    if INCOMPLETE in found or PASS not in found:
        return "INCOMPLETE"
    return "PASS"


def _requirement(name: str, runs: list[ScenarioRun], info: RequirementInfo) -> dict[str, Any]:
    return {
        "requirement": name,
        "text": info.text,
        "inProfile": info.in_profile,
        "notRun": "" if runs else info.why_not_run(),
        "result": requirement_verdict(runs),
        "counts": counts(runs),
        "scenarios": [asdict(r) for r in runs],
    }


def build_summary(collector: CertificationCollector, known: Mapping[str, RequirementInfo]) -> dict[str, Any]:
    by_requirement: dict[str, list[ScenarioRun]] = {name: [] for name in known}
    for run in collector.runs.values():
        for requirement in run.requirements:
            by_requirement.setdefault(requirement, []).append(run)
    requirements = [_requirement(name, runs, known.get(name, UNKNOWN)) for name, runs in sorted(by_requirement.items())]
    devices = [{"controller": row.resource.removesuffix(" REST API"), **asdict(row.identity)} for row in collector.check if getattr(row, "identity", None)]
    rig = collector.rig
    return {
        "verdict": overall_verdict(r["result"] for r in requirements),
        "rig": {"name": rig.name, "source": rig.source, "description": rig.description, "features": sorted(rig.features)} if rig else {},
        "devices": devices,
        "date": collector.started.isoformat(timespec="seconds"),
        "chargebenchVersion": __version__,
        "chargebenchPackages": package_folders(),
        "seed": collector.seed,
        "profile": collector.profile,
        "counts": counts(collector.runs.values()),
        "rigCheck": [{"resource": r.resource, "status": r.status, "detail": r.detail} for r in collector.check],
        "requirements": requirements,
    }


def package_folders() -> dict[str, str]:
    """Where this run's code came from, package by package: one installation, never a mix with a checkout."""
    names = ("simulator", "rigs", "fixtures", "steps", "features", "reports")
    return {name: str(Path(importlib.import_module(name).__file__ or "").parent) for name in names}


def write_summary(summary: dict[str, Any], out_dir: Path, details_href: str | None = None) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, html_path = out_dir / "certification.json", out_dir / PAGE
    json_path.write_text(json.dumps(summary, indent=2, default=str))
    html_path.write_text(render_page(summary, details_href))
    return json_path, html_path
