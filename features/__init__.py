"""The Gherkin scenarios that ship with chargebench (one folder per domain) and the tags they may carry.

They are package data: the chargebench pytest plugin (``fixtures/plugin.py``)
collects them from wherever the package is installed.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path


def folder() -> Path:
    """Where the packaged .feature files are (a real folder: pytest collects files, not resources)."""
    return Path(str(resources.files(__name__)))


@cache
def tags() -> dict[str, str]:
    """Every tag a scenario may carry -> what it means (``features/tags.toml``)."""
    return dict(tomllib.loads(resources.files(__name__).joinpath("tags.toml").read_text())["tags"])
