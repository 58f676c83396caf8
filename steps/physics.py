"""An independent oracle of the charging physics: plain numeric integration.

It shares no code with the simulator's closed-form curve, so a scenario that
compares the two checks the model rather than restating it.
"""

from __future__ import annotations

VOLTAGE = 230.0
TRANSITION_SOC = 0.8
FULL_SOC = 0.995


def _power(power_max: float, soc: float, transition_soc: float, full_soc: float) -> float:
    """Two-stage curve: constant power, then falling linearly with SoC to zero at 100 %; nothing once full."""
    if soc >= full_soc:
        return 0.0
    return power_max if soc < transition_soc else power_max * (1.0 - soc) / (1.0 - transition_soc)


def _charge(capacity_wh: float, soc: float, power_max: float, seconds: float, transition_soc: float, full_soc: float, step_s: float) -> tuple[float, float]:
    """Energy taken and the SoC reached after ``seconds``, by Euler steps."""
    energy, t = 0.0, 0.0
    while t < seconds and soc < full_soc:
        dt = min(step_s, seconds - t)
        delta = _power(power_max, soc, transition_soc, full_soc) * dt / 3600.0
        energy += delta
        soc += delta / capacity_wh
        t += dt
    return energy, soc


def expected_energy_wh(
    capacity_wh: float,
    soc: float,
    current_a: float,
    phases: int,
    seconds: float,
    transition_soc: float = TRANSITION_SOC,
    full_soc: float = FULL_SOC,
    step_s: float = 1.0,
) -> float:
    """Energy an EV takes in ``seconds`` at a constant offered current."""
    return _charge(capacity_wh, soc, current_a * VOLTAGE * phases, seconds, transition_soc, full_soc, step_s)[0]


def expected_power_w(
    capacity_wh: float,
    soc: float,
    current_a: float,
    phases: int,
    seconds: float,
    transition_soc: float = TRANSITION_SOC,
    full_soc: float = FULL_SOC,
    step_s: float = 1.0,
) -> float:
    """The power an EV takes after charging ``seconds`` at a constant offered current."""
    power_max = current_a * VOLTAGE * phases
    reached = _charge(capacity_wh, soc, power_max, seconds, transition_soc, full_soc, step_s)[1]
    return _power(power_max, reached, transition_soc, full_soc)
