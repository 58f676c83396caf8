"""Smart grid: a station's power limit shared among its active sessions."""

from __future__ import annotations

from dataclasses import dataclass

from ..pilot import MIN_CURRENT_A


@dataclass(frozen=True)
class Share:
    socket_id: int
    power_w: float
    current_a: float
    """Per phase; below the 6 A minimum of IEC 61851 the session pauses (0 A)."""


def allocate(power_w: float, sockets: list[tuple[int, float, int]]) -> list[Share]:
    """Equal power for each active socket ``(id, voltage, phases)``, capped by nothing else.

    A share too small for 6 A pauses that socket rather than overloading the grid.
    """
    if not sockets:
        return []
    each = power_w / len(sockets)
    shares = []
    for socket_id, voltage, phases in sockets:
        amps = each / (voltage * phases)
        if amps < MIN_CURRENT_A:
            shares.append(Share(socket_id, 0.0, 0.0))
        else:
            amps = int(amps * 10) / 10
            shares.append(Share(socket_id, round(amps * voltage * phases, 1), amps))
    return shares
