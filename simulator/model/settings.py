"""The controller's settings parameters: a typed catalogue and a store that checks writes.

Key names follow the spec's examples (``Enabled_wlan``, ``WebUIStyle_web``,
``SysTime_mon``): the name, then the group after the underscore.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Callable


class ParamType(enum.StrEnum):
    BOOL = "bool"
    INT = "int"
    FLOAT = "float"
    STRING = "string"
    ENUM = "enum"


class Access(enum.StrEnum):
    READ = "r"
    READ_WRITE = "rw"


class Role(enum.IntEnum):
    """Who may write a parameter; a higher role may do what a lower one may."""

    USER = 1
    OPERATOR = 2


RFID_ONLY = "RFID only"
RFID_NFC_HYBRID = "RFID/NFC hybrid"


@dataclass(frozen=True)
class ParamSpec:
    key: str
    type: ParamType
    default: Any
    short: str
    long: str
    access: Access = Access.READ_WRITE
    writer: Role = Role.OPERATOR
    reboot: bool = False
    minimum: float | None = None
    maximum: float | None = None
    options: tuple[str, ...] = ()
    max_length: int = 255
    unit: str | None = None

    @property
    def group(self) -> str:
        return self.key.rsplit("_", 1)[1]

    def check(self, value: Any) -> str | None:
        """The reason ``value`` is not acceptable, or None."""
        t = self.type
        if t is ParamType.BOOL and not isinstance(value, bool):
            return f"value of '{self.key}' must be a boolean"
        if t is ParamType.INT and (isinstance(value, bool) or not isinstance(value, int)):
            return f"value of '{self.key}' must be an integer"
        if t is ParamType.FLOAT and (isinstance(value, bool) or not isinstance(value, (int, float))):
            return f"value of '{self.key}' must be a number"
        if t in (ParamType.STRING, ParamType.ENUM) and not isinstance(value, str):
            return f"value of '{self.key}' must be a string"
        if t is ParamType.STRING and len(value) > self.max_length:
            return f"value of '{self.key}' is longer than {self.max_length} characters"
        if t is ParamType.ENUM and value not in self.options:
            return f"value of '{self.key}' must be one of {', '.join(self.options)}"
        if t in (ParamType.INT, ParamType.FLOAT):
            if self.minimum is not None and value < self.minimum:
                return f"value of '{self.key}' is below {self.minimum:g}"
            if self.maximum is not None and value > self.maximum:
                return f"value of '{self.key}' is above {self.maximum:g}"
        return None

    def meta(self) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "type": str(self.type),
            "rw": str(self.access),
            "short": self.short,
            "long": self.long,
            "default": self.default,
            "group": self.group,
            "rebootRequired": self.reboot,
        }
        if self.minimum is not None:
            meta["min"] = self.minimum
        if self.maximum is not None:
            meta["max"] = self.maximum
        if self.options:
            meta["options"] = list(self.options)
        if self.unit:
            meta["unit"] = self.unit
        return meta


_p = ParamSpec


B, I, F, S, E = ParamType.BOOL, ParamType.INT, ParamType.FLOAT, ParamType.STRING, ParamType.ENUM
R = Access.READ

CATALOGUE: tuple[ParamSpec, ...] = (
    _p("MaxCurrent_ctl", I, 32, "Maximum charging current", "Upper limit of the current offered to the EV by PWM.", minimum=6, maximum=80, unit="A"),
    _p("InstalledPhases_ctl", I, 3, "Installed phases", "Phases wired to the socket.", access=R),
    _p("FallbackCurrent_ctl", I, 16, "Fallback current", "Current offered while the back office is unreachable.", minimum=6, maximum=80, unit="A"),
    _p("SocketLock_ctl", B, True, "Lock the socket", "Keep the plug locked while a transaction runs."),
    _p("Ventilation_ctl", B, False, "Ventilation available", "The site ventilates: charge an EV that asks for it (pilot state D); without it state D is an error."),
    _p("FreeCharging_auth", B, False, "Free charging", "Start charging on plug-in without any authorization."),
    _p("AuthTimeout_auth", I, 60, "Authorization timeout", "Seconds an authorization waits for a plug-in.", minimum=10, maximum=600, unit="s"),
    _p("RfidMode_auth", E, RFID_ONLY, "RFID Mode", "RFID only reads cards; RFID/NFC hybrid also answers NFC phones.", options=(RFID_ONLY, RFID_NFC_HYBRID)),
    _p("OnlineAuth_auth", B, True, "Online authorization", "Ask the back office about tags not in the local whitelist."),
    _p("Enabled_wlan", B, False, "WLAN enabled", "Connect to a wireless network.", reboot=True),
    _p("SSID_wlan", S, "", "WLAN SSID", "Name of the wireless network.", reboot=True, max_length=32),
    _p("Passphrase_wlan", S, "", "WLAN passphrase", "WPA2 passphrase of the wireless network.", reboot=True, max_length=63),
    _p("WebUIStyle_web", E, "default", "Web UI style", "Look of the controller's web interface.", options=("default", "dark", "high-contrast"), writer=Role.USER),
    _p("Language_web", E, "en", "Language", "Language of the web interface.", options=("en", "de", "fr", "nl"), writer=Role.USER),
    _p("SysTime_mon", S, "", "System time", "The controller's UTC time.", access=R),
    _p("Uptime_mon", I, 0, "Uptime", "Seconds since the last power-on.", access=R, unit="s"),
    _p("ChargePointId_ocpp", S, "CP", "Charge point id", "Identity of the charge point towards the back office.", reboot=True, max_length=48),
    _p("BackendUrl_ocpp", S, "", "Back office URL", "Where the controller reports sessions.", reboot=True, max_length=512),
    _p("MeterValueSampleInterval_ocpp", I, 60, "Meter sample interval", "Seconds between sampled meter values.", minimum=0, maximum=3600, unit="s"),
    _p("ClockAlignedDataInterval_ocpp", I, 900, "Clock-aligned interval", "Seconds between clock-aligned meter values.", minimum=0, maximum=86400, unit="s"),
    _p("FirmwareVersion_sys", S, "5.32.0-sim", "Firmware version", "Version of the controller firmware.", access=R),
    _p("SerialNumber_sys", S, "", "Serial number", "The controller's serial number.", access=R),
    _p("MeterType_sys", E, "internal", "Energy meter", "Which meter measures the energy.", options=("internal", "modbus"), reboot=True),
    _p("DisplayBrightness_hmi", I, 80, "LED brightness", "Brightness of the status LEDs.", minimum=0, maximum=100, unit="%", writer=Role.USER),
    _p("BuzzerEnabled_hmi", B, True, "Buzzer", "Acoustic feedback on card reads.", writer=Role.USER),
)

@dataclass
class WriteResult:
    key: str
    value: Any
    success: bool
    cause: str | None = None

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"key": self.key, "value": self.value, "success": self.success}
        if self.cause:
            d["cause"] = self.cause
        return d


@dataclass
class SettingsStore:
    """Values by key; ``live`` supplies read-only values computed from the controller."""

    catalogue: dict[str, ParamSpec] = field(default_factory=lambda: {p.key: p for p in CATALOGUE})
    values: dict[str, Any] = field(default_factory=dict)
    live: dict[str, Callable[[], Any]] = field(default_factory=dict)
    pending_reboot: set[str] = field(default_factory=set)
    """Keys written since power-on whose new value takes effect only after a reboot."""

    def __post_init__(self) -> None:
        for key, spec in self.catalogue.items():
            self.values.setdefault(key, spec.default)

    def __getitem__(self, key: str) -> Any:
        provider = self.live.get(key)
        return provider() if provider else self.values[key]

    def keys(self) -> list[str]:
        return list(self.catalogue)

    def check(self, key: Any, value: Any, role: Role) -> str | None:
        """Why ``key = value`` may not be written by ``role``, or None; in the spec's order."""
        if not isinstance(key, str):
            return "parameter key must be a string"
        spec = self.catalogue.get(key)
        if spec is None:
            return f"unknown parameter '{key}'"
        if spec.access is Access.READ or role < spec.writer:
            return f"not allowed to change '{key}'"
        return spec.check(value)

    def write(self, key: str, value: Any) -> bool:
        """Store a checked value; True when it needs a reboot to take effect."""
        spec = self.catalogue[key]
        self.values[key] = float(value) if spec.type is ParamType.FLOAT else value
        if spec.reboot:
            self.pending_reboot.add(key)
        return spec.reboot
