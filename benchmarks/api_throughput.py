"""Requests per second of the simulator's three APIs against a bare aiohttp handler,
both driven by ``wrk`` (a C load generator), measured in one run.

The server is measured, not the client: ``wrk`` spends a few microseconds per
request where a Python client would spend as much as the server.  The bare
handler answers each call's own path with the JSON the simulator answered it
(parsed once, serialised per request as any handler must), so the two differ only
in what the simulator does per request.  Calls: the controller's
``GET /v1/system_state`` (logged in), the ABS back office's ``GET
/abs/frontend/socket/1`` (logged in) and the OIOI hub's ``rfid-verify`` (a POST,
from a Lua script).  Each server runs in its own process; rounds alternate
between them call by call, and each ratio is the median over back-to-back pairs,
so a burst of machine noise (a shared VM) spoils one pair, not the verdict.
Goals: the controller keeps >= 70 % of the bare handler's rate, ABS and OIOI >= 60 %.

    python benchmarks/api_throughput.py [--duration 2] [--rounds 9] [--connections 32]

Needs ``wrk`` (Debian package ``wrk``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import os
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from rigs.controller import ControllerClient, RestTransport

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class ApiCall:
    name: str
    method: str
    path: str
    goal: float
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None


def calls(controller_session: str, abs_session: str) -> list[ApiCall]:
    return [
        ApiCall("controller", "GET", "/cp/CP-1/v1/system_state", 0.70, {"Authorization": controller_session}),
        ApiCall("ABS", "GET", "/abs/frontend/socket/1", 0.60, {"ABS-Session-Id": abs_session}),
        ApiCall("OIOI", "POST", "/api/v4/request", 0.60,
                {"Authorization": "key=cpo-depot-key-0001-chargebench", "Content-Type": "application/json"},
                json.dumps({"rfid-verify": {"rfid": "04523022AA4881"}})),
    ]


def serve_bare(answers: list[tuple[str, str, int, Any]], ready: "mp.Queue[int]") -> None:
    """Each call's path answered with the simulator's JSON, serialised per request."""

    def handler_for(status: int, body: Any):  # type: ignore[no-untyped-def]
        async def handler(request: web.Request) -> web.Response:
            await request.read()
            return web.json_response(body, status=status)

        return handler

    async def main() -> None:
        app = web.Application()
        for method, path, status, body in answers:
            app.router.add_route(method, path, handler_for(status, body))
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        ready.put(runner.addresses[0][1])
        await asyncio.Event().wait()

    asyncio.run(main())


def serve_sim(ready: "mp.Queue[int]") -> None:
    from simulator.runtime import Simulation
    from simulator.server import start

    async def main() -> None:
        _, endpoints = await start(Simulation.from_file(), "127.0.0.1", 0)
        ready.put(int(endpoints.base_url.rsplit(":", 1)[1]))
        await asyncio.Event().wait()

    asyncio.run(main())


def start(target: Any, *args: Any) -> tuple[mp.Process, int]:
    ready: mp.Queue[int] = mp.Queue()
    process = mp.Process(target=target, args=(*args, ready), daemon=True)
    process.start()
    return process, ready.get(timeout=60)


def send(base: str, call: ApiCall) -> tuple[int, Any]:
    request = urllib.request.Request(base + call.path, call.body.encode() if call.body else None, call.headers, method=call.method)
    with urllib.request.urlopen(request, timeout=10) as reply:
        return reply.status, json.load(reply)


def log_in(base: str) -> tuple[str, str]:
    """A controller session (the harness's own client) and an ABS session."""
    client = ControllerClient(RestTransport(base + "/cp/CP-1"), "operator", "chargebench")
    try:
        controller_session = client.login()
    finally:
        client.transport.close()
    query = "username=admin&password=abs-admin-pw"
    with urllib.request.urlopen(urllib.request.Request(f"{base}/abs/authentication?{query}", b"", method="POST"), timeout=10) as reply:
        abs_session = json.load(reply)["sessionId"]
    return controller_session, abs_session


def lua_script(call: ApiCall, folder: Path) -> Path:
    lines = [f"wrk.method = {json.dumps(call.method)}"]
    lines += [f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in call.headers.items()]
    if call.body is not None:
        lines.append(f"wrk.body = {json.dumps(call.body)}")
    path = folder / f"{call.name}.lua"
    path.write_text("\n".join(lines) + "\n")
    return path


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


@dataclass(frozen=True)
class Round:
    rate: float
    """Requests per wall second, as wrk counted them."""
    cpu_us: float
    """The server's CPU microseconds per request: what a busy shared machine distorts least."""


def wrk(url: str, script: Path, seconds: int, connections: int, pid: int) -> Round:
    """One round against the server process ``pid``; every answer must be a 2xx."""
    cpu = cpu_seconds(pid)
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", str(script), url],
                         capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    cpu = cpu_seconds(pid) - cpu
    if "Non-2xx" in out or "Socket errors" in out:
        raise SystemExit(f"wrk saw failed requests at {url}:\n{out}")
    rate, count = re.search(r"Requests/sec:\s+([\d.]+)", out), re.search(r"(\d+) requests in", out)
    if rate is None or count is None or int(count.group(1)) == 0:
        raise SystemExit(f"wrk printed no rate for {url}:\n{out}")
    return Round(float(rate.group(1)), cpu / int(count.group(1)) * 1e6)


def report(name: str, sides: tuple[str, str], rounds: dict[str, list[Round]], goal: float) -> None:
    """Rates and CPU per request of two sides, and the second's share of the first's rate, median (range)."""
    base, other = sides
    for side in sides:
        rates, cpu = [r.rate for r in rounds[side]], [r.cpu_us for r in rounds[side]]
        print(f"{name:10} {side:12}: {statistics.median(rates):8,.0f} req/s ({min(rates):,.0f}-{max(rates):,.0f}), "
              f"{statistics.median(cpu):6.0f} us CPU per request ({min(cpu):.0f}-{max(cpu):.0f})")
    ratios = sorted(o.rate / b.rate for b, o in zip(rounds[base], rounds[other]))
    cpu_ratios = sorted(b.cpu_us / o.cpu_us for b, o in zip(rounds[base], rounds[other]))
    ratio, cpu_ratio = statistics.median(ratios), statistics.median(cpu_ratios)
    print(f"{'':10} {other} / {base}: rate {ratio:.0%} (pairs ranged {ratios[0]:.0%}-{ratios[-1]:.0%}) (goal >= {goal:.0%}) "
          f"-> {'PASS' if ratio >= goal else 'FAIL'}; by CPU per request {cpu_ratio:.0%} ({cpu_ratios[0]:.0%}-{cpu_ratios[-1]:.0%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=2, help="whole seconds per round, call and server (wrk counts in seconds)")
    parser.add_argument("--rounds", type=int, default=9, help="back-to-back pairs of rounds per call")
    parser.add_argument("--connections", type=int, default=32, help="keep-alive connections wrk holds open")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("api_throughput: needs wrk (Debian package 'wrk')", file=sys.stderr)
        raise SystemExit(2)
    sim, sim_port = start(serve_sim)
    bare = None
    try:
        sim_base = f"http://127.0.0.1:{sim_port}"
        chosen = calls(*log_in(sim_base))
        answers = []
        for call in chosen:
            status, body = send(sim_base, call)
            answers.append((call.method, call.path, status, body))
        bare, bare_port = start(serve_bare, answers)
        servers = {"bare handler": (f"http://127.0.0.1:{bare_port}", bare.pid), "simulator": (sim_base, sim.pid)}
        rounds: dict[str, dict[str, list[Round]]] = {c.name: {side: [] for side in servers} for c in chosen}
        with tempfile.TemporaryDirectory() as folder:
            scripts = {c.name: lua_script(c, Path(folder)) for c in chosen}
            for call in chosen:  # warm-up
                for base, pid in servers.values():
                    wrk(base + call.path, scripts[call.name], 1, args.connections, pid)
            for _ in range(args.rounds):
                for call in chosen:
                    for side, (base, pid) in servers.items():
                        rounds[call.name][side].append(wrk(base + call.path, scripts[call.name], args.duration, args.connections, pid))
    finally:
        sim.terminate()
        if bare is not None:
            bare.terminate()
    print(f"wrk, 1 thread, {args.connections} connections, {args.rounds} back-to-back pairs of {args.duration} s rounds per call; "
          f"median (range)")
    for call in chosen:
        print(f"{call.name:10} {call.method} {call.path}")
        report(call.name, ("bare handler", "simulator"), rounds[call.name], call.goal)


if __name__ == "__main__":
    main()
