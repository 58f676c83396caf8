"""Driver of an ABS back office (the simulator's or a real one)."""

from .client import AbsClient, AbsReply

__all__ = ["AbsClient", "AbsReply"]
