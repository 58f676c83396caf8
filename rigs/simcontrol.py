"""The simulator's sim-control API as drivers: clock, EV emulator and card presenter.

On a bench the serial instrument provides the EV and the card, and time passes
for real; against the simulator these shortcuts do the same in virtual time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .controller.transport import Reply, RestTransport, TransportError


class SimControlError(Exception):
    pass


@dataclass
class SimControlApi:
    """A part of the sim-control API under ``prefix``: a call that is not 2xx raises."""

    base_url: str
    prefix: str = "/sim"
    transport: RestTransport = field(init=False)

    def __post_init__(self) -> None:
        self.transport = RestTransport(self.base_url, prefix=self.prefix, name="sim")

    def _call(self, method: str, path: str, body: Any = None, query: dict[str, str] | None = None) -> Any:
        reply: Reply = self.transport.exchange(method, path, query, body)
        if not reply.ok:
            raise SimControlError(f"{method} {self.prefix}{path}: HTTP {reply.status} {reply.body!r}")
        return reply.body

    def close(self) -> None:
        self.transport.close()


@dataclass
class SimControl(SimControlApi):
    """Clock, world reset, EV, card, faults, the NFC tag and the event trace of one simulator."""

    def reset(self) -> dict[str, Any]:
        return self._call("POST", "/reset")

    def now(self) -> float:
        return float(self._call("GET", "/clock")["now"])

    def advance(self, seconds: float) -> dict[str, Any]:
        return self._call("POST", "/clock/advance", {"seconds": seconds})

    def plug(self, cp_id: str, **ev: Any) -> dict[str, Any]:
        return self._call("POST", f"/controllers/{cp_id}/plug", ev)

    def unplug(self, cp_id: str) -> dict[str, Any]:
        return self._call("POST", f"/controllers/{cp_id}/unplug")

    def present_tag(self, cp_id: str, tag: str) -> str:
        return self._call("POST", f"/controllers/{cp_id}/tag", {"tag": tag})["authState"]

    def power_cycle(self, cp_id: str) -> dict[str, Any]:
        """The controller's supply fails and returns (its power switch, on a bench)."""
        return self._call("POST", f"/controllers/{cp_id}/power")

    def raise_fault(self, cp_id: str, level: str, code: str, message: str = "") -> dict[str, Any]:
        return self._call("POST", f"/controllers/{cp_id}/faults", {"level": level, "code": code, "message": message})

    def clear_faults(self, cp_id: str, code: str | None = None) -> int:
        return self._call("DELETE", f"/controllers/{cp_id}/faults", query={"code": code} if code else None)["cleared"]

    def nfc_lift(self, cp_id: str, after_apdus: int = 0) -> dict[str, Any]:
        """Take the controller's NFC tag off its reader after ``after_apdus`` more APDUs."""
        return self._call("POST", f"/controllers/{cp_id}/nfc/lift", {"afterApdus": after_apdus})

    def nfc_place(self, cp_id: str) -> dict[str, Any]:
        return self._call("POST", f"/controllers/{cp_id}/nfc/place")

    def state(self) -> dict[str, Any]:
        return self._call("GET", "/state")

    def fleet(self) -> dict[str, Any]:
        """A fleet world's summary now: sessions so far, occupancy and load per site."""
        return self._call("GET", "/fleet")

    def fleet_sessions(self) -> list[dict[str, Any]]:
        """A fleet world's sessions table so far (the rows of ``chargebench run``'s sessions.csv)."""
        return self._call("GET", "/fleet/sessions")["sessions"]

    def events(self, since: int = 0, source: str | None = None) -> dict[str, Any]:
        query = {"since": str(since)} | ({"source": source} if source else {})
        return self._call("GET", "/events", query=query)


__all__ = ["SimControl", "SimControlApi", "SimControlError", "TransportError"]
