"""The hub's call table: ``@hub_call("user-register")`` binds a handler to a call name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from ....model.roaming.config import Partner
from ....model.roaming.hub import RoamingHub
from ..client import Answer
from ..protocol import Request

Forward = Callable[[Partner, str, dict[str, Any]], Awaitable[Answer]]


@dataclass(frozen=True)
class HubCall:
    """What a hub handler gets: the hub, the checked request, and a way to reach a CPO."""

    hub: RoamingHub
    request: Request
    forward: Forward

    @property
    def fields(self) -> dict[str, Any]:
        return self.request.fields


HubHandler = Callable[[HubCall], Awaitable[dict[str, Any]]]
HUB_CALLS: dict[str, HubHandler] = {}


def hub_call(name: str) -> Callable[[HubHandler], HubHandler]:
    def register(handler: HubHandler) -> HubHandler:
        HUB_CALLS[name] = handler
        return handler

    return register
