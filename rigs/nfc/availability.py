"""Whether a rig's NFC feature can run in this process, and which vpcd slots a simulator's tags take.

A simulator's tag sits on the vpcd slot its rig file names as the reader; the
slot is locked (:class:`~rigs.lock.RigLock`) for the run, because a second card
on the same vpcd port would wait unseen in its listen backlog and another run's
phone would talk to this run's controller.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field

from simulator.devices.vpcd import vpcd_port

from ..lock import RigBusy, RigLock
from ..resources import RigError
from ..rigfile import Rig
from .probe import pcsc_problem


@dataclass(frozen=True)
class NfcAvailability:
    placements: dict[str, int] = field(default_factory=dict)
    """Controller id -> vpcd port of its simulated tag."""
    problem: str | None = None
    """Why the rig's ``nfc`` feature cannot run here (None: it can, or the rig has none)."""


def prepare_nfc(rig: Rig, stack: ExitStack) -> NfcAvailability:
    if "nfc" not in rig.features:
        return NfcAvailability()
    problem = pcsc_problem()
    if problem is not None:
        return NfcAvailability(problem=f"PC/SC cannot run here: {problem}")
    if rig.simulator is None:
        return NfcAvailability()
    placements = {}
    for controller in rig.controllers:
        if controller.nfc_reader is None:
            continue
        try:
            port = vpcd_port(controller.nfc_reader)
        except ValueError as error:
            raise RigError(f"rig {rig.name!r}: controller {controller.id}: {error}") from None
        try:
            stack.enter_context(RigLock(f"vpcd-{port}"))
        except RigBusy as busy:
            return NfcAvailability(problem=str(busy))
        placements[controller.id] = port
    return NfcAvailability(placements)
