"""Mutation testing of the controller model and handlers: how many planted bugs the scenarios catch.

The simulator is the reference controller, so a bug planted in it (a mutant:
an operator swapped, a constant moved, a statement dropped) stands in for
buggy firmware, and the feature suite should fail. ``mutmut`` (configured under
``[tool.mutmut]`` in pyproject.toml) makes the mutants and runs the feature
suite (``features/``) against each one; this module runs it for a profile
and prints the score per file and every survivor with its file:line, leaving
out the equivalent mutants listed with their reasons in
``reports/mutation_equivalents.toml``.

    tox -e mutation                                   # every file, the whole feature suite
    tox -e mutation -- --files pilot.py battery.py    # some files
    tox -e mutation -- --profile certification        # the bench's certification profile only
    tox -e mutation -- --sample 40 --seed 7           # 40 mutants a file, drawn with seed 7
    tox -e mutation -- --mutants NAME [NAME ...]      # these mutants (mutmut's names) again
    python -m reports.mutation report                 # the last run's figures again

NFC runs are left out (``not needs-nfc``): the handlers are transport-neutral
and vpcd's slots are shared. A run takes long (10 to 60 s per mutant on two
shared cores); it is not part of the default tox run.

``--sample N`` runs N mutants of each file drawn from mutmut's list of the
file's mutants (``reports/mutation_sample.py``: the same seed draws the same
mutants) instead of all of them. Each file's score then comes with its 95%
confidence interval (Wilson's; a file whose every mutant ran is exact), and
the total weighs each file by its number of mutants, so a sampled score says
how precise it is.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reports import mutation_sample
from reports.mutation_sample import Stratum

ROOT = Path.cwd()
"""The checkout being mutated: mutmut works on a source tree, so this runs from one (``tox -e
mutation`` does), even where an installed chargebench is imported."""
MUTANTS = ROOT / "mutants"
EQUIVALENTS = ROOT / "reports" / "mutation_equivalents.toml"
PROFILE_FILE = MUTANTS / "chargebench-profile"
SELECTION_FILE = MUTANTS / "chargebench-selection.json"
"""The mutants the last run ran when it did not run them all, and how they were chosen."""
DEFAULT_SEED = 2026
PROFILES = {
    "suite": "not needs-nfc",
    "certification": "certification and not long and not needs-nfc",
}
"""Profile name -> the pytest -m expression the mutants are run with."""

KILLED = {"killed", "timeout", "caught by type check", "segfault", "check was interrupted by user"}
"""mutmut's verdicts that mean a test noticed the mutant: a hang or crash is noticed on a bench too, and
pytest's exit code 2 (mutmut's "interrupted") is the plugin's rig check refusing the mutant before any scenario."""


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str
    status: str
    line: int
    original: str
    mutated: str

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Equivalent:
    mutant: str
    mutated: str
    """The mutated line as it reads, so a listing that no longer matches the code is noticed."""
    reason: str


def mutated_files() -> list[str]:
    """The files ``[tool.mutmut] only_mutate`` names, expanded."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]
    return sorted(str(p.relative_to(ROOT)) for pattern in config["only_mutate"] for p in ROOT.glob(pattern))


def mutant_names(path: str) -> list[str]:
    """mutmut's names of the mutants it makes of ``path`` (a file of the checkout), as ``mutmut run`` names them."""
    from mutmut.mutation.file_mutation import mutate_file_contents
    from mutmut.utils.format_utils import get_mutant_name

    mutated = mutate_file_contents(path, (ROOT / path).read_text("utf-8"))
    return [get_mutant_name(Path(path), name) for name in mutated.mutant_names]


def load_equivalents(path: Path = EQUIVALENTS) -> dict[str, Equivalent]:
    entries = tomllib.loads(path.read_text("utf-8")).get("equivalent", [])
    return {e["mutant"]: Equivalent(e["mutant"], e["mutated"], e["reason"]) for e in entries}


def _split_name(mutant: str) -> tuple[str, str, str]:
    """``simulator.model.battery.xǁChargeCurveǁ__post_init____mutmut_3`` -> (module, mangled base, qualified name)."""
    module, _, mangled = mutant.rpartition(".")
    base = mangled.rsplit("__mutmut_", 1)[0]
    if base.startswith("xǁ"):
        _, cls, method = base.split("ǁ")
        return module, base, f"{cls}.{method}"
    return module, base, base.removeprefix("x_")


Functions = dict[str, tuple[int, list[str]]]
"""A file's functions and methods (``name``, ``Class.name``): first line number and source lines."""


def _functions(path: Path) -> Functions:
    lines = path.read_text("utf-8").split("\n")
    found: Functions = {}

    def add(nodes: list[ast.stmt], owner: str) -> None:
        for node in nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found[owner + node.name] = node.lineno, lines[node.lineno - 1:node.end_lineno]

    tree = ast.parse("\n".join(lines))
    add(tree.body, "")
    for cls in tree.body:
        if isinstance(cls, ast.ClassDef):
            add(cls.body, cls.name + ".")
    return found


def _locate(mutant: str, mutated_file: Functions, original_file: Functions) -> tuple[int, str, str]:
    """Where the mutant differs from the original code: file line, original line, mutated line."""
    module_name, base, qualified = _split_name(mutant)
    owner = qualified.rsplit(".", 1)[0] + "." if "." in qualified else ""
    orig = mutated_file.get(f"{owner}{base}__mutmut_orig")
    changed = mutated_file.get(f"{owner}{mutant.rpartition('.')[2]}")
    original = original_file.get(qualified)
    if orig is None or changed is None or original is None:
        return 0, "", ""
    for offset, (before, after) in enumerate(zip(orig[1], changed[1])):
        if offset and before != after:
            return original[0] + offset, before.strip(), after.strip()
    if len(orig[1]) != len(changed[1]):
        offset = min(len(orig[1]), len(changed[1]))
        before = orig[1][offset].strip() if offset < len(orig[1]) else ""
        return original[0] + offset, before, ""
    return original[0], orig[1][0].strip(), changed[1][0].strip()


def verdicts(path: str) -> dict[str, int | None]:
    """mutmut's exit code of each mutant of ``path`` in the last run (None: not run), or {} before any."""
    meta = MUTANTS / f"{path}.meta"
    return json.loads(meta.read_text("utf-8"))["exit_code_by_key"] if meta.exists() else {}


def collect(files: list[str], only: set[str] | None = None) -> list[Mutant]:
    """The last run's verdict on every mutant of ``files`` (those of ``only`` if given)."""
    from mutmut.stats import status_by_exit_code

    mutants = []
    for path in files:
        codes = {name: code for name, code in verdicts(path).items() if only is None or name in only}
        if not codes:
            continue
        mutated_file, original_file = _functions(MUTANTS / path), _functions(ROOT / path)
        for name, code in codes.items():
            line, original, mutated = _locate(name, mutated_file, original_file)
            mutants.append(Mutant(name, path, status_by_exit_code[code], line, original, mutated))
    return mutants


def load_selection() -> tuple[str, set[str], bool] | None:
    """How the last run chose its mutants, their names and whether they were drawn at random
    (a sample, whose score has an interval), or None if it ran them all."""
    if not SELECTION_FILE.exists():
        return None
    selection = json.loads(SELECTION_FILE.read_text("utf-8"))
    return selection["how"], set(selection["mutants"]), selection["random"]


def report(files: list[str], out=sys.stdout) -> int:  # type: ignore[no-untyped-def]
    """Print the table and the survivors; 0 if every mutant ran, 1 if some did not (not run, no tests, stale)."""
    selection = load_selection()
    mutants = collect(files, selection[1] if selection else None)
    if not mutants:
        print("no mutation results: run 'tox -e mutation' first", file=sys.stderr)
        return 2
    verdicts_by_file = {path: verdicts(path) for path in files}
    equivalents = load_equivalents()
    profile = PROFILE_FILE.read_text("utf-8").strip() if PROFILE_FILE.exists() else "unknown"
    chosen = f", {selection[0]}" if selection else ""
    print(f"mutation score of the feature suite, profile {profile!r} (-m \"{PROFILES.get(profile, '?')}\"){chosen}", file=out)
    print(f"{'file':52} {'mutants':>7} {'ran':>4} {'equiv':>5} {'killed':>6} {'surv':>5} {'other':>5} {'score':>6}  95% interval", file=out)
    survivors, stale, total, strata = [], [], Counter(), []
    for path in files:
        mine = [m for m in mutants if m.path == path]
        if not mine:
            continue
        counts = Counter()
        for m in mine:
            equivalent = equivalents.get(m.name)
            if equivalent and equivalent.mutated != m.mutated:
                stale.append((m, equivalent))
                equivalent = None
            if equivalent:
                counts["equivalent"] += 1
            elif m.status in KILLED:
                counts["killed"] += 1
            elif m.status == "survived":
                counts["survived"] += 1
                survivors.append(m)
            else:
                counts["other"] += 1
                survivors.append(m)
        total.update(counts)
        listed_equivalents = sum(1 for name in verdicts_by_file[path] if name in equivalents)
        population = len(verdicts_by_file[path]) - listed_equivalents
        stratum = Stratum(population, counts["killed"] + counts["survived"] + counts["other"], counts["killed"])
        strata.append(stratum)
        interval = stratum.interval() if selection is None or selection[2] else None
        print(_row(path, len(verdicts_by_file[path]), len(mine), counts, stratum.score, interval), file=out)
    score, total_interval = mutation_sample.combined(strata)
    label = "total (each file weighed by its mutants)" if selection else "total"
    total_interval = total_interval if selection is None or selection[2] else None
    print(_row(label, sum(len(v) for v in verdicts_by_file.values()), sum(total.values()), total, score, total_interval), file=out)
    if survivors:
        print("\nsurvivors (a scenario should have failed):", file=out)
        for m in sorted(survivors, key=lambda m: (m.path, m.line)):
            print(f"  {m.where}  [{m.status}] {m.original}  ->  {m.mutated}   ({m.name})", file=out)
    for m, equivalent in stale:
        print(f"\nstale equivalent listing {m.name}: listed as {equivalent.mutated!r}, the mutant now reads {m.mutated!r}", file=out)
    return 1 if stale or total["other"] else 0


def _row(label: str, count: int, ran: int, counts: Counter, score: float, interval: tuple[float, float] | None) -> str:
    """One line of the table; no interval (None) for mutants chosen by name: they are no sample."""
    judged = counts["killed"] + counts["survived"] + counts["other"]
    shown = f"{100 * score:5.1f}%" if judged else "    -"
    if not judged or interval is None:
        bounds = "-"
    else:
        low, high = interval
        bounds = f"{100 * low:5.1f}-{100 * high:5.1f}%" if low < high else "exact"
    return (f"{label:52} {count:7d} {ran:4d} {counts['equivalent']:5d} {counts['killed']:6d} {counts['survived']:5d} "
            f"{counts['other']:5d} {shown:>6}  {bounds}")


def run(files: list[str], profile: str, children: int, selection: tuple[str, list[str], bool] | None = None) -> int:
    """Run mutmut on the mutants of ``files`` for ``profile`` (only the named ones of ``selection``,
    ``(how they were chosen, names, drawn at random)``, if given), afresh: mutmut keeps a verdict while the mutated
    function is unchanged, even when the scenarios have changed."""
    if MUTANTS.exists():
        shutil.rmtree(MUTANTS)
    if selection:
        targets = selection[1]
    else:
        targets = [path.removesuffix(".py").replace("/", ".") + ".*" for path in files]
    env = {**os.environ, "PYTEST_ADDOPTS": f"-m '{PROFILES[profile]}'", "CI": os.environ.get("CI", "true")}
    code = subprocess.call([sys.executable, "-m", "mutmut", "run", "--max-children", str(children), *targets], cwd=ROOT, env=env)
    MUTANTS.mkdir(exist_ok=True)
    PROFILE_FILE.write_text(profile + "\n", "utf-8")
    if selection:
        how, names, drawn = selection
        SELECTION_FILE.write_text(json.dumps({"how": how, "mutants": sorted(names), "random": drawn}, indent=1) + "\n", "utf-8")
    if code != 0:
        print(f"mutmut stopped with exit code {code}", file=sys.stderr)
    return code


def chosen_files(names: list[str] | None) -> list[str]:
    """The mutated files named (a suffix is enough), or all; ValueError names the unknown ones."""
    files = mutated_files()
    if not names:
        return files
    unknown = [n for n in names if not any(f.endswith(n) for f in files)]
    if unknown:
        raise ValueError(f"not a mutated file: {', '.join(unknown)} (see [tool.mutmut] only_mutate)")
    return [f for f in files if any(f.endswith(n) for n in names)]


def sample_sizes(files: list[str], sizes: list[str]) -> dict[str, int]:
    """Each file's sample size from ``--sample N [FILE=N ...]``: N for every file but those named
    (a suffix is enough); ValueError names a malformed size or an unknown file."""
    default, *overrides = sizes
    by_file = dict.fromkeys(files, _size(default))
    for override in overrides:
        name, equals, size = override.partition("=")
        if not equals:
            raise ValueError(f"--sample takes N, then FILE=N, not {override!r}")
        for path in chosen_files([name]):
            if path in by_file:
                by_file[path] = _size(size)
    return by_file


def _size(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"a sample size is a whole number of 1 or more, not {text!r}")
    return int(text)


def chosen_mutants(files: list[str], sample: list[str] | None, seed: int, names: list[str] | None) -> tuple[str, list[str], bool] | None:
    """The mutants to run when not all of ``files``' (how they were chosen, their names, whether
    drawn at random), or None;
    ValueError names a mutant that is not one of ``files``' or a bad sample size."""
    if names:
        known = {name for path in files for name in mutant_names(path)}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ValueError(f"not a mutant of the chosen files: {', '.join(unknown)}")
        return f"{len(names)} named mutants", names, False
    if sample is None:
        return None
    sizes = sample_sizes(files, sample)
    drawn = mutation_sample.draw({path: mutant_names(path) for path in files}, sizes, seed)
    how = ", ".join(f"{n} of {Path(path).name}" for path, n in sizes.items() if n != _size(sample[0]))
    return f"a sample of {sample[0]} mutants a file{' (' + how + ')' if how else ''}, seed {seed}", [n for names in drawn.values() for n in names], True


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reports.mutation", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", choices=("run", "report"), default="run", help="run mutmut then report (default), or report the last run")
    parser.add_argument("--files", nargs="+", metavar="FILE", help="only these mutated files (a suffix is enough: pilot.py)")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="suite", help="the scenarios to run: the whole feature suite or the certification profile")
    parser.add_argument("--children", type=_positive, default=1, help="mutants tested at once (default 1)")
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument("--sample", nargs="+", metavar="N [FILE=N]", help="only N mutants of each file (FILE=N: N of that one), drawn at random (see --seed); scores come with their 95%% interval")
    chosen.add_argument("--mutants", nargs="+", metavar="NAME", help="only these mutants (mutmut's names, as the survivors list gives them)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"the seed of --sample's draw (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    try:
        files = chosen_files(args.files)
        selection = chosen_mutants(files, args.sample, args.seed, args.mutants) if args.command == "run" else None
    except ValueError as error:
        print(f"python -m reports.mutation: {error}", file=sys.stderr)
        return 2
    if args.command == "run":
        code = run(files, args.profile, args.children, selection)
        if code != 0:
            return 2
    return report(files)


if __name__ == "__main__":
    sys.exit(main())
