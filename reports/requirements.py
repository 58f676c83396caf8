"""Requirement coverage: per ``@req-*`` tag, its description, its scenarios, and the gaps.

A requirement is a tag named ``req-...`` in features/tags.toml (its text is the
description); a scenario covers it when the scenario, its rule or its feature
carries the tag. The certification profile on a bench is ``@certification``
without ``@long`` (``chargebench certify`` leaves long waits out there); a
requirement with no scenario in it is a gap, listed rather than hidden.

``python -m reports.requirements`` prints the table; ``--json`` prints it as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pytest_bdd.feature import get_features

import features as packaged

REQUIREMENT_PREFIX = "req-"


@dataclass(frozen=True)
class ScenarioRef:
    title: str
    location: str
    """``features/<domain>/<file>.feature:<line>``"""
    in_profile: bool
    """Tagged @certification and not @long: certification on a bench runs it."""
    sim_only: bool
    """Tagged @sim-only: a bench skips it (it needs the simulator)."""


@dataclass
class Requirement:
    tag: str
    description: str
    scenarios: list[ScenarioRef] = field(default_factory=list)

    @property
    def in_profile(self) -> bool:
        return any(s.in_profile for s in self.scenarios)

    @property
    def on_bench(self) -> bool:
        """A bench's certification checks it: some scenario in the profile does not need the simulator."""
        return any(s.in_profile and not s.sim_only for s in self.scenarios)


def requirement_tags(tags_file: Path | None = None) -> dict[str, str]:
    """``req-*`` tag -> its description, in the order features/tags.toml lists them."""
    tags = packaged.tags() if tags_file is None else tomllib.loads(tags_file.read_text("utf-8"))["tags"]
    return {name: text for name, text in tags.items() if name.startswith(REQUIREMENT_PREFIX)}


def coverage(features: Path | None = None, tags_file: Path | None = None) -> list[Requirement]:
    """Every requirement tag with the scenarios that carry it; a req tag missing from tags.toml is listed too."""
    features = packaged.folder() if features is None else features
    requirements = {tag: Requirement(tag, text) for tag, text in requirement_tags(tags_file).items()}
    for feature in get_features([str(features)]):
        for scenario in feature.scenarios.values():
            tags = feature.tags | scenario.tags | (scenario.rule.tags if scenario.rule else set())
            ref = ScenarioRef(
                title=scenario.name,
                location=f"{Path(feature.filename).relative_to(features.parent)}:{scenario.line_number}",
                in_profile="certification" in tags and "long" not in tags,
                sim_only="sim-only" in tags,
            )
            for tag in sorted(t for t in tags if t.startswith(REQUIREMENT_PREFIX)):
                requirements.setdefault(tag, Requirement(tag, "(not in features/tags.toml)")).scenarios.append(ref)
    for requirement in requirements.values():
        requirement.scenarios.sort(key=_file_and_line)
    return list(requirements.values())


def _file_and_line(ref: ScenarioRef) -> tuple[str, int]:
    path, _, line = ref.location.rpartition(":")
    return path, int(line)


def gaps(requirements: list[Requirement]) -> list[Requirement]:
    """Requirements no scenario of the certification profile checks."""
    return [r for r in requirements if not r.in_profile]


def as_json(requirements: list[Requirement]) -> dict[str, object]:
    return {
        "requirements": [
            {**asdict(r), "in_profile": r.in_profile, "on_bench": r.on_bench} for r in requirements
        ],
        "gaps": [r.tag for r in gaps(requirements)],
    }


def render_text(requirements: list[Requirement]) -> str:
    lines = []
    for r in requirements:
        verdict = "bench" if r.on_bench else "sim only" if r.in_profile else "GAP"
        lines.append(f"{r.tag} [{verdict}] {r.description}")
        for s in r.scenarios:
            mark = "+" if s.in_profile else "-"
            lines.append(f"    {mark} {s.location}  {s.title}{'  (sim-only)' if s.sim_only else ''}")
    missing = gaps(requirements)
    lines.append("")
    lines.append(f"{len(requirements)} requirements, {len(requirements) - len(missing)} in the certification profile; "
                 f"gaps: {', '.join(r.tag for r in missing) or 'none'}")
    lines.append("(+ in the profile on a bench: @certification and not @long; - outside it)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reports.requirements", description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--features", type=Path, help="a folder of .feature files (default: chargebench's scenarios)")
    parser.add_argument("--tags", type=Path, help="the tags.toml that lists the req-* tags (default: chargebench's)")
    args = parser.parse_args(argv)
    try:
        requirements = coverage(args.features, args.tags)
    except (OSError, KeyError, tomllib.TOMLDecodeError) as error:
        print(f"python -m reports.requirements: cannot read the requirements: {error}", file=sys.stderr)
        return 2
    print(json.dumps(as_json(requirements), indent=2) if args.json else render_text(requirements))
    return 0


if __name__ == "__main__":
    sys.exit(main())
