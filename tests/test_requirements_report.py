"""The requirement coverage report: scenarios per requirement tag, the profile, the gaps."""

from __future__ import annotations

from pathlib import Path

from reports.requirements import coverage, gaps, main

TAGS = """
[tags]
certification = "the profile"
req-a = "requirement A"
req-b = "requirement B"
req-c = "requirement C"
"""

FEATURE = """@certification @req-a
Feature: F

  Scenario: In the profile
    Given a step

  @long @req-b
  Scenario: Long, so out of a bench's profile
    Given a step

  @sim-only @req-c
  Scenario: In the profile on the simulator only
    Given a step
"""


def _project(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "features" / "x").mkdir(parents=True)
    (tmp_path / "features" / "x" / "f.feature").write_text(FEATURE)
    (tmp_path / "tags.toml").write_text(TAGS)
    return tmp_path / "features", tmp_path / "tags.toml"


def test_each_requirement_lists_its_scenarios_and_whether_the_profile_runs_them(tmp_path: Path) -> None:
    requirements = {r.tag: r for r in coverage(*_project(tmp_path))}
    assert set(requirements) == {"req-a", "req-b", "req-c"}
    assert requirements["req-a"].description == "requirement A"
    assert [(s.title, s.location) for s in requirements["req-a"].scenarios] == [
        ("In the profile", "features/x/f.feature:4"),
        ("Long, so out of a bench's profile", "features/x/f.feature:8"),
        ("In the profile on the simulator only", "features/x/f.feature:12"),
    ]
    assert requirements["req-a"].on_bench
    assert not requirements["req-b"].in_profile
    assert requirements["req-c"].in_profile and not requirements["req-c"].on_bench
    assert [r.tag for r in gaps(list(requirements.values()))] == ["req-b"]


def test_the_command_prints_the_gaps_and_fails_cleanly_without_a_tags_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    features, tags = _project(tmp_path)
    assert main(["--features", str(features), "--tags", str(tags)]) == 0
    assert "gaps: req-b" in capsys.readouterr().out
    assert main(["--features", str(features), "--tags", str(tmp_path / "missing.toml")]) == 2
    assert "cannot read the requirements" in capsys.readouterr().err
