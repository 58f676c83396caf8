"""Scenario authoring: the step catalogue, one JSON path grammar."""

from __future__ import annotations

import subprocess
import sys

import pytest

from steps.catalogue import _contexts, catalogue
from steps.json_pointer import at


def test_chargebench_steps_prints_every_step_by_domain_with_an_example() -> None:
    done = subprocess.run([sys.executable, "-m", "simulator", "steps"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    domains = [line for line in lines if line and not line.startswith(" ")]
    assert domains[:3] == ["common (steps/common.py)", "controller (steps/controller.py)", "controller_data (steps/controller_data.py)"]
    assert {"roaming (steps/roaming.py)", "backend (steps/backend.py)", "bench (steps/bench.py)"} <= set(domains)
    entries = catalogue()
    assert len(entries) > 150 and sum(1 for line in lines if line.strip().startswith("e.g. ")) == len(entries)
    assert '             e.g. Given the charge controller "CP-1"    [features/' in done.stdout


def test_every_step_has_an_example_and_a_docstring_example_matches_its_step() -> None:
    contexts = _contexts()
    for entry in catalogue():
        assert entry.example is not None, f"{entry.domain}: {entry.pattern} has no example"
        keyword, text = entry.example.text.split(" ", 1)
        assert any(c.parser.name == entry.pattern and c.parser.is_matching(text) for c in contexts), (entry.pattern, entry.example)


ANSWER = {"sessions": [{"totalPrice": 4.31, "stopReason": None}], "user": {"charging-keys": [{"uid": "04A2"}]}}


def test_a_json_pointer_reads_lists_dashes_and_null() -> None:
    assert at(ANSWER, "/sessions/0/totalPrice") == 4.31
    assert at(ANSWER, "/user/charging-keys/0/uid") == "04A2"
    assert at(ANSWER, "/sessions/0/stopReason") is None


@pytest.mark.parametrize(("pointer", "says"), [
    ("/sessions/1/totalPrice", "index '1' is out of bounds"),
    ("/sessions/0/price", "member 'price' not found"),
    ("sessions.0.totalPrice", "Location must start with / (a pointer looks like '/sessions/0/totalPrice')"),
    ("user.sessions[0].x", "Location must start with /"),
])
def test_a_pointer_that_finds_nothing_fails_with_what_is_there(pointer: str, says: str) -> None:
    """Before: two hand-written syntaxes; mixing them gave a bare KeyError."""
    with pytest.raises(AssertionError) as failed:
        at(ANSWER, pointer)
    assert says in str(failed.value) and '"totalPrice": 4.31' in str(failed.value)
