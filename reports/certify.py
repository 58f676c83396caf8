"""``chargebench certify``: run the @certification profile on a rig and write the reports.

Runs from any directory: the scenarios, steps and fixtures are the installed
package's (the pytest plugin ``fixtures.plugin``), never a mix with a checkout
that happens to be the current directory (no ini file or conftest.py of the
current directory is read).  The rig check runs first; if a resource of the rig
fails it, the run stops with its table and no report is written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import features
from rigs.rigfile import load_rig

from .allure_extras import RequirementLinks, write_environment
from .certification import PAGE, CertificationCollector, RequirementInfo, write_summary
from .html_details import ScenarioTitles
from .requirements import coverage

DETAILS = "details.html"
ALLURE_RESULTS = "allure-results"
STAGING = ".run"
"""pytest-html and Allure write as the run goes: into here, moved next to the page only when there is one."""


def profile(has_virtual_time: bool, include_long: bool) -> str:
    """On a bench "2 hours pass" really waits: leave @long scenarios out unless asked."""
    return "certification" if has_virtual_time or include_long else "certification and not long"


def requirement_info() -> dict[str, RequirementInfo]:
    """Every requirement with its text and whether the certification profile covers it (reports/requirements.py)."""
    return {r.tag: RequirementInfo(r.description, r.in_profile, r.on_bench) for r in coverage()}


def pytest_args(rig_spec: str, out: Path, seed: int, markexpr: str, extra_features: list[Path]) -> list[str]:
    # Allure names a scenario by its file relative to the rootdir: the folder above every feature file.
    rootdir = os.path.commonpath([features.folder().parent, *(f.resolve() for f in extra_features)])
    return [
        # not the ini file or conftest.py of wherever this runs: the installed package's plugin alone
        "-c", os.devnull, "--rootdir", rootdir, "--confcutdir", str(features.folder()),
        "-p", "fixtures.plugin", "-p", "no:cacheprovider", "-p", "no:randomly",
        "-W", "ignore::pytest.PytestAssertRewriteWarning",  # this process imported the plugin to collect its results
        "-q", "--strict-markers", "--rig", rig_spec, "--strict-rig", "--seed", str(seed), "-m", markexpr,
        *(arg for folder in extra_features for arg in ("--features", str(folder))),
        "--alluredir", str(out / STAGING / ALLURE_RESULTS), "--clean-alluredir",
        "--html", str(out / STAGING / DETAILS), "--self-contained-html",
    ]


def certify(rig_spec: str, out_dir: Path, seed: int, include_long: bool = False, extra_features: list[Path] | None = None) -> int:
    """0 when every requirement that applies passed; output in ``out_dir/RIG``."""
    rig = load_rig(rig_spec)
    out = (out_dir / rig.name).resolve()
    out.mkdir(parents=True, exist_ok=True)
    collector = CertificationCollector()
    markexpr = profile("virtual-time" in rig.features, include_long)
    known = requirement_info()
    plugins = [collector, ScenarioTitles(collector), RequirementLinks({name: info.text for name, info in known.items()}, f"../{PAGE}")]  # from allure-report/ next to the page
    code = pytest.main(pytest_args(rig_spec, out, seed, markexpr, extra_features or []), plugins=plugins)
    if collector.rig_check_failed or not collector.runs:
        shutil.rmtree(out / STAGING, ignore_errors=True)
        why = "the rig check failed (table above)" if collector.rig_check_failed else f"no scenario ran (pytest exit code {int(code)})"
        print(f"chargebench certify: no certification report written: {why}")
        return 1 if collector.rig_check_failed else int(code) or 1
    for name in (DETAILS, ALLURE_RESULTS):
        if (out / name).is_dir():
            shutil.rmtree(out / name)  # the last run's results
        (out / STAGING / name).replace(out / name)
    shutil.rmtree(out / STAGING)
    summary = collector.summary(known)
    json_path, html_path = write_summary(summary, out, details_href=DETAILS)
    write_environment(summary, out / ALLURE_RESULTS)
    print(f"certification verdict: {summary['verdict']}")
    print(f"certification report: {html_path} (details: {out / DETAILS}; data: {json_path})")
    allure = shutil.which("allure")
    if allure is not None:
        subprocess.run([allure, "generate", str(out / ALLURE_RESULTS), "-o", str(out / "allure-report"), "--clean", "--single-file"], check=False)
        print(f"Allure report: {out / 'allure-report' / 'index.html'}")
    return 0 if summary["verdict"] == "PASS" else 1
