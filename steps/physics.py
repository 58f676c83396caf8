"""An independent oracle of the charging physics: plain numeric integration.

It shares no code with the simulator's closed-form curve, so a scenario that
compares the two checks the model rather than restating it.
"""

from __future__ import annotations

VOLTAGE = 230.0


def expected_energy_wh(
    capacity_wh: float,
    soc: float,
    current_a: float,
    phases: int,
    seconds: float,
    transition_soc: float = 0.8,
    full_soc: float = 0.995,
    step_s: float = 1.0,
) -> float:
    """Energy an EV takes in ``seconds`` at a constant offered current, by Euler steps."""
    power_max = current_a * VOLTAGE * phases
    energy, t = 0.0, 0.0
    while t < seconds and soc < full_soc:
        dt = min(step_s, seconds - t)
        power = power_max if soc < transition_soc else power_max * (1.0 - soc) / (1.0 - transition_soc)
        delta = power * dt / 3600.0
        energy += delta
        soc += delta / capacity_wh
        t += dt
    return energy
