"""docs/abs.md's status-code table against the spec's codes and the backend scenarios:
every code listed once with its HTTP status, and each scenario named there exists
and asserts that code (a renamed or dropped scenario fails here, not in a reader's hands)."""

from __future__ import annotations

import re
from pathlib import Path

from simulator.api.abs.conventions import HTTP_STATUS
from simulator.model.backoffice import Status
from simulator.model.backoffice.access import markdown_table

ROOT = Path(__file__).resolve().parent.parent
TABLE_HEADING = "## Every status code of the spec, and the scenario that produces it"
WITHOUT_SCENARIO = {Status.OTHER_ERROR}
"""999 answers only an unexpected exception: no request should produce it."""
REFERENCE = re.compile(r"`(?P<file>[\w.-]+\.feature)`: (?P<name>[^;(]+?)\s*(?:\([^)]*\))?\s*(?:;|$)")
SCENARIO = re.compile(r"^\s*Scenario(?: Outline)?: (.+)$", re.MULTILINE)


def table_rows() -> dict[int, tuple[int, str]]:
    """code -> (HTTP status, "produced by" cell)."""
    text = (ROOT / "docs" / "abs.md").read_text()
    section = text[text.index(TABLE_HEADING):]
    rows: dict[int, tuple[int, str]] = {}
    for line in section.splitlines()[1:]:
        if line.startswith("## "):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].isdigit():
            assert int(cells[0]) not in rows, f"code {cells[0]} listed twice"
            rows[int(cells[0])] = (int(cells[2]), cells[3])
    return rows


def scenario_bodies(feature: str) -> dict[str, str]:
    """Scenario name -> its text up to the next scenario."""
    text = (ROOT / "features" / "backend" / feature).read_text()
    heads = list(SCENARIO.finditer(text))
    ends = [h.start() for h in heads[1:]] + [len(text)]
    return {h.group(1).strip(): text[h.end():end] for h, end in zip(heads, ends)}


def asserts_code(body: str, code: int) -> bool:
    """A step checking the answer, or (in an outline) an Examples row with the code."""
    return f'answers "{code}"' in body or re.search(rf"\|\s*{code}\s*\|\s*$", body, re.MULTILINE) is not None


def test_every_status_code_of_the_spec_is_listed_with_its_http_status() -> None:
    rows = table_rows()
    assert set(rows) == {int(s) for s in Status}
    for status in Status:
        assert rows[int(status)][0] == HTTP_STATUS.get(status, 200), f"HTTP status of {int(status)}"


def test_each_named_scenario_exists_and_asserts_its_code() -> None:
    for code, (_http, cell) in table_rows().items():
        references = [(m.group("file"), m.group("name").replace("\\<", "<").replace("\\>", ">"))
                      for m in REFERENCE.finditer(cell)]
        if Status(code) in WITHOUT_SCENARIO:
            assert not references, f"{code} is documented as produced by no scenario"
            continue
        assert references, f"no scenario named for {code}"
        for feature, name in references:
            bodies = scenario_bodies(feature)
            assert name in bodies, f"{code}: no scenario {name!r} in {feature}"
            assert asserts_code(bodies[name], code), f"{code}: {feature}: {name!r} does not assert it"


def test_the_access_table_in_the_docs_is_the_one_enforced() -> None:
    assert markdown_table() in (ROOT / "docs" / "abs.md").read_text(), "docs/abs.md: paste markdown_table() of simulator/model/backoffice/access.py"
