"""A seeded sample of the mutants and how precise the score measured on it is.

A full mutation run of the controller model costs hours on shared cores; a sample of N mutants a
file costs minutes and, with its 95% confidence interval, says as much as it can. The draw is
per file from ``random.Random(f"{seed}:{path}")`` over the file's sorted mutant names, so the
same seed draws the same mutants, and adding or dropping a file leaves the other files' draws alone.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

Z_95 = 1.959963984540054
"""The standard normal quantile of a two-sided 95% interval."""


def draw(names_by_file: dict[str, list[str]], size_by_file: dict[str, int], seed: int) -> dict[str, list[str]]:
    """Each file's size of its mutant names (all of a file that has fewer), drawn without replacement."""
    return {
        path: sorted(random.Random(f"{seed}:{path}").sample(sorted(names), min(size_by_file[path], len(names))))
        for path, names in names_by_file.items()
    }


def wilson(killed: float, judged: float) -> tuple[float, float]:
    """The Wilson score interval (95%) of a proportion ``killed / judged``; ``judged`` may be an
    effective sample size (not a whole number). (0, 1) when nothing was judged."""
    if judged <= 0:
        return 0.0, 1.0
    p = killed / judged
    z2 = Z_95 * Z_95
    centre = (p + z2 / (2 * judged)) / (1 + z2 / judged)
    half = Z_95 * math.sqrt(p * (1 - p) / judged + z2 / (4 * judged * judged)) / (1 + z2 / judged)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Stratum:
    """One file of a sampled run: its mutants in all, the sampled ones judged (equivalents left
    out) and how many of those the scenarios killed."""

    population: int
    judged: int
    killed: int

    @property
    def score(self) -> float:
        return self.killed / self.judged if self.judged else 0.0

    @property
    def is_census(self) -> bool:
        """Every mutant of the file ran: the score is exact, not an estimate."""
        return self.judged > 0 and self.judged >= self.population

    def interval(self) -> tuple[float, float]:
        """The score's 95% interval: exact for a census, else Wilson's."""
        if self.is_census:
            return self.score, self.score
        return wilson(self.killed, self.judged)


def combined(strata: list[Stratum]) -> tuple[float, tuple[float, float]]:
    """The score of all files together, each file weighted by its number of mutants (a stratified
    estimate: the sample draws as many from a small file as from a big one), and its 95% interval:
    Wilson's at the effective sample size that the strata's variance (with the finite-population
    correction, so a census adds none) implies."""
    strata = [s for s in strata if s.judged]
    total = sum(s.population for s in strata)
    if not total:
        return 0.0, (0.0, 1.0)
    score = sum(s.population * s.score for s in strata) / total
    variance = sum(
        (s.population / total) ** 2 * s.score * (1 - s.score) / s.judged * max(0.0, 1 - s.judged / s.population)
        for s in strata
    )
    if all(s.is_census for s in strata):
        return score, (score, score)
    if variance == 0:
        effective = sum(s.judged for s in strata if not s.is_census)
    else:
        effective = score * (1 - score) / variance
    return score, wilson(score * effective, effective)
