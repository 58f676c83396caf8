"""IEC 61851-1 control pilot and proximity pilot (see MODEL-PARAMETERS.md)."""

from __future__ import annotations

import enum
import math


class PilotState(enum.StrEnum):
    """Vehicle states as the controller reads them from the CP high level."""

    A = "a"  # +12 V: no vehicle
    B = "b"  # +9 V: vehicle connected, not ready
    C = "c"  # +6 V: vehicle ready, charging
    D = "d"  # +3 V: charging, ventilation required
    E = "e"  # 0 V: error (short circuit, no pilot)
    F = "f"  # -12 V: EVSE not available / fault


CHARGING_STATES = frozenset({PilotState.C, PilotState.D})

NO_PWM = 100.0
"""A steady +12 V (100 % duty) means: no charging allowed."""

MIN_CURRENT_A = 6.0
MAX_CURRENT_A = 80.0


def duty_to_current(duty_percent: float) -> float:
    """Maximum current the EV may draw for a PWM duty cycle; 0 means no charging.

    The table of IEC 61851-1 Annex A (Fluke FEV300 manual; EVerest Yeti).
    """
    d = duty_percent
    if 8.0 <= d < 10.0:
        return 6.0
    if 10.0 <= d <= 85.0:
        return round(d * 0.6, 3)
    if 85.0 < d <= 96.0:
        return round((d - 64.0) * 2.5, 3)
    if 96.0 < d <= 97.0:
        return 80.0
    return 0.0


def current_to_duty(current_a: float) -> float:
    """The duty cycle a controller offers for a current limit (inverse of the table).

    The table cannot express 51-52.5 A (85 % gives 51 A, 85.01 % already 52.5 A):
    there the controller offers 51 A, never more than its limit.
    """
    if current_a < MIN_CURRENT_A:
        return NO_PWM
    amps = min(current_a, MAX_CURRENT_A)
    if amps <= 51.0:
        return math.floor(amps / 0.6 * 100) / 100
    if amps < 52.5:
        return 85.0
    return math.floor((amps / 2.5 + 64.0) * 100) / 100


CABLE_RATING_BY_OHMS = {1500: 13.0, 680: 20.0, 220: 32.0, 100: 63.0}
"""Proximity-pilot resistor -> cable current rating (IEC 61851 / 62196)."""


def cable_rating(pp_ohms: int) -> float:
    try:
        return CABLE_RATING_BY_OHMS[pp_ohms]
    except KeyError:
        raise ValueError(f"no cable rating for a {pp_ohms} Ohm proximity resistor") from None


def pp_ohms_for(rating_a: float) -> int:
    for ohms, amps in CABLE_RATING_BY_OHMS.items():
        if amps == rating_a:
            return ohms
    raise ValueError(f"no proximity resistor for a {rating_a} A cable")
