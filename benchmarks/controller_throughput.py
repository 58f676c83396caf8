"""GET /v1/system_state throughput of the simulated controller against a bare aiohttp
handler on the same machine, measured in one run.

Each server runs in its own process; one client process keeps a fixed number of
requests in flight over keep-alive connections. Rounds alternate between the two
servers; the ratio is the median over back-to-back pairs of rounds, so that a
burst of machine noise (this is a shared VM) spoils one pair, not the verdict.
Goal: the controller keeps >= 70 % of the bare handler's requests per second.

    python benchmarks/controller_throughput.py [--requests 5000] [--rounds 9] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import statistics
import time

import aiohttp
from aiohttp import web

from rigs.controller import ControllerClient, RestTransport

STATE = {
    "systemState": "idle",
    "connectionState": "no_vehicle_connected",
    "authState": "not_authorized",
    "ocppState": "available",
    "type2State": "a",
    "ambientTemp": 21.3,
}


def serve_bare(ready: "mp.Queue[int]") -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response(STATE)

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/v1/system_state", handler)
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


async def hammer(url: str, requests: int, concurrency: int, auth: str | None) -> float:
    headers = {"Authorization": auth} if auth else {}
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        remaining = requests

        async def worker() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                async with session.get(url, headers=headers) as r:
                    assert r.status == 200, r.status
                    await r.read()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return requests / (time.perf_counter() - started)


def session_for(base: str) -> str:
    """Logged in as the operator with the harness's own client."""
    client = ControllerClient(RestTransport(base), "operator", "chargebench")
    try:
        return client.login()
    finally:
        client.transport.close()


def start(target: object) -> tuple[mp.Process, int]:
    ready: mp.Queue[int] = mp.Queue()
    process = mp.Process(target=target, args=(ready,), daemon=True)
    process.start()
    return process, ready.get(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=5_000, help="requests per round and server")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=9, help="back-to-back pairs of rounds")
    args = parser.parse_args()
    bare, bare_port = start(serve_bare)
    sim, sim_port = start(serve_sim)
    try:
        sim_base = f"http://127.0.0.1:{sim_port}/cp/CP-1"
        auth = session_for(sim_base)
        urls = {"bare aiohttp": (f"http://127.0.0.1:{bare_port}/v1/system_state", None), "controller": (sim_base + "/v1/system_state", auth)}
        rates: dict[str, list[float]] = {name: [] for name in urls}
        for name, (url, token) in urls.items():  # warm-up
            asyncio.run(hammer(url, 1000, args.concurrency, token))
        for _ in range(args.rounds):
            for name, (url, token) in urls.items():
                rates[name].append(asyncio.run(hammer(url, args.requests, args.concurrency, token)))
    finally:
        bare.terminate()
        sim.terminate()
    bare_rate, sim_rate = statistics.median(rates["bare aiohttp"]), statistics.median(rates["controller"])
    ratios = sorted(c / b for b, c in zip(rates["bare aiohttp"], rates["controller"]))
    ratio = statistics.median(ratios)
    print(f"bare aiohttp handler : {bare_rate:10,.0f} req/s (median of {args.rounds} x {args.requests:,}, {args.concurrency} in flight)")
    print(f"controller API       : {sim_rate:10,.0f} req/s (GET /v1/system_state, logged in)")
    print(f"ratio                : {ratio:.0%} of the bare handler, the median of {args.rounds} back-to-back pairs "
          f"(they ranged {ratios[0]:.0%}-{ratios[-1]:.0%}) (goal >= 70%) -> {'PASS' if ratio >= 0.7 else 'FAIL'}")

if __name__ == "__main__":
    main()
