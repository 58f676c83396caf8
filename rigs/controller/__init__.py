"""The charge controller API client: one client, several transports (REST, NFC)."""

from .client import ControllerClient, LoginFailed
from .transport import Exchange, Reply, RestTransport, Transport, TransportError

__all__ = ["ControllerClient", "Exchange", "LoginFailed", "Reply", "RestTransport", "Transport", "TransportError"]
