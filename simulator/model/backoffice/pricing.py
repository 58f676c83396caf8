"""A pricing policy turns a session's energy and time into its price."""

from __future__ import annotations

from typing import Any

HOUR_S = 3600.0


def session_price(policy: dict[str, Any] | None, energy_wh: int, session_s: float, charging_s: float) -> float:
    """Starting fee + energy + session time + parking (time plugged in but not charging).

    Rounded to cents; no policy means free charging.
    """
    if policy is None:
        return 0.0
    parking_s = max(0.0, session_s - charging_s)
    price = (
        policy["startingFee"]
        + policy["pricePerKwh"] * energy_wh / 1000.0
        + policy["pricePerHour"] * session_s / HOUR_S
        + policy["parkingPerHour"] * parking_s / HOUR_S
    )
    return round(price, 2)


def energy_price(policy: dict[str, Any] | None, energy_wh: int) -> float:
    """What a failed session costs: the energy delivered, without starting fee, time or parking
    (the session ended through no doing of the driver's)."""
    if policy is None:
        return 0.0
    return round(policy["pricePerKwh"] * energy_wh / 1000.0, 2)
