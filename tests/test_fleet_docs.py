"""docs/fleet.md keeps up with the code: every key the world schema accepts under [fleet], every
column of sessions.csv and load.csv and every KPI of summary.json is documented, and the page
shows every KPI."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

from simulator.run.report import KPI_MEANINGS
from simulator.run.results import LOAD_COLUMNS, SESSION_COLUMNS, _kpis

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "fleet.md").read_text()
SCHEMA = json.loads((ROOT / "simulator" / "worlds" / "world.schema.json").read_text())


def documented_in_table() -> set[str]:
    """The `names` in the first column of the page's tables."""
    return set(re.findall(r"^\| `([a-z_]+)` \|", DOC, flags=re.MULTILINE))


def keys(schema: dict[str, Any], path: str) -> Iterator[tuple[str, str]]:
    for name, sub in schema.get("properties", {}).items():
        yield path, name
        yield from keys(sub, f"{path}.{name}")
        if isinstance(sub.get("items"), dict):
            yield from keys(sub["items"], f"{path}.{name}[]")


def test_every_fleet_key_of_the_world_schema_is_documented() -> None:
    media = {"whitelist", "online", "roaming", "app", "autocharge"}
    missing = [f"{path}.{name}" for path, name in keys(SCHEMA["properties"]["fleet"], "fleet")
               if not (name in documented_in_table() or (path.endswith(".auth") and name in media and f"**{name}**" in DOC))]
    assert not missing, missing


def test_every_output_column_and_kpi_is_documented() -> None:
    kpis = set(_kpis([], 1, 1.0))
    assert not (set(SESSION_COLUMNS) | set(LOAD_COLUMNS) | kpis) - documented_in_table()


def test_the_page_explains_every_kpi() -> None:
    assert [key for key, _, _ in KPI_MEANINGS] == list(_kpis([], 1, 1.0))
