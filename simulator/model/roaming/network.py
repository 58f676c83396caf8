"""Roaming in one world: the hub, and the simulated CPO connected to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .hub import RoamingHub
from .operator import RoamingOperator

if TYPE_CHECKING:
    from ..world import World


class RoamingNetwork:
    def __init__(self, world: "World") -> None:
        config = world.config.roaming
        self.hub = RoamingHub(config, world.env, world.config.epoch, world.rng("roaming:hub"))
        self.operator = (
            None
            if config.cpo is None
            else RoamingOperator(config.cpo, world.controllers, world.backoffice, world.config.epoch, world.rng("roaming:cpo"))
        )
