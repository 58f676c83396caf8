"""Run pytest or chargebench as a user does elsewhere: another folder, the plugin from its entry point.

The entry point is the one pyproject.toml declares, published through a
distribution's metadata on PYTHONPATH (the same thing `pip install` writes),
so these runs load the plugin before pytest parses its arguments, as an
installed chargebench does, whether or not this environment's install is current.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIM_SOCKET = (ROOT / "rigs/benches/sim-socket.toml").read_text()


def entry_point_site(folder: Path) -> Path:
    """A folder with distribution metadata declaring pyproject.toml's pytest11 entry points."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["pytest11"]
    info = folder / "chargebench_entry_points-0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: chargebench-entry-points\nVersion: 0\n")
    (info / "entry_points.txt").write_text("[pytest11]\n" + "".join(f"{name} = {value}\n" for name, value in declared.items()))
    return folder


def bench_rig(path: Path, name: str = "lab-3", drop: tuple[str, ...] = ()) -> Path:
    """A copy of the simulator rig over socket:// (no NFC: this test run holds the vpcd slots), minus ``drop``."""
    text = SIM_SOCKET.replace('name = "sim-socket"', f'name = "{name}"')
    for feature in drop:
        text = text.replace(f'"{feature}", ', "").replace(f', "{feature}"]', "]")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def run_elsewhere(args: list[str], cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """``python -m <args>`` in ``cwd`` with this checkout importable and the plugin's entry point published."""
    site = entry_point_site(cwd.parent / f"{cwd.name}-site")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(site)]), "CHARGEBENCH_RIG": ""}
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def closed_port() -> int:
    """A loopback port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
