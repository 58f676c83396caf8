"""Smart grid: a station's power limit shared among its active sessions.

Shares are named tuples: the grid is re-shared at every start and end of a session, for
every session of the station, so what it allocates is cheap to make."""

from __future__ import annotations

from typing import NamedTuple

from ..pilot import MIN_CURRENT_A


class Share(NamedTuple):
    socket_id: int
    power_w: float
    current_a: float
    """Per phase; below the 6 A minimum of IEC 61851 the session pauses (0 A)."""


class ActiveSocket(NamedTuple):
    socket_id: int
    voltage: float
    phases: int
    rating_a: float
    """The socket's own maximum current: a share above it would lower nothing."""

    @property
    def rating_w(self) -> float:
        return self.rating_a * self.voltage * self.phases


def allocate(power_w: float, sockets: list[ActiveSocket]) -> list[Share]:
    """Equal power for each active socket, except that none gets more than its rating: what a
    smaller socket cannot take is shared among the others (water-filling), so the station's
    power is used as far as its sockets can take it.

    A share too small for 6 A pauses that socket rather than overloading the grid.
    """
    if sum(socket.rating_w for socket in sockets) <= power_w:  # every rating fits: what the filling would give
        return [Share(socket.socket_id, round(socket.rating_w, 1), socket.rating_a) for socket in sockets]
    shares: dict[int, Share] = {}
    left, count = power_w, len(sockets)
    for socket in sorted(sockets, key=lambda s: s.rating_w):
        each = left / count
        if socket.rating_w <= each:
            shares[socket.socket_id] = Share(socket.socket_id, round(socket.rating_w, 1), socket.rating_a)
            left -= socket.rating_w
        else:
            amps = each / (socket.voltage * socket.phases)
            amps = int(amps * 10) / 10 if amps >= MIN_CURRENT_A else 0.0
            share = Share(socket.socket_id, round(amps * socket.voltage * socket.phases, 1), amps)
            shares[socket.socket_id] = share
            left -= share.power_w
        count -= 1
    return [shares[s.socket_id] for s in sockets]
