"""Roaming in one world: the hub, and the simulated CPO connected to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .hub import RoamingHub
from .operator import RoamingOperator

if TYPE_CHECKING:
    from ..controller import Controller
    from ..world import World


class RoamingNetwork:
    def __init__(self, world: "World") -> None:
        config = world.config.roaming
        self.hub = RoamingHub(config, world.env, world.config.epoch, world.rng("roaming:hub"))
        self.operator = (
            None
            if config.cpo is None
            else RoamingOperator(config.cpo, _roaming_controllers(world), world.backoffice, world.config.epoch,
                                 world.rng, world.config.roaming_stations)
        )


def _roaming_controllers(world: "World") -> dict[str, "Controller"]:
    stations = world.config.roaming_stations
    if stations is None:
        return world.controllers
    return {cp: world.controllers[cp] for _, members in stations for cp in members}
