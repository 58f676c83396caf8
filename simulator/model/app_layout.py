"""What the smartphone app shows (the controller's ``app_layout.xml``).

The app settings are the subset of settings parameters an app offers; the
dashboard groups some of them and adds live gauges of the charging session.
"""

from __future__ import annotations

from dataclasses import dataclass

APP_SETTINGS: tuple[str, ...] = (
    "MaxCurrent_ctl",
    "FreeCharging_auth",
    "RfidMode_auth",
    "Enabled_wlan",
    "SSID_wlan",
    "WebUIStyle_web",
    "Language_web",
    "DisplayBrightness_hmi",
    "BuzzerEnabled_hmi",
)

DASHBOARD_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Charging", ("MaxCurrent_ctl", "FreeCharging_auth", "RfidMode_auth")),
    ("Network", ("Enabled_wlan", "SSID_wlan")),
    ("Device", ("FirmwareVersion_sys", "SerialNumber_sys", "Uptime_mon")),
)


@dataclass(frozen=True)
class Gauge:
    key: str
    short: str
    long: str
    unit: str
    reading: str
    """The field of the running transaction in ``system_state`` it shows (0 when idle)."""


GAUGES: tuple[Gauge, ...] = (
    Gauge("ChargingPower_custom", "Charging power", "Power drawn by the EV right now.", "W", "power"),
    Gauge("ChargingCurrent_custom", "Charging current", "Current per phase drawn by the EV right now.", "A", "current"),
    Gauge("OfferedCurrent_custom", "Offered current", "Current the controller offers by PWM.", "A", "offeredCurrent"),
    Gauge("SessionEnergy_custom", "Session energy", "Energy metered in the running transaction.", "Wh", "consumption"),
)
