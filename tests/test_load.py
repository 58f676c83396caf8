"""``chargebench load``: a fleet's stations report to an external back office and its roaming CPO
calls an external OIOI hub (chargebench's own, served by another process on loopback), which
forwards the app's remote starts to the run's own CPO endpoint; every session they report is in
that back office, every roaming session (card or app) has exactly one CDR at that hub, the
shards' figures add up, and an unreachable target gives a summary without losing a record."""

from __future__ import annotations

import csv
import json
import re
import socket
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import aiohttp
import asyncio
import pytest

from rigs.oioi import OioiClient, result_code
from simulator.model.fleet.layout import DEFAULT_ROAMING, ROAMING_PASSWORD
from simulator.model.world import WorldConfig
from simulator.model.worldfile import read_world
from simulator.run.load import LoadOptions, LoadReport, hub_endpoint, load, socket_ids, table
from simulator.run.load_cpo import CpoEndpoint
from tests.ray_support import ray_local  # noqa: F401 (a fixture)

WORLD = """seed = 5
epoch = "{epoch}"
[fleet]
[[fleet.sites]]
name = "Work"
kind = "workplace"
controllers = 6
drivers = {{ count = 14 }}
[[fleet.sites]]
name = "Town"
kind = "public"
controllers = 6
[fleet.sites.drivers]
count = 16
visits_per_weekday = 1.0
dwell_hours_mean = 0.5
arrivals_weekday = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
auth = {{ whitelist = 1, online = 1, roaming = 3, app = 3, autocharge = 1 }}
"""
"""Town's drivers come between 07:00 and 10:00 and stay about half an hour, so their roaming
sessions, by card and from the app, end (and their CDRs go out) within the run's two model hours."""
CPO_PARTNER = """
[[roaming.partners]]
identifier = "{partner}"
name = "Fleet CPO"
endpoint = "http://127.0.0.1:{port}/cpo/api/v4/request"
key = "{key}"
"""
"""What a hub serving the world needs to send the CPO's calls to a load run's endpoint: the fleet
CPO's partner, with that endpoint, instead of the default one (its own CPO)."""
HUB_KEY = DEFAULT_ROAMING["cpo"]["inbound-key"]
"""The key the hub presents to the CPO's endpoint."""
CPO_KEY = DEFAULT_ROAMING["cpo"]["key"]
"""The fleet CPO's key at a hub serving the same world."""
APP_KEY = next(k["key"] for k in DEFAULT_ROAMING["keys"] if k["role"] == "emp")
LOAD_EPOCH = "2026-01-05T07:00:00Z"
"""A Monday morning: the workplace drivers arrive."""
FACTOR = 600.0
"""Ten model minutes per wall second: an app driver waits 3 model minutes (0.3 s) for the remote
start; the hub's round trip to the run's CPO endpoint takes a few milliseconds (up to some 130 ms
on 2 shards with another process busy on one of the 2 cores)."""
DURATION_S = 12.0


def world_file(folder: Path, name: str, epoch: str) -> Path:
    path = folder / name
    path.write_text(WORLD.format(epoch=epoch))
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served_target(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """chargebench serve in another process: the same world with its clock still at the wall
    time (the stations stamp reports with it), so its own fleet never moves, and its hub knowing
    the fleet CPO's endpoint at a free port, where the load run is to serve it; the hub's base
    URL and that port."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    world = world_file(tmp_path, "target.toml", now)
    cpo_port = free_port()
    with world.open("a") as toml:
        toml.write(CPO_PARTNER.format(partner=DEFAULT_ROAMING["cpo"]["partner"], port=cpo_port, key=HUB_KEY))
    server = subprocess.Popen([sys.executable, "-m", "simulator", "serve", "--world", str(world), "--virtual", "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        base = None
        for line in server.stdout:
            if match := re.search(r"(http://127\.0\.0\.1:\d+)/abs", line):
                base = match.group(1)
            if line.startswith("Ctrl-C stops"):
                break
        assert base is not None, server.stderr.read() if server.stderr else "no banner"
        yield base, cpo_port
    finally:
        server.terminate()
        server.wait(timeout=30)


def target_sessions(base: str) -> list[dict[str, Any]]:
    """The sessions the target's back office holds, read as its host reads them (the ABS API)."""
    async def read() -> list[dict[str, Any]]:
        async with aiohttp.ClientSession() as http:
            async with http.post(f"{base}/abs/authentication", params={"username": "fleet", "password": "fleet-pw"}) as login:
                session_id = (await login.json())["sessionId"]
            async with http.get(f"{base}/abs/frontend/session", headers={"ABS-Session-Id": session_id}) as answer:
                body = await answer.json()
        assert body["statusCode"] == "100", body
        return body["sessions"]

    return asyncio.run(read())


def check_adds_up(report: LoadReport) -> dict[str, Any]:
    figures = report.figures()
    kinds = {k: v for k, v in figures["requests"].items() if k != "all"}
    total = figures["requests"]["all"]
    assert total["sent"] == sum(k["sent"] for k in kinds.values()) == len(report.records) == sum(len(p.records) for p in report.parts)
    assert total["answered"] + total["failed"] == total["sent"]
    assert sum(figures["errors"].values()) == total["failed"]
    assert total["retries"] == sum(k["retries"] for k in kinds.values())
    assert figures["offered"] == sum(sum(p.offered) for p in report.parts) == sum(report.offered_per_second())
    answered = sum(k["answered"] for name, k in kinds.items() if name != "POST /abs/authentication")
    assert figures["achieved"] + figures["answered_after_end"] == answered
    assert figures["sessions_reported"] == sum(len(p.reported) for p in report.parts)
    for kind, row in kinds.items():
        histogram = report.histogram(kind)
        assert histogram.total_count == row["answered"], kind
        assert sum(row["errors"].values()) == row["failed"], kind
    if report.targets.oioi is not None:
        remote = sum(r.remote for p in report.parts for r in p.roaming)
        started = figures["oioi_result_codes"].get("session-start", {}).get("0", 0)
        assert remote == started == figures["hub_calls_in"].get("session-start", {}).get("0", 0), "one session per start the CPO accepted"
        assert {call: sum(codes.values()) for call, codes in figures["hub_calls_in"].items()} == \
            {call: histogram.total_count for call, histogram in report.hub_call_latency.items()}
        assert figures["hub_calls_in_ms"].keys() == figures["hub_calls_in"].keys()
        cdrs = [r.cdr for p in report.parts for r in p.roaming]
        assert figures["roaming_sessions"] == len(cdrs) and sum(figures["roaming_cdrs"].values()) == len(cdrs)
        calls = {name.removeprefix("OIOI "): row for name, row in kinds.items() if name.startswith("OIOI ")}
        for call, codes in figures["oioi_result_codes"].items():
            assert sum(codes.values()) <= calls[call]["sent"] - calls[call]["retries"] + codes.get("none", 0), call
    return figures


def hub_cdrs(hub: str, usernames: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each roaming driver's CDRs as the target hub shows them to the driver's app
    (``user-get-recent-sessions``, the last 20: more than a driver charges in a test run)."""
    app = OioiClient(hub, APP_KEY)
    try:
        held = {}
        for username in usernames:
            verified = app.call("user-verify", {"username": username, "password": ROAMING_PASSWORD, "is-token": False})
            assert result_code(verified) == 0, verified.body
            user = {"identifier-type": "username", "identifier": username, "token": verified.body["user"]["token"]}
            reply = app.call("user-get-recent-sessions", {"user": user})
            assert result_code(reply) == 0, reply.body
            held[username] = reply.body["user"]["sessions"]
        return held
    finally:
        app.close()


def check_every_roaming_session_has_one_cdr(report: LoadReport, world: Path, hub: str) -> None:
    roaming = [r for part in report.parts for r in part.roaming]
    assert {r.cdr for r in roaming} <= {"accepted", "running"}, [r for r in roaming if r.cdr not in ("accepted", "running")]
    accepted = [r for r in roaming if r.cdr == "accepted"]
    assert sum(r.remote for r in accepted) >= 2 and sum(not r.remote for r in accepted) >= 1, roaming
    layout = WorldConfig.load(world).layout
    assert layout is not None
    usernames = [d.roaming_user for site in layout.sites for d in site.drivers if d.roaming_user is not None]
    held = [cdr for cdrs in hub_cdrs(hub, usernames).values() for cdr in cdrs]
    ids = [cdr["external-session-id"] for cdr in held]
    assert sorted(ids) == sorted(r.session_id for r in accepted), "each roaming session's CDR, once, and no other"
    rows = {(row["controller"], row["transaction"]): row for part in report.parts for row in part.sessions}
    by_id = {cdr["external-session-id"]: cdr for cdr in held}
    for record in accepted:
        row = rows[(record.controller, record.transaction)]
        assert row["cdr_id"] == record.session_id
        assert round(by_id[record.session_id]["energy-consumed"] * 1000) == row["energy_wh"], (row, by_id[record.session_id])


@pytest.mark.parametrize("shards", [None, 2], ids=["one-process", "two-shards"])
def test_every_session_the_stations_report_is_in_the_target_back_office(served_target: tuple[str, int], tmp_path: Path,
                                                                         shards: int | None, request: pytest.FixtureRequest) -> None:
    if shards is not None:
        request.getfixturevalue("ray_local")
    served_abs, cpo_port = served_target
    world = world_file(tmp_path, "load.toml", LOAD_EPOCH)
    options = LoadOptions(world, served_abs, FACTOR, DURATION_S, shards=shards, out=tmp_path / "out",
                          target_oioi=served_abs, oioi_key=CPO_KEY, cpo_listen=("127.0.0.1", cpo_port))
    lines: list[str] = []
    report = load(options, progress=lines.append)
    endpoint = f"http://127.0.0.1:{cpo_port}/cpo/api/v4/request"
    assert lines[0] == f"load: the CPO's OIOI endpoint, for the target hub: {endpoint}" and report.cpo_endpoint == endpoint
    figures = check_adds_up(report)
    assert len(report.parts) == (shards or 1)
    assert figures["errors"] == {}, figures
    assert report.targets.oioi == hub_endpoint(served_abs) == f"{served_abs}/api/v4/request"
    assert figures["oioi_result_codes"]["station-post"] == {"0": 1}, figures  # Town: the one roaming site
    check_every_roaming_session_has_one_cdr(report, world, served_abs)
    # The app's session-start reaches the target hub, which forwards it to the CPO endpoint it
    # knows: the run's, which passes it to the shard of the EVSE's site, where it starts the session.
    starts = figures["requests"]["OIOI session-start"]["sent"]
    assert starts >= 2 and figures["oioi_result_codes"]["session-start"] == {"0": starts}, figures
    assert figures["hub_calls_in"] == {"session-start": {"0": starts}}, figures
    reported = [session for part in report.parts for session in part.reported]
    assert len(reported) >= 3, "too few sessions to show anything"
    held = {s["id"]: s for s in target_sessions(served_abs)}
    assert sorted(held) == sorted(session_id for _, _, session_id in reported)
    sockets = socket_ids(read_world(world), None)
    for controller, _transaction, session_id in reported:
        assert held[session_id]["socketId"] == sockets[controller], (controller, held[session_id])
    if shards is not None:
        controllers = [{cp for cp, _, _ in part.reported} for part in report.parts]
        assert all(controllers) and not controllers[0] & controllers[1], "each shard reports its own sites"
        ray = request.getfixturevalue("ray_local")
        whole_machine = ray.remote(num_cpus=2)(lambda: "scheduled")  # only once the shards' actors gave their CPUs back
        assert ray.get(whole_machine.remote(), timeout=60) == "scheduled"
    assert {p.name for p in (tmp_path / "out").iterdir()} >= {"load.json", "requests.csv", "sessions.csv", "latency.png"}
    assert json.loads((tmp_path / "out" / "load.json").read_text()) == figures


def test_an_unreachable_target_gives_a_summary_and_loses_no_record(tmp_path: Path) -> None:
    world = world_file(tmp_path, "load.toml", LOAD_EPOCH)
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "simulator", "load", "--world", str(world), "--target-abs", f"http://127.0.0.1:{free_port()}",
                           "--factor", str(FACTOR), "--duration", "4", "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    figures = json.loads((out / "load.json").read_text())
    failed = figures["requests"]["all"]["failed"]
    assert failed > 5 and figures["requests"]["all"]["answered"] == 0
    assert figures["errors"] == {"cannot connect": failed}
    assert f"errors by kind: cannot connect {failed:,}" in done.stdout
    with (out / "requests.csv").open() as handle:
        assert sum(1 for row in csv.DictReader(handle) if row["error"] == "cannot connect") == failed
    with (out / "sessions.csv").open() as handle:
        assert len(list(csv.DictReader(handle))) >= 3, "the model's own sessions table is kept"
    assert "Traceback" not in done.stderr


def test_an_unreachable_hub_gives_a_summary_and_loses_no_record(tmp_path: Path) -> None:
    """The CPO's calls all fail to connect: each attempt is a row of requests.csv, the retries are
    counted, every call the model offered is sent or counted unanswered, nothing stops the run;
    the back office (in-process here: no --target-abs) still gets the stations' reports."""
    world = world_file(tmp_path, "load.toml", LOAD_EPOCH)
    with world.open("a") as toml:  # the targets in the world file's [load] table this time
        toml.write(f'[load]\ntarget-oioi = "http://127.0.0.1:{free_port()}"\noioi-key = "{CPO_KEY}"\n')
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "simulator", "load", "--world", str(world), "--factor", str(FACTOR), "--duration", "4",
                           "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    figures = json.loads((out / "load.json").read_text())
    total = figures["requests"]["all"]
    assert set(figures["requests"]) >= {"OIOI station-post", "OIOI connector-post-status", "all"}
    assert all(kind.startswith("OIOI ") for kind in figures["requests"] if kind != "all"), "the back office is in-process"
    assert total["answered"] == 0 and total["failed"] == total["sent"] > 5 and total["retries"] > 0
    assert figures["errors"] == {"cannot connect": total["sent"]}
    first_attempts = total["sent"] - total["retries"]
    assert first_attempts <= figures["offered"] <= first_attempts + figures["unanswered_at_end"], figures
    assert all(set(codes) == {"none"} for codes in figures["oioi_result_codes"].values()), figures["oioi_result_codes"]
    with (out / "requests.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == total["sent"] and sum(row["retry"] == "True" for row in rows) == total["retries"]
    with (out / "sessions.csv").open() as handle:
        sessions = list(csv.DictReader(handle))
    assert any(row["abs_session"] for row in sessions), "the in-process back office took the stations' reports"
    assert not any(row["cdr_id"] for row in sessions)
    assert f"errors by kind: cannot connect {total['sent']:,}" in done.stdout and "hub answers by call and result code" in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args, message", [
    (("--target-abs", "localhost:8080", "--duration", "5"), "argument --target-abs: 'localhost:8080' is not an http:// or https:// URL with a host"),
    (("--target-abs", "http://127.0.0.1:1", "--duration", "0"), "argument --duration: '0': a duration is more than 0 and at most a week"),
    (("--target-abs", "http://127.0.0.1:1", "--duration", "5", "--ray-address", "ray://x:1"), "--ray-address needs --shards N"),
    (("--duration", "5"), "a load run needs a target: --target-abs URL, --target-oioi URL, or both"),
    (("--target-oioi", "http://127.0.0.1:1", "--duration", "5"), "--target-oioi and --oioi-key go together"),
    (("--target-oioi", "http://127.0.0.1:1", "--oioi-key", "", "--duration", "5"), "argument --oioi-key: '' must be 1 to 255 characters"),
    (("--target-abs", "http://127.0.0.1:1", "--duration", "5", "--cpo-listen", "127.0.0.1:8091"),
     "--cpo-listen needs --target-oioi: the CPO's endpoint takes the target hub's calls"),
    (("--target-oioi", "http://127.0.0.1:1", "--oioi-key", "k", "--duration", "5", "--cpo-listen", "localhost"),
     "argument --cpo-listen: 'localhost' is not HOST:PORT, e.g. 127.0.0.1:8091"),
    (("--target-oioi", "http://127.0.0.1:1", "--oioi-key", "k", "--duration", "5", "--cpo-listen", "127.0.0.1:65536"),
     "argument --cpo-listen: '127.0.0.1:65536' has a port above 65535"),
    (("--target-oioi", "http://127.0.0.1:1", "--oioi-key", "k", "--duration", "5", "--shards", "2"),
     "--target-oioi: the world has no roaming CPO (no fleet site with roaming = true, no [roaming.cpo])"),
])
def test_load_bad_values_get_one_line(args: tuple[str, ...], message: str) -> None:
    done = subprocess.run([sys.executable, "-m", "simulator", "load", "--world", "caltech-like", *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], done.stderr


def test_the_table_shows_every_kind_with_percentiles_retries_and_cdrs() -> None:
    row = {"sent": 3, "answered": 2, "failed": 1, "retries": 1, "errors": {"timeout": 1}, "p50_ms": 1.0, "p95_ms": 2.0, "p99_ms": 2.5, "max_ms": 3.0}
    figures = {"requests": {"OIOI session-post": row, "all": row}, "errors": {"timeout": 1},
               "target_abs": None, "target_oioi": "http://hub/api/v4/request", "abs_status_codes": {},
               "oioi_result_codes": {"session-post": {"0": 2, "none": 1}}, "roaming_sessions": 3,
               "roaming_cdrs": {"accepted": 2, "waiting": 1}, "cpo_endpoint": "http://127.0.0.1:8091/cpo/api/v4/request",
               "hub_calls_in": {"rfid-post": {"0": 1}, "session-start": {"0": 2, "210": 1}},
               "hub_calls_in_ms": {"session-start": {"p50_ms": 1.3, "p95_ms": 3.0, "p99_ms": 3.0, "max_ms": 3.04}}, "offered": 4, "achieved": 2, "answered_after_end": 0,
               "unanswered_at_end": 1, "offered_per_s": 1.0, "achieved_per_s": 0.5, "sessions_reported": 0, "shards": 1,
               "factor": 60.0, "duration_s": 4.0, "model_hours": 0.067}
    text = table(figures)
    assert re.search(r"OIOI session-post\s+3\s+2\s+1\s+1\s+1\.0\s+2\.0\s+2\.5\s+3\.0", text), text
    assert "errors by kind: timeout 1" in text and "  OIOI session-post: timeout 1" in text
    assert "hub answers by call and result code: session-post 0: 2, none: 1" in text
    assert "3 roaming sessions; their CDRs at the hub: accepted 2, waiting 1" in text
    assert ("the hub's calls to the CPO endpoint http://127.0.0.1:8091/cpo/api/v4/request, by call and result code: "
            "rfid-post 0: 1; session-start 0: 2, 210: 1") in text
    assert "\n  session-start answered in p50 1.3 ms, p99 3.0 ms, max 3.0 ms\n" in text
    assert "achieved 0.50/s (2, 50%); 0 answered after the end, 1 unanswered" in text
    assert "statusCode" not in text, "no back-office line without a target back office"


def test_a_port_the_cpo_endpoint_cannot_take_gets_one_line(tmp_path: Path) -> None:
    world = world_file(tmp_path, "load.toml", LOAD_EPOCH)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "simulator", "load", "--world", str(world), "--target-oioi", f"http://127.0.0.1:{free_port()}",
                               "--oioi-key", CPO_KEY, "--cpo-listen", f"127.0.0.1:{port}", "--duration", "5", "--out", str(tmp_path / "out")],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"chargebench: --cpo-listen 127.0.0.1:{port}: cannot listen there (address already in use)"]


def test_a_bad_key_at_the_cpo_endpoint_gets_210_and_changes_nothing(tmp_path: Path) -> None:
    """The run's CPO endpoint takes only the key the hub presents (the world's [roaming.cpo]
    inbound-key): without it, a remote start or a whitelist gets HTTP 401 with result code 210 and
    the CPO starts nothing and keeps its list (the right key's whitelist is then new to it). The
    target hub is unreachable, so no remote start but the test's reaches the CPO."""
    world = world_file(tmp_path, "load.toml", LOAD_EPOCH)
    with world.open("a") as toml:
        toml.write("[load]\ncpo-listen = \"127.0.0.1:0\"\n")  # the world file's key: a free port, printed
    out = tmp_path / "out"
    run = subprocess.Popen([sys.executable, "-m", "simulator", "load", "--world", str(world), "--target-oioi", f"http://127.0.0.1:{free_port()}",
                            "--oioi-key", CPO_KEY, "--factor", str(FACTOR), "--duration", "3", "--out", str(out)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert run.stderr is not None
        first = run.stderr.readline()
        match = re.fullmatch(r"load: the CPO's OIOI endpoint, for the target hub: (http://127\.0\.0\.1:(\d+))(/cpo/api/v4/request)\n", first)
        assert match is not None and match.group(2) != "0", first
        cpo = OioiClient(match.group(1), HUB_KEY, path=match.group(3))
        try:
            whitelist = {"rfids": ["04AABBCCDDEEFF"], "partner-identifier": DEFAULT_ROAMING["cpo"]["hub-partner"]}
            start = {"user": {"identifier-type": "evco-id", "identifier": "DE-8PS-C00000001-7"}, "connector-id": "DE*CBF*ETOWN001"}
            refused = [cpo.call("rfid-post", whitelist, key="not-the-hubs-key"), cpo.call("session-start", start, key="not-the-hubs-key"),
                       cpo.send_raw(json.dumps({"session-start": start}).encode(), authorization="")]
            for reply in refused:
                assert reply.status == 401 and result_code(reply) == 210, reply.body
            taken = cpo.call("rfid-post", whitelist)
            assert result_code(taken) == 0 and taken.body["rfid"] == {"processed": 1}, taken.body
            stop = cpo.call("session-stop", {"user": start["user"], "connector-id": start["connector-id"]})
            assert stop.status == 200 and result_code(stop) == 182, stop.body  # the CPO's own answer: no session runs there
        finally:
            cpo.close()
        stdout, stderr = run.communicate(timeout=60)
    finally:
        run.kill()
        run.wait()
    assert run.returncode == 0, stderr
    figures = json.loads((out / "load.json").read_text())
    assert figures["hub_calls_in"] == {"rfid-post": {"0": 1, "210": 1}, "session-start": {"210": 2}, "session-stop": {"182": 1}}, figures
    assert "Traceback" not in stderr


def test_the_cpo_endpoint_hands_each_call_to_the_shard_of_its_evse() -> None:
    """One endpoint for the shards: a remote start or stop to the shard whose site has the EVSE,
    a whitelist to every shard, anything else to the first, whose dispatcher answers its error."""
    endpoint = CpoEndpoint("127.0.0.1", 0)
    endpoint.route_to([["DE*CBF*EWORK001"], ["DE*CBF*ETOWN001"]], lambda _shard, _raw, _auth: asyncio.sleep(0))

    def call(name: str, fields: Any) -> bytes:
        return json.dumps({name: fields}).encode()
    assert endpoint.shards_for(call("session-start", {"connector-id": "DE*CBF*ETOWN001"})) == ("session-start", [1])
    assert endpoint.shards_for(call("session-stop", {"connector-id": "DE*CBF*EWORK001"})) == ("session-stop", [0])
    assert endpoint.shards_for(call("rfid-post", {"rfids": []})) == ("rfid-post", [0, 1])
    assert endpoint.shards_for(call("session-start", {"connector-id": "DE*CBF*ENOWHERE"})) == ("session-start", [0])
    assert endpoint.shards_for(call("session-start", ["not", "an", "object"])) == ("session-start", [0])
    assert endpoint.shards_for(call("station-post", {})) == ("other", [0])
    assert endpoint.shards_for(b"{not json") == ("other", [0])
