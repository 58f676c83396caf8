"""A rig brought to life: its simulator started (if it describes one) and its drivers bound.

Used alike by the test session (fixtures/target.py), ``chargebench rig check``
and ``chargebench certify``.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from simulator.clock import ClockMode
from simulator.model.worldfile import WorldFileError
from simulator.runtime import Simulation
from simulator.server import Endpoints, SimulatorThread

from .controller import ControllerClient, RestTransport, Transport
from .instrument import ScpiLink, SerialBenchInstrument
from .lock import RigLock
from .nfc.availability import NfcAvailability, prepare_nfc
from .resources import RigError
from .rigfile import ControllerResources, Rig
from .simcontrol import SimControl


@dataclass
class BoundRig:
    rig: Rig
    sim: SimControl | None = None
    simulator: SimulatorThread | None = None
    instruments: dict[str, SerialBenchInstrument] = field(default_factory=dict)
    nfc_problem: str | None = None
    """Why the rig's NFC reader cannot be used in this run (the ``nfc`` feature is then dropped)."""

    def instrument(self, cp_id: str) -> SerialBenchInstrument:
        """The controller's bench instrument, opened on first use; a ResourceError names it."""
        if cp_id not in self.instruments:
            resource = self.rig.controller(cp_id).instrument
            if resource is None:
                raise LookupError(f"rig {self.rig.name!r} has no instrument on controller {cp_id!r}")
            link = ScpiLink(resource.url, resource.baudrate, resource.timeout, name=f"instrument of {cp_id}")
            link.open()
            self.instruments[cp_id] = SerialBenchInstrument(link)
        return self.instruments[cp_id]

    def controller(self, cp_id: str, username: str | None = None, password: str | None = None, transport: str = "rest") -> ControllerClient:
        resources: ControllerResources = self.rig.controller(cp_id)
        return ControllerClient(self._transport(resources, transport), username or resources.username, password or resources.password)

    def _transport(self, resources: ControllerResources, name: str) -> Transport:
        if name == "rest":
            return RestTransport(resources.url)
        if name == "nfc" and "nfc" in self.rig.features and resources.nfc_reader is not None:
            from .nfc import NfcTransport  # pyscard is needed only where NFC runs

            return NfcTransport(resources.nfc_reader)
        why = f": {self.nfc_problem}" if name == "nfc" and self.nfc_problem else ""
        raise LookupError(f"rig {self.rig.name!r} offers no {name} transport to controller {resources.id}{why}")

    def close_instruments(self) -> None:
        """Close every open instrument (the next use opens it again)."""
        for instrument in self.instruments.values():
            instrument.close()
        self.instruments.clear()

    def close(self) -> None:
        self.close_instruments()
        if self.sim is not None:
            self.sim.close()


def _start_simulator(rig: Rig, seed: int, stack: ExitStack, nfc: NfcAvailability) -> tuple[Rig, SimulatorThread]:
    assert rig.simulator is not None
    world = rig.simulator.get("world")
    try:
        sim = Simulation.from_file(Path(world) if world else None, seed=seed, mode=ClockMode.VIRTUAL)
    except WorldFileError as error:
        raise RigError(f"{rig.source or rig.name}: simulator.world: {error}") from None
    thread = SimulatorThread(sim, nfc=nfc.placements)
    endpoints = stack.enter_context(thread)
    bound = rig.bind({"base_url": endpoints.base_url, "pty": endpoints.instrument_ptys, "tcp": endpoints.instrument_tcp})
    return bound, thread


def endpoints_of(thread: SimulatorThread) -> Endpoints:
    assert thread.endpoints is not None, "the simulator is not running"
    return thread.endpoints


def open_rig(rig: Rig, seed: int, stack: ExitStack) -> BoundRig:
    """Start what the rig needs and lock a real bench; ``stack`` undoes it all."""
    nfc = prepare_nfc(rig, stack)
    if nfc.problem is not None:
        rig = replace(rig, features=rig.features - {"nfc"})
    if rig.simulator is None:
        stack.enter_context(RigLock(rig.name))  # an in-process simulator is private to its run
        bound = BoundRig(rig, nfc_problem=nfc.problem)
    else:
        rig, thread = _start_simulator(rig, seed, stack, nfc)
        bound = BoundRig(rig, SimControl(endpoints_of(thread).base_url), thread, nfc_problem=nfc.problem)
    stack.callback(bound.close)
    return bound
