"""The bench subcommands of ``chargebench``: ``rig check`` and ``certify``."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import ExitStack

from simulator.cli_types import existing_folder, writable_folder

from .binding import open_rig
from .check import check_rig, failures, format_table
from .resources import ResourceError, RigError
from .rigfile import bench_names, load_rig, user_rig_folder
from .rigschema import SCHEMA

DEFAULT_SEED = 2026
DEFAULT_REPORTS = "reports/out"


def _rig_check(args: argparse.Namespace) -> int:
    try:
        with ExitStack() as stack:
            bound = open_rig(load_rig(args.rig), args.seed, stack)
            rows = check_rig(bound)
    except (RigError, ResourceError) as error:
        print(f"chargebench: {error}", file=sys.stderr)
        return 2
    print(f"rig {bound.rig.name!r} ({bound.rig.source}): features {', '.join(sorted(bound.rig.features))}")
    print(format_table(rows))
    return 1 if failures(rows) else 0


def _certify(args: argparse.Namespace) -> int:
    from reports.certify import certify  # pulls in pytest: only for this command

    try:
        return certify(args.rig, args.out, args.seed, args.include_long, args.features)
    except (RigError, ResourceError) as error:
        print(f"chargebench: {error}", file=sys.stderr)
        return 2


def _rig_schema(args: argparse.Namespace) -> int:
    print(json.dumps(SCHEMA, indent=2))
    return 0


def add_rig_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    rigs = f"rig name ({', '.join(bench_names())}; looked up in ., {user_rig_folder()}, then chargebench's own), rig file path, or controller URL"
    rig = commands.add_parser("rig", help="work with bench rigs")
    rig_commands = rig.add_subparsers(dest="rig_command", required=True, metavar="RIG_COMMAND")
    check = rig_commands.add_parser("check", help="touch each resource of a rig and print what works")
    check.add_argument("--rig", "--target", dest="rig", default="sim", help=rigs)
    check.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of a simulator rig's world")
    check.set_defaults(handler=_rig_check)
    cert = commands.add_parser("certify", help="run the @certification scenarios on a rig; write the certification summary")
    cert.add_argument("--rig", "--target", dest="rig", default="sim", help=rigs)
    cert.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of a simulator rig's world")
    cert.add_argument("--out", type=writable_folder, default=DEFAULT_REPORTS, help="output folder, checked before the run (default reports/out; a subfolder per rig name)")
    cert.add_argument("--include-long", action="store_true", help="also run @long scenarios on a rig without virtual time")
    cert.add_argument("--features", action="append", type=existing_folder, default=[], metavar="DIR",
                      help="a folder of your own .feature files: its @certification scenarios run with chargebench's (repeatable)")
    cert.set_defaults(handler=_certify)
    schema = rig_commands.add_parser("schema", help="print the rig file's JSON Schema (for editors that validate TOML)")
    schema.set_defaults(handler=_rig_schema)
