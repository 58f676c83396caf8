"""``chargebench load``: a fleet's stations report to an external back office (chargebench's own,
served by another process on loopback); every session they report is there, the shards'
figures add up, and an unreachable target gives a summary without losing a record."""

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

from simulator.model.worldfile import read_world
from simulator.run.load import LoadOptions, LoadReport, load, socket_ids, table
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
controllers = 4
drivers = {{ count = 16, auth = {{ whitelist = 1, online = 1, roaming = 1, app = 1, autocharge = 1 }} }}
"""
LOAD_EPOCH = "2026-01-05T07:00:00Z"
"""A Monday morning: the workplace drivers arrive."""
FACTOR = 1800.0
"""Half a model hour per wall second."""
DURATION_S = 8.0


def world_file(folder: Path, name: str, epoch: str) -> Path:
    path = folder / name
    path.write_text(WORLD.format(epoch=epoch))
    return path


@pytest.fixture
def served_abs(tmp_path: Path) -> Iterator[str]:
    """chargebench serve in another process: the same world with its clock still at the wall
    time (the stations stamp reports with it), so its own fleet never moves."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    world = world_file(tmp_path, "target.toml", now)
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
        yield base
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
    assert figures["reports_offered"] == sum(p.queued for p in report.parts)
    assert figures["sessions_reported"] == sum(len(p.reported) for p in report.parts)
    for kind, row in kinds.items():
        histogram = report.histogram(kind)
        assert histogram.total_count == row["answered"], kind
    return figures


@pytest.mark.parametrize("shards", [None, 2], ids=["one-process", "two-shards"])
def test_every_session_the_stations_report_is_in_the_target_back_office(served_abs: str, tmp_path: Path, shards: int | None,
                                                                         request: pytest.FixtureRequest) -> None:
    if shards is not None:
        request.getfixturevalue("ray_local")
    world = world_file(tmp_path, "load.toml", LOAD_EPOCH)
    report = load(LoadOptions(world, served_abs, FACTOR, DURATION_S, shards=shards, out=tmp_path / "out"), progress=lambda _line: None)
    figures = check_adds_up(report)
    assert len(report.parts) == (shards or 1)
    assert figures["errors"] == {}, figures
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
    assert {p.name for p in (tmp_path / "out").iterdir()} >= {"load.json", "requests.csv", "sessions.csv", "latency.png"}
    assert json.loads((tmp_path / "out" / "load.json").read_text()) == figures


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


@pytest.mark.parametrize("args, message", [
    (("--target-abs", "localhost:8080", "--duration", "5"), "argument --target-abs: 'localhost:8080' is not an http:// or https:// URL with a host"),
    (("--target-abs", "http://127.0.0.1:1", "--duration", "0"), "argument --duration: '0': a duration is more than 0 and at most a week"),
    (("--target-abs", "http://127.0.0.1:1", "--duration", "5", "--ray-address", "ray://x:1"), "--ray-address needs --shards N"),
])
def test_load_bad_values_get_one_line(args: tuple[str, ...], message: str) -> None:
    done = subprocess.run([sys.executable, "-m", "simulator", "load", "--world", "caltech-like", *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], done.stderr


def test_the_table_shows_every_kind_with_percentiles() -> None:
    figures = {"requests": {"POST /abs/cs/session": {"sent": 3, "answered": 2, "failed": 1, "p50_ms": 1.0, "p95_ms": 2.0, "p99_ms": 2.5, "max_ms": 3.0},
                            "all": {"sent": 3, "answered": 2, "failed": 1, "p50_ms": 1.0, "p95_ms": 2.0, "p99_ms": 2.5, "max_ms": 3.0}},
               "errors": {"timeout": 1}, "abs_status_codes": {"100": 2}, "offered_per_s": 1.0, "achieved_per_s": 0.5,
               "reports_offered": 4, "reports_answered": 2, "reports_cut_off": 0, "sessions_reported": 1, "shards": 1,
               "factor": 60.0, "duration_s": 4.0, "model_hours": 0.067}
    text = table(figures)
    assert re.search(r"POST /abs/cs/session\s+3\s+2\s+1\s+1\.0\s+2\.0\s+2\.5\s+3\.0", text), text
    assert "errors by kind: timeout 1" in text and "achieved 0.50/s (2, 50%)" in text
