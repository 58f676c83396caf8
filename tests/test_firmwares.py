"""The faulty firmwares of reports/firmwares/ still apply to the tree (their runs are not in the default tox run)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reports.firmwares import FIRMWARES, apply, copy_tree, firmwares

ROOT = Path(__file__).resolve().parent.parent
PATCHED = re.compile(r"^\+\+\+ b/(\S+)$", re.MULTILINE)
CONTROLLER_CODE = re.compile(r"simulator/(model/[a-z_]+\.py|api/controller/handlers/[a-z_]+\.py)")
"""Firmware lives in the controller's model and its API handlers, not in the scenarios or the harness."""

ALL = firmwares(ROOT / "reports" / "firmwares")


def test_there_are_at_least_twenty_firmwares_each_with_a_one_line_description() -> None:
    assert FIRMWARES.name == "firmwares" and len(ALL) >= 20
    for firmware in ALL:
        assert re.fullmatch(r"\d\d-[a-z0-9-]+", firmware.name), firmware.name
        assert firmware.description and not firmware.description.startswith("diff"), firmware.name


@pytest.mark.parametrize("firmware", ALL, ids=[f.name for f in ALL])
def test_the_firmware_applies_cleanly_to_the_controller_code_of_this_tree(firmware, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    touched = PATCHED.findall(firmware.patch.read_text("utf-8"))
    assert touched and all(CONTROLLER_CODE.fullmatch(path) for path in touched), touched
    assert apply(firmware.patch, ROOT, check_only=True) is None


def test_a_copy_takes_the_patch_and_the_checkout_stays_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reports.firmwares.ROOT", ROOT)
    first = ALL[0]
    path = PATCHED.findall(first.patch.read_text("utf-8"))[0]
    before = (ROOT / path).read_text("utf-8")
    copy_tree(tmp_path)
    assert apply(first.patch, tmp_path) is None
    assert (tmp_path / path).read_text("utf-8") != before
    assert (ROOT / path).read_text("utf-8") == before
