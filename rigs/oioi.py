"""An OIOI v4 client as a driver: any hub or CPO endpoint (the simulator's, a staging server).

Every exchange lands in the transport's transcript, the report's evidence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .controller.transport import Reply, RestTransport
from .simcontrol import SimControlApi

HUB_PATH = "/api/v4/request"
CPO_PATH = "/cpo/api/v4/request"


@dataclass
class OioiClient:
    base_url: str
    key: str
    path: str = HUB_PATH
    transport: RestTransport = field(init=False)

    def __post_init__(self) -> None:
        self.transport = RestTransport(self.base_url, prefix="", name="oioi")

    def call(self, name: str, fields: dict[str, Any], key: str | None = None) -> Reply:
        """One call: ``{name: fields}`` with ``Authorization: key=...``."""
        return self.send({name: fields}, key)

    def send(self, body: Any, key: str | None = None) -> Reply:
        """Any JSON body, for envelopes that are wrong on purpose."""
        raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
        return self.send_raw(raw, key)

    def send_raw(self, raw: bytes, key: str | None = None, authorization: str | None = None) -> Reply:
        auth = authorization if authorization is not None else f"key={self.key if key is None else key}"
        return self.transport.exchange("POST", self.path, None, None, auth or None, raw)

    def close(self) -> None:
        self.transport.close()


def result_code(reply: Reply) -> int | None:
    body = reply.body
    if isinstance(body, dict) and isinstance(body.get("result"), dict):
        return body["result"].get("code")
    return None


@dataclass
class RoamingSimControl(SimControlApi):
    """The simulator's roaming sim-control: wait for outgoing OIOI calls, inject hub, CPO and payment-provider outages."""

    prefix: str = "/sim/roaming"

    def drain(self) -> dict[str, Any]:
        """Returns when every outgoing call is answered or waits for model time (back-off)."""
        return self._call("POST", "/drain")

    def deliveries(self) -> dict[str, list[dict[str, Any]]]:
        return self._call("GET", "/deliveries")

    def outage(self, endpoint: str, requests: int, status: int = 503) -> None:
        self._call("POST", "/outage", {"endpoint": endpoint, "requests": requests, "status": status})
