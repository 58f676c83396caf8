"""``chargebench certify``: run the @certification profile on a rig and write the summary."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from rigs.rigfile import load_rig

from .certification import CertificationCollector, write_summary


def profile(has_virtual_time: bool, include_long: bool) -> str:
    """On a bench "2 hours pass" really waits: leave @long scenarios out unless asked."""
    return "certification" if has_virtual_time or include_long else "certification and not long"


def certify(rig_spec: str, out_dir: Path, seed: int, include_long: bool = False) -> int:
    """pytest's exit code of the run (0: every requirement that ran passed); output in ``out_dir/RIG``."""
    rig = load_rig(rig_spec)
    out_dir = out_dir / rig.name
    collector = CertificationCollector(rig.name)
    results = out_dir / "allure-results"
    args = [
        "tests/test_features.py", "-q", "-p", "no:randomly", "--rig", rig_spec, "--seed", str(seed),
        "-m", profile("virtual-time" in rig.features, include_long), "--alluredir", str(results), "--clean-alluredir",
    ]
    code = pytest.main(args, plugins=[collector])
    json_path, html_path = write_summary(collector.summary(), out_dir)
    print(f"certification summary: {json_path} and {html_path}")
    allure = shutil.which("allure")
    if allure is None:
        print(f"Allure results: {results} (install the allure command line to build the HTML report; see rigs/README.md)")
    else:
        subprocess.run([allure, "generate", str(results), "-o", str(out_dir / "allure-report"), "--clean"], check=False)
        print(f"Allure report: {out_dir / 'allure-report' / 'index.html'}")
    return int(code)
