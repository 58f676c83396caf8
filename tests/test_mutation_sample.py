"""The sampled mutation score: a seeded draw per file and the 95% interval of what it measures (no mutmut run)."""

from __future__ import annotations

import pytest

from reports.mutation import chosen_mutants, mutant_names, sample_sizes
from reports.mutation_sample import Stratum, combined, draw, wilson

NAMES = {"a.py": [f"a.x_f__mutmut_{i}" for i in range(1, 101)], "b.py": [f"b.x_g__mutmut_{i}" for i in range(1, 6)]}


def test_the_same_seed_draws_the_same_mutants_and_another_seed_others() -> None:
    sizes = {"a.py": 10, "b.py": 10}
    first = draw(NAMES, sizes, seed=7)
    assert first == draw({path: list(reversed(names)) for path, names in NAMES.items()}, sizes, seed=7)
    assert first["a.py"] != draw(NAMES, sizes, seed=8)["a.py"]
    assert len(first["a.py"]) == len(set(first["a.py"])) == 10
    assert set(first["a.py"]) <= set(NAMES["a.py"])


def test_a_file_with_fewer_mutants_than_the_sample_runs_them_all() -> None:
    assert draw(NAMES, {"a.py": 10, "b.py": 10}, seed=7)["b.py"] == sorted(NAMES["b.py"])


def test_one_file_s_draw_does_not_depend_on_the_other_files() -> None:
    alone = draw({"a.py": NAMES["a.py"]}, {"a.py": 10}, seed=7)["a.py"]
    assert draw(NAMES, {"a.py": 10, "b.py": 3}, seed=7)["a.py"] == alone


def test_the_wilson_interval_matches_the_textbook_values() -> None:
    low, high = wilson(8, 10)
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)
    assert wilson(0, 10)[0] == pytest.approx(0.0) and round(wilson(0, 10)[1], 3) == 0.278
    assert round(wilson(10, 10)[0], 3) == 0.722 and wilson(10, 10)[1] == pytest.approx(1.0)
    assert wilson(0, 0) == (0.0, 1.0)


def test_a_file_whose_every_mutant_ran_has_an_exact_score() -> None:
    assert Stratum(population=5, judged=5, killed=4).interval() == (0.8, 0.8)
    assert Stratum(population=50, judged=5, killed=4).interval() == wilson(4, 5)


def test_the_total_weighs_each_file_by_its_mutants() -> None:
    big, small = Stratum(population=900, judged=40, killed=36), Stratum(population=100, judged=40, killed=20)
    score, (low, high) = combined([big, small])
    assert score == pytest.approx(0.9 * 0.9 + 0.1 * 0.5)
    assert low < score < high
    census = [Stratum(population=4, judged=4, killed=3), Stratum(population=2, judged=2, killed=2)]
    assert combined(census) == (5 / 6, (5 / 6, 5 / 6))


def test_sample_sizes_take_a_default_and_per_file_overrides() -> None:
    files = ["simulator/model/controller.py", "simulator/model/logins.py"]
    assert sample_sizes(files, ["40", "controller.py=80"]) == {files[0]: 80, files[1]: 40}
    with pytest.raises(ValueError, match="'zero'"):
        sample_sizes(files, ["zero"])
    with pytest.raises(ValueError, match="FILE=N"):
        sample_sizes(files, ["40", "controller.py"])


def test_the_sample_is_drawn_from_mutmut_s_own_mutants_of_the_file() -> None:
    names = mutant_names("simulator/model/logins.py")
    assert names and all(n.startswith("simulator.model.logins.x") and "__mutmut_" in n for n in names)
    how, chosen, drawn = chosen_mutants(["simulator/model/logins.py"], ["5"], 2026, None)
    assert how == "a sample of 5 mutants a file, seed 2026" and drawn
    assert len(chosen) == 5 and set(chosen) <= set(names)
    with pytest.raises(ValueError, match="nope"):
        chosen_mutants(["simulator/model/logins.py"], None, 2026, ["nope"])
