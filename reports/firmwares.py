"""Faulty firmwares: does the feature suite, and the certification profile, catch each one?

Mutants (``reports/mutation.py``) are many small, blind changes; a faulty firmware is one
bug a vendor could ship against spec 001 or IEC 61851-1, written on purpose where
bugs slip through (limits changed during a transaction, the role check of each write
path, the PWM table's upper bands, the time filter's exact bounds, the energy of
transactions that ended abnormally, cards of different UID lengths, limits reached by
a batch). Each is a patch of the simulator, the reference controller, in
``reports/firmwares/NN-name.patch``, its first line saying what the firmware does
wrong. For each one this applies the patch to a copy of the checkout, runs the
certification profile and the whole feature suite against it (REST only, like
``tox -e mutation``; each run stops at its first failure) and prints which scenario
caught it, if any.

    python -m reports.firmwares                 # every firmware, both runs
    python -m reports.firmwares 06 22           # those whose name starts so
    python -m reports.firmwares --profile suite

Run from a checkout; a run of all of them takes several minutes (``nice -n 19`` on shared cores).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reports.mutation import PROFILES

ROOT = Path.cwd()
FIRMWARES = ROOT / "reports" / "firmwares"
COPIED = ("simulator", "features", "steps", "fixtures", "rigs", "reports", "pyproject.toml")
"""What the feature suite imports and reads: the copy the patch goes into."""
RUNS = {**PROFILES, "bench": PROFILES["certification"] + " and not sim-only"}
"""Run name -> the pytest -m expression: mutation's profiles, and the certification profile as a bench runs
it (a bench has no virtual time or fault injection: ``@sim-only`` scenarios are not applicable there)."""
FAILED = re.compile(r"^FAILED (\S+)", re.MULTILINE)
ERROR = re.compile(r"^ERROR (\S+)", re.MULTILINE)


@dataclass(frozen=True)
class Firmware:
    name: str
    description: str
    patch: Path


@dataclass(frozen=True)
class Verdict:
    caught: bool
    by: str
    """The first scenario that failed (or erred), or why nothing did."""


def firmwares(folder: Path = FIRMWARES) -> list[Firmware]:
    """Every patch of ``folder`` in name order, with its first line as the description."""
    return [Firmware(p.stem, p.read_text("utf-8").split("\n", 1)[0].strip(), p) for p in sorted(folder.glob("*.patch"))]


def copy_tree(into: Path) -> None:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns("__pycache__", "*.patch", "out"))
        else:
            shutil.copy2(source, into / name)


def apply(patch: Path, tree: Path, check_only: bool = False) -> str | None:
    """Apply ``patch`` to ``tree`` (``git apply`` works outside a repository); the error, or None."""
    command = ["git", "apply", *(["--check"] if check_only else []), str(patch)]
    done = subprocess.run(command, cwd=tree, capture_output=True, text=True)
    return done.stderr.strip() or "git apply failed" if done.returncode else None


def run_profile(tree: Path, profile: str, seed: int) -> Verdict:
    """The feature suite of ``tree`` under ``profile``, stopping at the first failure."""
    command = [sys.executable, "-m", "pytest", "features", "-q", "-x", "-rfE", "-p", "no:randomly",
               "--seed", str(seed), "-m", RUNS[profile]]
    env = {**os.environ, "CI": os.environ.get("CI", "true"), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(command, cwd=tree, capture_output=True, text=True, env=env)
    if done.returncode == 0:
        return Verdict(False, "-")
    found = FAILED.search(done.stdout) or ERROR.search(done.stdout)
    if found:
        return Verdict(True, found.group(1).removeprefix("features/"))
    last = (done.stdout.strip().splitlines() or ["no output"])[-1]
    return Verdict(True, f"pytest exit {done.returncode}: {last}")


def judge(firmware: Firmware | None, profiles: list[str], seed: int) -> dict[str, Verdict]:
    """Each profile's verdict on ``firmware`` (None: the unpatched tree, which must pass)."""
    with tempfile.TemporaryDirectory(prefix="chargebench-firmware-") as tmp:
        tree = Path(tmp)
        copy_tree(tree)
        if firmware is not None:
            error = apply(firmware.patch, tree)
            if error:
                return {profile: Verdict(False, f"patch does not apply: {error}") for profile in profiles}
        return {profile: run_profile(tree, profile, seed) for profile in profiles}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reports.firmwares", description=__doc__.split("\n\n")[0])
    parser.add_argument("only", nargs="*", metavar="NAME", help="only the firmwares whose name starts so (e.g. 06)")
    parser.add_argument("--profile", choices=("both", *sorted(RUNS)), default="both",
                        help="which runs: the certification profile and the whole suite (both, the default), one of them, "
                             "or bench: the certification profile without its @sim-only scenarios")
    parser.add_argument("--seed", type=int, default=2026, help="the suite's --seed (default 2026)")
    args = parser.parse_args(argv)
    if shutil.which("git") is None:
        print("python -m reports.firmwares: needs git (git apply) on the PATH", file=sys.stderr)
        return 2
    every = firmwares()
    if not every:
        print(f"python -m reports.firmwares: no firmware patches in {FIRMWARES}: run it from a chargebench checkout", file=sys.stderr)
        return 2
    chosen = [f for f in every if not args.only or any(f.name.startswith(o) for o in args.only)]
    if not chosen:
        print(f"python -m reports.firmwares: no firmware's name starts with {' or '.join(args.only)}", file=sys.stderr)
        return 2
    profiles = ["certification", "suite"] if args.profile == "both" else [args.profile]
    baseline = judge(None, profiles, args.seed)
    broken = [p for p, v in baseline.items() if v.caught]
    if broken:
        print(f"python -m reports.firmwares: the unpatched tree fails the {', '.join(broken)} run "
              f"({'; '.join(baseline[p].by for p in broken)}): fix that first", file=sys.stderr)
        return 2
    print(f"{'firmware':40} " + " ".join(f"{p:>13}" for p in profiles))
    missed = 0
    for firmware in chosen:
        verdicts = judge(firmware, profiles, args.seed)
        missed += any(not v.caught for v in verdicts.values())
        print(f"{firmware.name:40} " + " ".join(f"{'caught' if v.caught else 'NO':>13}" for v in verdicts.values()))
        for profile, verdict in verdicts.items():
            if verdict.by != "-":
                print(f"    {profile}: {verdict.by}")
        sys.stdout.flush()
    print(f"\n{len(chosen) - missed} of {len(chosen)} firmwares caught by every run ({', '.join(profiles)})")
    for firmware in chosen:
        print(f"  {firmware.name}: {firmware.description}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
