"""`chargebench certify` as a vendor runs it, and the page a customer reads, rendered by Chromium.

One certification run, from a folder that is not the checkout, on a simulator
rig without a mains switch or NFC, with the vendor's own feature folder holding
one scenario that fails a measurement.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reports.certification import CertificationCollector, RequirementInfo, ScenarioRun, build_summary, overall_verdict, requirement_verdict
from reports.certification_page import render_page

from .plugin_support import bench_rig, closed_port, run_elsewhere
from .test_plugin import FAILING

CHROMIUM = "/usr/bin/chromium"
VENDOR_TITLE = "The controller offers half its current with nothing plugged in"


@dataclass
class Certified:
    done: subprocess.CompletedProcess[str]
    out: Path
    summary: dict[str, Any]
    vendor_feature: Path


@pytest.fixture(scope="module")
def certified(tmp_path_factory: pytest.TempPathFactory) -> Certified:
    home = tmp_path_factory.mktemp("vendor-home")
    mine = home / "mine"
    mine.mkdir()
    (mine / "pwm.feature").write_text(FAILING)
    rig = bench_rig(home / "benches" / "lab-3.toml", "lab-3", drop=("power-switch",))
    done = run_elsewhere(["simulator", "certify", "--rig", str(rig), "--features", str(mine), "--out", str(home / "reports")], cwd=home, timeout=400)
    out = home / "reports" / "lab-3"
    assert (out / "certification.json").is_file(), done.stdout[-3000:] + done.stderr[-2000:]
    return Certified(done, out, json.loads((out / "certification.json").read_text()), mine / "pwm.feature")


def requirements(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["requirement"]: r for r in summary["requirements"]}


def test_certify_counts_honestly_and_names_the_device(certified: Certified) -> None:
    summary = certified.summary
    assert certified.done.returncode == 1 and summary["verdict"] == "FAIL", certified.done.stdout[-2000:]
    assert "certification verdict: FAIL" in certified.done.stdout
    assert summary["rig"]["name"] == "lab-3" and "power-switch" not in summary["rig"]["features"]
    assert {d["controller"] for d in summary["devices"]} == {"CP-1", "CP-2", "CP-3", "CP-4"}
    assert all(d["firmware"] == "5.32.0-sim" and d["serial"].startswith("SIM") for d in summary["devices"])
    results = requirements(summary)
    assert results["req-001-login-token"]["result"] == "pass"
    assert results["req-001-login-token"]["text"] == "spec 001, one-time login tokens"
    power_loss = results["req-001-power-loss"]
    assert power_loss["result"] == "not applicable" and power_loss["counts"]["skipped"] == 0
    assert "lacks feature 'power-switch'" in power_loss["scenarios"][0]["reason"]
    nfc_variants = [s for r in results.values() for s in r["scenarios"] if s["variant"] == "nfc"]
    assert nfc_variants and all(s["outcome"] == "not applicable" for s in nfc_variants), "before: NFC variants of a rig without NFC counted as plain skips"
    assert summary["counts"]["not applicable"] >= len(nfc_variants) and summary["counts"]["skipped"] == 0
    envelope = results["req-002-envelope"]
    assert envelope["result"] == "not covered" and envelope["notRun"] == "a gap: no scenario of the certification profile checks it"
    assert "firmware=5.32.0-sim" in (certified.out / "allure-results" / "environment.properties").read_text()
    assert any((certified.out / "allure-results").glob("*-attachment.json")), "no evidence attached in the Allure results"
    links = [link for f in (certified.out / "allure-results").glob("*-result.json") for link in json.loads(f.read_text()).get("links", [])]
    assert {"type": "requirement", "url": "../certification.html#req-001-login-token", "name": "req-001-login-token: spec 001, one-time login tokens"} in links


def test_a_failure_keeps_its_message_step_measurement_and_limits(certified: Certified) -> None:
    pwm = requirements(certified.summary)["req-61851-pwm-offer"]
    assert pwm["result"] == "fail"
    failed = [s for s in pwm["scenarios"] if s["outcome"] == "failed"]
    assert [s["title"] for s in failed] == [VENDOR_TITLE]
    [failure] = failed
    assert failure["message"] == "AssertionError: measurement out of limits: PWM duty cycle = 100 %, limits [49, 51] %: FAIL"
    assert failure["failed_step"]["location"] == "mine/pwm.feature:7"
    assert failure["failed_step"]["step"] == "Then the measured PWM duty cycle is 50 % within 1 %"
    assert failure["measurements"] == [{"name": "PWM duty cycle", "value": 100.0, "unit": "%", "low": 49.0, "high": 51.0, "passed": False}]
    assert "mine/pwm.feature:7: Then the measured PWM duty cycle is 50 % within 1 %" in certified.done.stdout, "the run's output names the step too"
    passing = [s for s in pwm["scenarios"] if s["outcome"] == "passed"]
    measured = [m for s in passing for m in s["measurements"] if m["name"] == "PWM duty cycle"]
    assert measured and all(m["passed"] for m in measured) and any(abs(m["value"] - 26.67) < 0.05 for m in measured), measured


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", f"--user-data-dir={profile}"]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120)


def test_the_page_in_a_browser_names_scenarios_and_requirements_and_shows_the_failure_first(certified: Certified, tmp_path: Path) -> None:
    assert shutil.which(CHROMIUM), f"{CHROMIUM} is missing: the CI installs Debian's chromium (.ci/run)"
    page = (certified.out / "certification.html").as_uri()
    shot = tmp_path / "page.png"
    assert _chromium("--window-size=1400,1600", f"--screenshot={shot}", page, profile=tmp_path / "profile").returncode == 0
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
    dom = _chromium("--dump-dom", page, profile=tmp_path / "profile").stdout
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", dom)).split())  # the rendered text
    assert "FAIL" in text and "firmware 5.32.0-sim, serial SIM" in text
    assert VENDOR_TITLE in text and "The operator logs in with the right password" in text, "scenario titles, not function names"
    assert "test_the_operator_logs_in" not in text
    assert "req-001-login-token" in text and "spec 001, one-time login tokens" in text
    assert "not applicable" in text and "lacks feature 'power-switch'" in text
    failure = text.index("measurement out of limits: PWM duty cycle = 100 %, limits [49, 51] %: FAIL")
    assert failure < text.index("Requirements"), "a failure's message comes before the requirement matrix"
    assert text.index("failed at mine/pwm.feature:7") > failure


def _runs(*outcomes: str) -> list[ScenarioRun]:
    return [ScenarioRun(f"n{i}", "t", "", "f:1", ["req-x"], outcome) for i, outcome in enumerate(outcomes)]


@pytest.mark.parametrize(("outcomes", "verdict"), [
    (("passed", "not applicable"), "pass"),
    (("passed", "skipped"), "incomplete"),
    (("not applicable", "not applicable"), "not applicable"),
    ((), "not covered"),
    (("passed", "failed", "skipped"), "fail"),
])
def test_a_requirement_passes_only_if_every_run_that_applies_passed(outcomes: tuple[str, ...], verdict: str) -> None:
    assert requirement_verdict(_runs(*outcomes)) == verdict


@pytest.mark.parametrize(("verdicts", "overall"), [
    (["pass", "not applicable", "not covered"], "PASS"),
    (["pass", "incomplete"], "INCOMPLETE"),
    (["not applicable"], "INCOMPLETE"),
    (["pass", "fail", "incomplete"], "FAIL"),
])
def test_the_overall_verdict(verdicts: list[str], overall: str) -> None:
    assert overall_verdict(verdicts) == overall


def test_certify_on_an_unreachable_controller_stops_with_one_table_and_writes_no_report(tmp_path: Path) -> None:
    """Before: thousands of lines of connection errors, then an empty report whose path was printed."""
    url = f"http://127.0.0.1:{closed_port()}"
    done = run_elsewhere(["simulator", "certify", "--rig", url, "--out", str(tmp_path / "reports")], cwd=tmp_path)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out[-3000:]
    assert out.count("CP-1 REST API  FAIL") == 1 and "no certification report written: the rig check failed" in out, out[-3000:]
    assert len(out.splitlines()) < 20, out
    assert not [p for p in (tmp_path / "reports").rglob("*") if p.is_file()], "nothing is written when the rig check fails"


def test_a_requirement_no_scenario_checks_says_why_a_gap_of_the_profile_first() -> None:
    collector = CertificationCollector()
    known = {
        "req-a": RequirementInfo("spec A", in_profile=False, on_bench=False),
        "req-b": RequirementInfo("spec B", in_profile=True, on_bench=False),
        "req-c": RequirementInfo("spec C"),
    }
    summary = build_summary(collector, known)
    reasons = {r["requirement"]: (r["result"], r["notRun"]) for r in summary["requirements"]}
    assert reasons == {
        "req-a": ("not covered", "a gap: no scenario of the certification profile checks it"),
        "req-b": ("not covered", "only simulator scenarios (@sim-only) check it"),
        "req-c": ("not covered", "no scenario of this run checks it"),
    }
    assert "a gap: no scenario of the certification profile checks it" in render_page(summary)
