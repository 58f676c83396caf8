"""``chargebench steps``: the step catalogue on the command line (steps/catalogue.py, loaded only when asked)."""

from __future__ import annotations

import argparse


def _steps(args: argparse.Namespace) -> int:
    from .catalogue import print_steps  # pulls in pytest-bdd and every step module: only for this command

    return print_steps(args.domain)


def add_steps_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    steps = commands.add_parser("steps", help="print every Gherkin step by domain, with an example of each")
    steps.add_argument("--domain", help="only this domain: common, controller, controller_data, charging, nfc, backend, roaming, backend_webhooks, bench")
    steps.set_defaults(handler=_steps)
