"""The model's physics against the spec's tables and an independent integration."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.model.battery import ChargeCurve
from simulator.model.pilot import cable_rating, current_to_duty, duty_to_current
from steps.physics import expected_energy_wh


@pytest.mark.parametrize(
    ("duty", "amps"),
    [(5, 0), (7.5, 0), (8, 6), (9.9, 6), (10, 6), (25, 15), (50, 30), (85, 51), (90, 65), (96, 80), (97, 80), (98, 0), (100, 0), (2, 0)],
)
def test_duty_cycle_maps_to_current_as_iec_61851_tables(duty: float, amps: float) -> None:
    assert duty_to_current(duty) == pytest.approx(amps)


@given(st.floats(min_value=6, max_value=80))
def test_offered_duty_cycle_never_exceeds_the_limit_and_comes_close(amps: float) -> None:
    offered = duty_to_current(current_to_duty(amps))
    assert offered <= amps + 0.001  # duty_to_current resolves 1 mA
    closest = 51.0 if 51.0 < amps < 52.525 else amps  # 85.01 % is the first duty above 51 A
    assert offered == pytest.approx(closest, abs=0.03)


def test_below_six_amps_there_is_no_pwm() -> None:
    assert duty_to_current(current_to_duty(5.9)) == 0


def test_proximity_resistors_give_cable_ratings() -> None:
    assert [cable_rating(r) for r in (1500, 680, 220, 100)] == [13, 20, 32, 63]
    with pytest.raises(ValueError, match="470 Ohm"):
        cable_rating(470)


@settings(max_examples=60, deadline=None)
@given(
    capacity=st.floats(min_value=20_000, max_value=100_000),
    soc=st.floats(min_value=0.0, max_value=0.99),
    power=st.floats(min_value=1_400, max_value=22_000),
    seconds=st.floats(min_value=0, max_value=12 * 3600),
)
def test_closed_form_curve_matches_numeric_integration(capacity: float, soc: float, power: float, seconds: float) -> None:
    curve = ChargeCurve(capacity, soc, power)
    numeric = expected_energy_wh(capacity, soc, power / 230.0, 1, seconds, step_s=2.0)
    assert curve.energy_after(seconds) == pytest.approx(numeric, rel=0.01, abs=2.0)


def test_constant_power_until_transition_then_tapering_to_full() -> None:
    curve = ChargeCurve(60_000, 0.2, 11_040)
    t1 = curve.seconds_to_transition
    assert t1 == pytest.approx(0.6 * 60_000 / 11_040 * 3600)
    assert curve.power_after(t1 / 2) == 11_040
    assert curve.power_after(t1 + 1800) < 11_040
    assert curve.soc_after(curve.seconds_to_full) == pytest.approx(curve.full_soc)
    assert curve.power_after(curve.seconds_to_full + 1) == 0
    assert not math.isinf(curve.seconds_to_full)


def test_no_power_never_finishes() -> None:
    curve = ChargeCurve(60_000, 0.5, 0)
    assert math.isinf(curve.seconds_to_full) and curve.energy_after(3600) == 0


def _charge_to_the_end(capacity_wh: float, soc: float, target: float, hours: float = 48.0) -> tuple[float, float]:
    """Plug an EV asking for ``target`` into a controller, authorize, wait, unplug:
    the transaction's metered Wh and the EV's final SoC."""
    from simulator.clock import SimClock
    from simulator.model.ev import EvSpec
    from simulator.model.world import World, WorldConfig

    clock = SimClock()
    world = World(WorldConfig.load(seed=1), clock.env, clock)
    controller = world.controllers["CP-1"]
    controller.plug(EvSpec(capacity_wh=capacity_wh, soc=soc, target_soc=target))
    controller.present_tag("04A2B3C4D5E680")
    clock.advance(hours * 3600)
    final_soc = controller.meter.soc() or controller.ev.soc
    controller.unplug()
    return controller.transactions[-1].meter_stop - controller.transactions[-1].meter_start, final_soc


def test_a_target_below_the_taper_point_stops_at_the_target() -> None:
    """50 kWh at 20 % asking for 15 kWh (target 50 %): 15 kWh metered, not 20.8 (issue 13)."""
    energy_wh, final_soc = _charge_to_the_end(50_000, 0.2, 0.5)
    assert final_soc == pytest.approx(0.5, abs=1e-9)
    assert energy_wh == pytest.approx(15_000, abs=0.5)


@settings(max_examples=80, deadline=None)
@given(
    capacity=st.floats(min_value=20_000, max_value=100_000),
    soc=st.floats(min_value=0.0, max_value=0.99),
    target=st.floats(min_value=0.01, max_value=1.0),
)
def test_metered_energy_is_the_battery_energy_for_every_target(capacity: float, soc: float, target: float) -> None:
    """Metered Wh = capacity x (final SoC - initial SoC) within 0.1 %, and the EV ends at its
    target (or full), never above it, whatever the target is against the taper point."""
    energy_wh, final_soc = _charge_to_the_end(capacity, soc, target)
    goal = max(soc, min(target, 0.995))
    assert final_soc == pytest.approx(goal, abs=1e-6)
    assert energy_wh == pytest.approx(capacity * (final_soc - soc), rel=1e-3, abs=0.01)
