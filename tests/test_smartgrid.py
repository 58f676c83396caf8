"""The smart grid's share of a station's power (ABS-SURFACE.md: applying it shares the power
among active sessions and lowers each controller's offered current)."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from simulator.model.backoffice.smartgrid import ActiveSocket, allocate
from simulator.model.pilot import MIN_CURRENT_A

sockets = st.lists(
    st.builds(ActiveSocket, st.integers(1, 10_000), st.sampled_from([230.0, 208.0]), st.sampled_from([1, 3]),
              st.sampled_from([6.0, 16.0, 32.0, 63.0])),
    max_size=40, unique_by=lambda s: s.socket_id,
)


@given(st.floats(0, 2_000_000), sockets)
def test_shares_never_exceed_the_station_power_nor_a_socket_rating(power: float, active: list[ActiveSocket]) -> None:
    shares = allocate(power, active)
    assert [s.socket_id for s in shares] == [s.socket_id for s in active]
    assert sum(s.power_w for s in shares) <= power + 0.1 * len(shares)
    for share, socket in zip(shares, active):
        assert share.current_a <= socket.rating_a
        assert share.current_a == 0.0 or share.current_a >= MIN_CURRENT_A


@given(sockets)
def test_a_station_with_power_for_every_rating_lowers_nothing(active: list[ActiveSocket]) -> None:
    power = sum(s.rating_w for s in active)
    assert [s.current_a for s in allocate(power, active)] == [s.rating_a for s in active]


@given(st.floats(1_000, 500_000), sockets)
def test_what_a_small_socket_cannot_take_goes_to_the_others(power: float, active: list[ActiveSocket]) -> None:
    """Water-filling: while nobody is paused, a socket held below its rating gets at least as much
    power as any other socket, give or take the rounding down to 0.1 A: each earlier share's
    remainder (< 0.1 A at its voltage) is spread over the sockets after it, so a later share can
    exceed an earlier one by at most 0.1 A x volts x (1 + 1/2 + ... + 1/n). A paused socket's
    power goes to the sockets after it, so with a pause the shares are no longer level."""
    shares = allocate(power, active)
    assume(all(s.current_a > 0 for s in shares))
    volts = max((s.voltage * s.phases for s in active), default=0.0)
    rounding = 0.1 * volts * sum(1 / k for k in range(1, len(active) + 1)) + 0.1
    lowered = [sh.power_w for sh, so in zip(shares, active) if sh.current_a < so.rating_a]
    for share in shares:
        for power_w in lowered:
            assert share.power_w <= power_w + rounding


def test_a_paused_share_goes_to_the_sockets_after_it() -> None:
    """Three 16 A three-phase sockets and 9 kW: 3 kW each would be 4.3 A, below the 6 A minimum;
    the first pauses and the other two get 4.5 kW (6.5 A) each instead of all three pausing."""
    active = [ActiveSocket(n, 230.0, 3, 16.0) for n in (1, 2, 3)]
    assert [s.current_a for s in allocate(9_000, active)] == [0.0, 6.5, 6.5]


def test_two_sessions_on_a_small_and_a_big_socket() -> None:
    """30 kW for a 16 A and a 32 A three-phase socket: the 16 A one takes its 11,040 W and the
    32 A one the remaining 18,960 W (27.4 A after rounding down), instead of 15 kW each with
    3,960 W left unused. A third, single-phase 6 A socket takes its 1,380 W first."""
    small, big = ActiveSocket(1, 230.0, 3, 16.0), ActiveSocket(2, 230.0, 3, 32.0)
    assert [(s.current_a, s.power_w) for s in allocate(30_000, [small, big])] == [(16.0, 11_040.0), (27.4, 18_906.0)]
    tiny = ActiveSocket(3, 230.0, 1, 6.0)
    assert [s.current_a for s in allocate(30_000, [small, big, tiny])] == [16.0, 25.4, 6.0]
