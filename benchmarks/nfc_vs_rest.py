"""Median latency of one controller request over NFC against the same request over REST, in one run.

One simulator, its CP-1 tag on a free vpcd slot; the same logged-in client
calls ``GET /system_state`` over both transports, interleaved, so both see the
same machine load.  NFC goes through pyscard, pcscd and vpcd (two APDUs a
small request: one UPDATE BINARY with NLEN, one READ BINARY).  Goal: NFC < 5 ms.

    python benchmarks/nfc_vs_rest.py [--requests 500]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from contextlib import ExitStack
from typing import Callable

from rigs.controller import ControllerClient, Reply, RestTransport
from rigs.lock import RigBusy, RigLock
from rigs.nfc import NfcTransport
from rigs.nfc.probe import pcsc_problem
from simulator.devices.vpcd import VPCD_PORTS
from simulator.model.settings import RFID_NFC_HYBRID
from simulator.runtime import Simulation
from simulator.server import SimulatorThread

GOAL_MS = 5.0


def claim_slot(stack: ExitStack) -> int:
    for port in VPCD_PORTS:
        try:
            stack.enter_context(RigLock(f"vpcd-{port}"))
        except RigBusy:
            continue
        return port
    raise SystemExit("every vpcd slot is in use by another chargebench run")


def timed(call: Callable[[], Reply]) -> float:
    started = time.perf_counter()
    reply = call()
    elapsed = time.perf_counter() - started
    assert reply.status == 200, reply
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    problem = pcsc_problem()
    if problem:
        print(f"PC/SC cannot run here: {problem}", file=sys.stderr)
        return 2
    with ExitStack() as stack:
        port = claim_slot(stack)
        endpoints = stack.enter_context(SimulatorThread(Simulation.from_file(), nfc={"CP-1": port}))
        rest = ControllerClient(RestTransport(endpoints.controller_url("CP-1")), "operator", "chargebench")
        stack.callback(rest.transport.close)
        rest.login()
        assert rest.set_settings({"RfidMode_auth": RFID_NFC_HYBRID}).status == 200
        nfc = ControllerClient(NfcTransport(endpoints.nfc_readers["CP-1"]), "operator", "chargebench")
        stack.callback(nfc.transport.close)
        nfc.session_id = rest.session_id
        for client in (rest, nfc):  # warm up: connections, the tag's SELECT sequence
            timed(client.system_state)
        apdus_before = len(nfc.transport.apdus)
        samples: dict[str, list[float]] = {"rest": [], "nfc": []}
        for _ in range(args.requests):
            samples["rest"].append(timed(rest.system_state))
            samples["nfc"].append(timed(nfc.system_state))
        apdus = (len(nfc.transport.apdus) - apdus_before) / args.requests
    rest_ms, nfc_ms = (statistics.median(samples[k]) * 1000 for k in ("rest", "nfc"))
    print(f"GET /system_state, {args.requests} requests each, vpcd port {port}")
    print(f"  REST median {rest_ms:.3f} ms")
    print(f"  NFC  median {nfc_ms:.3f} ms  ({apdus:.1f} APDUs a request; {nfc_ms / rest_ms:.2f}x REST)")
    print(f"  goal NFC < {GOAL_MS} ms: {'met' if nfc_ms < GOAL_MS else 'MISSED'}")
    return 0 if nfc_ms < GOAL_MS else 1


if __name__ == "__main__":
    sys.exit(main())
