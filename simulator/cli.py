"""``chargebench``: run the simulator; later issues add rig and certification commands."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
from importlib import resources
from pathlib import Path

from rigs.commands import add_rig_commands
from steps.command import add_steps_command

from .cli_types import OneLineParser, duration, http_url, listen_address, nonempty_text, port, positive_int, positive_number
from .clock import ClockMode
from .model.events import TraceLevel
from .model.worldfile import WorldFileError
from .runtime import Simulation
from .devices.ports import instrumented
from .devices.vpcd import vpcd_port
from .heap import keep_heap_settled
from .open_files import FileLimitError, ensure_open_files, files_needed
from .server import start


BANNER_CONTROLLERS = 8
"""A fleet world has thousands of controllers: the banner names the first few."""


def _serve(args: argparse.Namespace) -> int:
    mode = ClockMode.VIRTUAL if args.virtual else ClockMode.REALTIME
    try:
        sim = Simulation.from_file(args.world, args.seed, mode=mode, factor=args.factor, trace=args.trace)
    except WorldFileError as error:
        print(f"chargebench: {error}", file=sys.stderr)
        return 2
    except (OSError, ValueError, KeyError) as error:
        print(f"chargebench: cannot load the world: {error}", file=sys.stderr)
        return 2
    try:
        nfc = {cp_id: vpcd_port(reader) for cp_id, reader in (item.split("=", 1) for item in args.nfc)}
    except ValueError as error:
        print(f"chargebench: --nfc wants CP_ID=READER, e.g. 'CP-1=Virtual PCD 00 00': {error}", file=sys.stderr)
        return 2
    try:
        ensure_open_files(files_needed(len(instrumented(sim)), len(nfc)))
    except FileLimitError as error:
        print(f"chargebench: {error}", file=sys.stderr)
        return 2
    keep_heap_settled(sim)
    return asyncio.run(_run(sim, args.host, args.port, nfc))


async def _run(sim: Simulation, host: str, port: int, nfc: dict[str, int]) -> int:
    try:
        runner, endpoints = await start(sim, host, port, nfc)
    except ValueError as error:
        print(f"chargebench: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"chargebench: cannot listen on {host}:{port}: {error.strerror}", file=sys.stderr)
        return 2
    clock = sim.clock
    print(f"chargebench simulator: site '{sim.config.site}', seed {sim.config.seed}, "
          f"{clock.mode} clock" + (f" x{clock.factor:g}" if clock.mode is ClockMode.REALTIME else ""))
    controllers = list(sim.world.controllers)
    for cp_id in controllers[:BANNER_CONTROLLERS]:
        print(f"  controller {cp_id:8} {endpoints.controller_url(cp_id)}/v1")
    if len(controllers) > BANNER_CONTROLLERS:
        print(f"  ... and {len(controllers) - BANNER_CONTROLLERS:,} more controllers at {endpoints.base_url}/cp/{{id}}/v1 "
              f"(GET {endpoints.sim_url}/state lists them)")
    print(f"  sim-control         {endpoints.sim_url}")
    for cp_id, pty in endpoints.instrument_ptys.items():
        print(f"  instrument {cp_id:8} {pty} and socket://{endpoints.instrument_tcp[cp_id]} (SCPI, rigs/README.md)")
    for cp_id, reader in endpoints.nfc_readers.items():
        print(f"  NFC tag    {cp_id:8} on PC/SC reader {reader!r} (answers NFC once RfidMode_auth is 'RFID/NFC hybrid')")
    print(f"  ABS back office     {endpoints.base_url}/abs  (OpenAPI: {endpoints.base_url}/openapi/abs.yaml)")
    print(f"  OIOI v4 roaming hub {endpoints.base_url}/api/v4/request  (schema: {endpoints.base_url}/api/v4/schema)")
    for account in sim.config.accounts:
        print(f"  controller login {account.username!r} / {account.password!r} ({account.role.name.lower()})")
    for user in sim.config.backoffice.get("user", [])[:2]:
        print(f"  ABS login {user['username']!r} / {user['password']!r} ({', '.join(user['roles'])}; more in the world file)")
    if sim.config.roaming.keys:
        key = sim.config.roaming.keys[0]
        print(f"  OIOI header 'Authorization: key={key.key}' ({key.role})")
    print("Ctrl-C stops.", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await clock.stop()
    await runner.cleanup()
    print("chargebench simulator stopped.")
    return 0


def _batch(args: argparse.Namespace) -> int:
    from .run.batch import RunOptions, run  # matplotlib and tqdm: only for this command
    from .run.report import REPORT_FILES
    from .run.shards import ShardingUnavailable

    if args.ray_address is not None and args.shards is None:
        print("chargebench: --ray-address needs --shards N (the actors to run there)", file=sys.stderr)
        return 2
    if args.out is not None:
        problem = _unwritable(args.out)
        if problem:
            print(f"chargebench: --out {args.out}: {problem}", file=sys.stderr)
            return 2
    try:
        results = run(RunOptions(args.world, args.days, args.seed, args.out, args.shards, args.ray_address))
    except (OSError, ValueError, KeyError, ShardingUnavailable) as error:
        print(f"chargebench: {error}", file=sys.stderr)
        return 2
    s = results.summary
    print(f"{s['arrivals']:,} arrivals, {s['sessions']:,} sessions served ({(s['served_share'] or 0):.1%}), "
          f"{s['turned_away']:,} turned away, {s['refused']:,} refused; {s['energy_kwh']:,.1f} kWh; "
          f"utilisation {(s['utilisation'] or 0):.1%}, idle share of connected time {(s['idle_share'] or 0):.1%}")
    if args.out is not None:
        print(f"results in {args.out}/: sessions.csv, load.csv, summary.json; plots and KPIs in {', '.join(REPORT_FILES)}")
    return 0


def _load(args: argparse.Namespace) -> int:
    from .run.load import REPORT_FILES, LoadOptions, load, table  # hdrhistogram, matplotlib: only for this command
    from .run.shards import ShardingUnavailable

    if args.ray_address is not None and args.shards is None:
        print("chargebench: --ray-address needs --shards N (the actors to run there)", file=sys.stderr)
        return 2
    problem = _unwritable(args.out)
    if problem:
        print(f"chargebench: --out {args.out}: {problem}", file=sys.stderr)
        return 2
    options = LoadOptions(args.world, args.target_abs, args.factor, args.duration, args.seed, args.shards, args.ray_address, args.out,
                          args.target_oioi, args.oioi_key, args.cpo_listen)
    try:
        report = load(options)
    except (OSError, ValueError, KeyError, ShardingUnavailable) as error:
        print(f"chargebench: {error}", file=sys.stderr)
        return 2
    print(table(report.figures()))
    print(f"report in {args.out}/: {', '.join(REPORT_FILES)}")
    return 0


def _unwritable(folder: Path) -> str | None:
    """Why results could not be written there, asked before a long run rather than after it."""
    existing = folder
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        return f"{existing} is not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"{existing} is not writable"
    return None


def world_file(text: str) -> Path:
    """A world file's path, or the name of a world shipped with chargebench (e.g. city-5000)."""
    path = Path(text)
    if path.exists() or path.suffix or "/" in text:
        return path
    shipped = Path(str(resources.files("simulator").joinpath("worlds", f"{text}.toml")))
    if shipped.exists():
        return shipped
    names = sorted(p.stem for p in Path(str(resources.files("simulator").joinpath("worlds"))).glob("*.toml"))
    raise argparse.ArgumentTypeError(f"no world file {text!r} and no shipped world of that name (shipped: {', '.join(names)})")


def positive_days(text: str) -> float:
    try:
        days = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days") from None
    if not 0 < days <= 3650:
        raise argparse.ArgumentTypeError(f"{text!r}: days must be more than 0 and at most 3650")
    return days


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="chargebench", description="EV charging test harness and reference simulator.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="run the simulator with a world (the embedded default unless --world)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    serve.add_argument("--port", type=port, default=8080, help="TCP port (default: 8080; 0 picks a free one)")
    serve.add_argument("--world", type=world_file, help="world file (TOML) or a shipped world's name; default: the embedded world")
    serve.add_argument("--seed", type=int, help="override the world's seed")
    serve.add_argument("--factor", type=positive_number, default=1.0, help="real-time factor: 60 runs an hour a minute (default 1)")
    serve.add_argument("--virtual", action="store_true", help="virtual time: it moves only via POST /sim/clock/advance")
    serve.add_argument("--trace", choices=[str(level) for level in TraceLevel],
                       help="what /sim/events keeps: every event (full), each charging session's life (sessions), or "
                            "nothing (off, for big batch runs); default: the world file's 'trace', else full")
    serve.add_argument("--nfc", action="append", default=[], metavar="CP_ID=READER",
                       help="put the controller's NFC tag on a vpcd reader, e.g. 'CP-1=Virtual PCD 00 00' (repeatable; needs pcscd)")
    serve.set_defaults(handler=_serve)
    batch = commands.add_parser("run", help="run a fleet world in virtual time as fast as possible; write sessions, load, KPIs",
                                description="Run a fleet world in virtual time (no sockets, same model, back office and hub "
                                            "as serve) and write the sessions table, site load curves and KPIs.")
    batch.add_argument("--world", type=world_file, required=True,
                       help="world file with a [fleet] section, or a shipped world: caltech-like, depot-200, city-5000")
    batch.add_argument("--days", type=positive_days, required=True, help="model days to run")
    batch.add_argument("--seed", type=int, help="override the world's seed (the same seed gives the same sessions)")
    batch.add_argument("--out", type=Path, help="folder for sessions.csv, load.csv, summary.json and summary.html with its plots (created)")
    batch.add_argument("--shards", type=positive_int, metavar="N",
                       help="split the fleet by site over N Ray actors (needs chargebench[scale]); same results, ids aside")
    batch.add_argument("--ray-address", metavar="ADDRESS",
                       help="with --shards: the Ray cluster to run on (e.g. ray://head:10001); default: a local Ray")
    batch.set_defaults(handler=_batch)
    loader = commands.add_parser("load", help="a fleet world in real time x FACTOR as the load on an external ABS and/or OIOI hub; "
                                              "latency report",
                                 description="Run a fleet world in real time scaled by --factor for --duration, its stations "
                                             "reporting to the ABS at --target-abs and its roaming CPO calling the OIOI hub at "
                                             "--target-oioi (targets that must know the world's stations, cards and accounts: serve "
                                             "the same world there); a target left out is chargebench's own, in-process. The world "
                                             "file's [load] table may name the targets instead. Report requests, latency "
                                             "percentiles, errors, retries, rates and each roaming session's CDR.")
    loader.add_argument("--world", type=world_file, required=True, help="world file with a [fleet] section, or a shipped world")
    loader.add_argument("--target-abs", type=http_url, metavar="URL",
                        help="the back office's base URL; the stations call URL/abs/cs/... and URL/abs/authentication")
    loader.add_argument("--target-oioi", type=http_url, metavar="URL",
                        help="the OIOI v4 hub's endpoint (e.g. https://dev-api.plugsurfing.com/api/v4/request; a URL without "
                             "a path gets /api/v4/request); the CPO's station pushes, rfid-verify and CDRs go there")
    loader.add_argument("--oioi-key", type=nonempty_text, metavar="KEY", help="with --target-oioi: the CPO's API key at that hub")
    loader.add_argument("--cpo-listen", type=listen_address, metavar="HOST:PORT",
                        help="with --target-oioi: where the simulated CPO's OIOI endpoint listens for the hub's remote "
                             "starts and stops (give the hub the URL printed at the start; default 127.0.0.1:0, a free port)")
    loader.add_argument("--factor", type=positive_number, default=1.0, help="real-time factor: 60 runs a model hour a minute (default 1)")
    loader.add_argument("--duration", type=duration, required=True, help="wall time to run: 90, 90s, 10m, 1h")
    loader.add_argument("--seed", type=int, help="override the world's seed (serve the target with the same one)")
    loader.add_argument("--shards", type=positive_int, metavar="N", help="split the fleet by site over N Ray actors (needs chargebench[scale])")
    loader.add_argument("--ray-address", metavar="ADDRESS", help="with --shards: the Ray cluster to run on; default: a local Ray")
    loader.add_argument("--out", type=Path, default=Path("load-report"),
                        help="folder for load.json, requests.csv, sessions.csv and latency.png (default: load-report)")
    loader.set_defaults(handler=_load)
    add_rig_commands(commands)
    add_steps_command(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:  # Ctrl-C during rig check or certify: a line, not a traceback
        print("chargebench: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
