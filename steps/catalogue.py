"""The step catalogue: every step a scenario may use, by domain, each with an example.

``chargebench steps`` prints it.  The example is the first use in the packaged
features (with its file and line), or, for a step no feature uses yet, the
``Example:`` line of the step function's docstring, which must match the step.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from dataclasses import dataclass
from typing import Any, Iterator

from pytest_bdd.feature import get_features
from pytest_bdd.parser import Step
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

import features
from fixtures.gherkin import shown_path
from fixtures.plugin import STEP_MODULES

EXAMPLE_PREFIX = "Example:"


@dataclass(frozen=True)
class Example:
    text: str
    where: str
    """``file:line`` of a feature that uses the step, or the step function's docstring."""


@dataclass(frozen=True)
class StepEntry:
    domain: str
    kinds: str
    """``Given``, ``When/Then``: the keywords the step answers to."""
    pattern: str
    summary: str
    example: Example | None


def _contexts() -> list[StepFunctionContext]:
    for name in STEP_MODULES:
        importlib.import_module(name)
    modules = set(STEP_MODULES)
    found = [c for c in list(step_function_context_registry.values()) if c.step_func.__module__ in modules]
    return sorted(found, key=lambda c: (STEP_MODULES.index(c.step_func.__module__), c.step_func.__code__.co_firstlineno, c.type or ""))


def feature_steps() -> Iterator[tuple[Step, str]]:
    """Every step of the packaged features (an outline's with its first Examples row), with file:line."""
    for feature in get_features([str(features.folder())]):
        for template in feature.scenarios.values():
            contexts = [c for examples in template.examples for c in examples.as_contexts()]
            for step in template.render(contexts[0] if contexts else {}).steps:
                yield step, f"{shown_path(feature.filename)}:{step.line_number}"


def _matches(context: StepFunctionContext, kind: str, text: str) -> bool:
    return context.type in (None, kind) and context.parser.is_matching(text)


def docstring_example(context: StepFunctionContext) -> str | None:
    """The ``Example: Given ...`` line of the step function's docstring."""
    for line in inspect.getdoc(context.step_func).splitlines() if context.step_func.__doc__ else []:
        if line.strip().startswith(EXAMPLE_PREFIX):
            return line.strip().removeprefix(EXAMPLE_PREFIX).strip()
    return None


def catalogue() -> list[StepEntry]:
    """One entry per step pattern (a function decorated as Given and When is one entry)."""
    uses = list(feature_steps())
    grouped: dict[tuple[Any, str], list[StepFunctionContext]] = {}
    for context in _contexts():
        grouped.setdefault((context.step_func, context.parser.name), []).append(context)
    entries = []
    for (func, pattern), contexts in grouped.items():
        used = next(((s, where) for s, where in uses if any(_matches(c, s.type, s.name) for c in contexts)), None)
        example = Example(f"{used[0].type.capitalize()} {used[0].name}", used[1]) if used else None
        if example is None and (text := docstring_example(contexts[0])):
            example = Example(text, f"docstring of {func.__module__}.{func.__name__}")
        doc = inspect.getdoc(func) or ""
        summary = next((line for line in doc.splitlines() if line and not line.startswith(EXAMPLE_PREFIX)), "")
        kinds = "/".join((c.type or "step").capitalize() for c in contexts)
        entries.append(StepEntry(func.__module__.removeprefix("steps."), kinds, pattern, summary, example))
    return entries


def render(entries: list[StepEntry], domain: str | None = None) -> str:
    lines: list[str] = []
    current = None
    for entry in entries:
        if domain and entry.domain != domain:
            continue
        if entry.domain != current:
            current = entry.domain
            lines += ["", f"{entry.domain} (steps/{entry.domain}.py)"]
        lines.append(f"  {entry.kinds:10} {entry.pattern}")
        if entry.summary:
            lines.append(f"             {entry.summary}")
        if entry.example:
            lines.append(f"             e.g. {entry.example.text}    [{entry.example.where}]")
    return "\n".join(lines).lstrip("\n")


def print_steps(domain: str | None) -> int:
    entries = catalogue()
    domains = list(dict.fromkeys(e.domain for e in entries))
    if domain and domain not in domains:
        print(f"chargebench steps: no domain {domain!r}; domains: {', '.join(domains)}", file=sys.stderr)
        return 2
    print(render(entries, domain))
    return 0
