"""The mutation report's bookkeeping: which files, which function a mutant is in, the equivalents list."""

from __future__ import annotations

import importlib

import pytest

from reports.mutation import _split_name, chosen_files, load_equivalents, main, mutated_files


def test_a_mutant_name_gives_its_module_and_function() -> None:
    assert _split_name("simulator.model.pilot.x_duty_to_current__mutmut_3") == ("simulator.model.pilot", "x_duty_to_current", "duty_to_current")
    assert _split_name("simulator.model.battery.xǁChargeCurveǁ__post_init____mutmut_12") == (
        "simulator.model.battery", "xǁChargeCurveǁ__post_init__", "ChargeCurve.__post_init__")


def test_files_are_chosen_by_suffix_and_an_unknown_one_is_named() -> None:
    assert "simulator/model/pilot.py" in mutated_files()
    assert chosen_files(["pilot.py", "battery.py"]) == ["simulator/model/battery.py", "simulator/model/pilot.py"]
    with pytest.raises(ValueError, match="nope.py"):
        chosen_files(["nope.py"])


def test_an_unknown_file_is_one_line_and_exit_code_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--files", "nope.py"]) == 2
    assert capsys.readouterr().err.strip() == "python -m reports.mutation: not a mutated file: nope.py (see [tool.mutmut] only_mutate)"


def test_every_equivalent_names_a_mutated_file_and_gives_a_reason() -> None:
    files = {f.removesuffix(".py").replace("/", ".") for f in mutated_files()}
    for name, equivalent in load_equivalents().items():
        assert name.rpartition(".")[0] in files, name
        assert equivalent.reason and equivalent.mutated, name


def test_every_equivalent_names_a_function_the_code_still_has() -> None:
    """mutmut names a mutant after its function: a renamed function leaves its listed
    equivalents behind, which the report cannot flag (it sees only mutants that exist)."""
    for name in load_equivalents():
        module, _mangled, function = _split_name(name)
        owner: object = importlib.import_module(module)
        for part in function.split("."):
            assert hasattr(owner, part), f"{name}: {module} has no {function} any more"
            owner = getattr(owner, part)
