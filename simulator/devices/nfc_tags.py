"""The controllers' NFC tags on vpcd slots, started and stopped with the simulator's server.

Which controller's tag sits on which vpcd port is configuration
(``{"CP-1": 35963}``): pcscd names the reader after the slot (see
:func:`~simulator.devices.vpcd.reader_name`).
"""

from __future__ import annotations

from typing import AsyncIterator, Mapping

from aiohttp import web

from ..runtime import Simulation
from .controller_tag import ControllerTag
from .vpcd import VpcdCard, reader_name


class NfcTags:
    def __init__(self, sim: Simulation, placements: Mapping[str, int]) -> None:
        unknown = [cp for cp in placements if cp not in sim.config.controller_ids]
        if unknown:
            raise ValueError(f"no controller {unknown[0]!r} for an NFC tag; controllers: {', '.join(sim.config.controller_ids)}")
        self.cards = {cp: VpcdCard(ControllerTag(sim, cp), port, sim.drain_io) for cp, port in placements.items()}

    @property
    def readers(self) -> dict[str, str]:
        """Controller id -> the PC/SC reader its tag sits on."""
        return {cp: reader_name(card.port) for cp, card in self.cards.items()}

    async def running(self, _app: web.Application) -> AsyncIterator[None]:
        """aiohttp cleanup context: the cards connect at startup and leave at cleanup."""
        for card in self.cards.values():
            card.start()
        yield
        for card in self.cards.values():
            await card.stop()
