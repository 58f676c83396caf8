"""The roaming hub's calls; importing the modules fills :data:`registry.HUB_CALLS`."""

from . import catalogue, rfid, sessions, stations, users  # noqa: F401
from .registry import HUB_CALLS, HubCall

__all__ = ["HUB_CALLS", "HubCall"]
