"""``chargebench``: run the simulator; later issues add rig and certification commands."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from pathlib import Path

from rigs.commands import add_rig_commands

from .clock import ClockMode
from .runtime import Simulation
from .devices.vpcd import vpcd_port
from .server import start


def _serve(args: argparse.Namespace) -> int:
    mode = ClockMode.VIRTUAL if args.virtual else ClockMode.REALTIME
    try:
        sim = Simulation.from_file(args.world, args.seed, mode=mode, factor=args.factor)
    except (OSError, ValueError, KeyError) as error:
        print(f"chargebench: cannot load the world: {error}", file=sys.stderr)
        return 2
    try:
        nfc = {cp_id: vpcd_port(reader) for cp_id, reader in (item.split("=", 1) for item in args.nfc)}
    except ValueError as error:
        print(f"chargebench: --nfc wants CP_ID=READER, e.g. 'CP-1=Virtual PCD 00 00': {error}", file=sys.stderr)
        return 2
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
    for cp_id in sim.world.controllers:
        print(f"  controller {cp_id:8} {endpoints.controller_url(cp_id)}/v1")
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chargebench", description="EV charging test harness and reference simulator.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="run the simulator with a world (the embedded default unless --world)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    serve.add_argument("--port", type=int, default=8080, help="TCP port (default: 8080; 0 picks a free one)")
    serve.add_argument("--world", type=Path, help="world file (TOML); default: the embedded world")
    serve.add_argument("--seed", type=int, help="override the world's seed")
    serve.add_argument("--factor", type=float, default=1.0, help="real-time factor: 60 runs an hour a minute (default 1)")
    serve.add_argument("--virtual", action="store_true", help="virtual time: it moves only via POST /sim/clock/advance")
    serve.add_argument("--nfc", action="append", default=[], metavar="CP_ID=READER",
                       help="put the controller's NFC tag on a vpcd reader, e.g. 'CP-1=Virtual PCD 00 00' (repeatable; needs pcscd)")
    serve.set_defaults(handler=_serve)
    add_rig_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
