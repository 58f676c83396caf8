"""The ABS resources of ABS-SURFACE.md: their fields, unknown codes and uniqueness rules."""

from __future__ import annotations

from dataclasses import dataclass

from .access import TABLE
from .fields import Field, Kind
from .status import Status

SOCKET_STATUSES = ("AVAILABLE", "IN_USE", "RESERVED", "FAILURE")
SOCKET_TYPES = ("TYPE_1", "TYPE_2", "TYPE_3A", "TYPE_3B", "SCHUKO_BE_FR", "SCHUKO_NL")
POWER_TYPES = ("SINGLE_PHASE_16A_230V", "SINGLE_PHASE_32A_230V", "TRIPLE_PHASE_16A_230_400V", "TRIPLE_PHASE_32A_230_400V")
DEVICE_TYPES = ("CHARGING_UNIT", "CONSOLE", "UTILITY_BOX")
LANGUAGES = ("nl", "fr", "de", "en")
CURRENCIES = ("EUR", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "USD")
CATEGORIES = ("CHARGING_SESSIONS", "DEVICE_FAULTS", "DEVICE_WARNINGS", "SERVER_LOGINS", "SERVER_OPERATIONS", "SMARTGRID")
PROTOCOLS = ("EMAIL", "AMQP", "WEBHOOK")
MAX_VEHICLES = 100

S, I, N, B, E = Kind.STRING, Kind.INTEGER, Kind.NUMBER, Kind.BOOLEAN, Kind.ENUM


@dataclass(frozen=True)
class Resource:
    name: str
    """The URL segment: ``/abs/frontend/{name}``."""
    unknown: Status
    fields: tuple[Field, ...]
    unique: tuple[tuple[tuple[str, ...], Status], ...] = ()
    description: str = ""
    lookups: tuple[tuple[str, ...], ...] = ()
    """Fields the simulator finds entries by besides references and unique keys (indexed)."""

    @property
    def creatable(self) -> bool:
        return "POST" in TABLE[self.name]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def updatable(self) -> tuple[Field, ...]:
        """Update takes every field, none required (spec 000: only passed ones change)."""
        return tuple(Field(**{**vars(f), "required": False}) for f in self.fields)


def _text(name: str, required: bool = False, max_length: int = 255) -> Field:
    return Field(name, S, required=required, min_length=1 if required else 0, max_length=max_length)


ZONE = Resource(
    "zone", Status.UNKNOWN_ZONE,
    (_text("name", True, 100), _text("description", max_length=1000)),
    unique=((("name",), Status.ZONE_NAME_EXISTS),),
    description="A group of charging stations of one host.",
)
CHARGING_STATION = Resource(
    "chargingStation", Status.UNKNOWN_STATION,
    (
        _text("name", True, 100),
        Field("zoneId", Kind.ID, required=True, ref="zone"),
        _text("stationNumber", max_length=50),
        Field("published", B, default=False),
        _text("address"), _text("town", max_length=100), _text("postcode", max_length=20), _text("country", max_length=2),
        Field("buildingStorey", I, minimum=-20, maximum=200),
        Field("longitude", N, minimum=-180, maximum=180),
        Field("latitude", N, minimum=-90, maximum=90),
        Field("publicStation", B, default=True),
        _text("openingHours"),
        Field("parkingSpacesCar", I, minimum=0, maximum=10000, default=0),
        Field("parkingSpacesMotorcycle", I, minimum=0, maximum=10000, default=0),
        Field("parkingSpacesBicycle", I, minimum=0, maximum=10000, default=0),
        _text("ownerName"), _text("logoURL", max_length=2000), _text("phone", max_length=40),
        _text("operator"), _text("operatorPhone", max_length=40),
        Field("pricingPolicyId", Kind.ID, ref="pricingPolicy"),
    ),
    unique=((("name",), Status.STATION_NAME_EXISTS),),
    description="A site's charging station: one or more charging units with their sockets.",
)
DEVICE = Resource(
    "device", Status.UNKNOWN_DEVICE,
    (
        Field("deviceType", E, required=True, options=DEVICE_TYPES),
        Field("chargingStationId", Kind.ID, required=True, ref="chargingStation"),
        _text("serialNumber", True, 64),
        _text("modelNumber", max_length=64), _text("modelVersion", max_length=64), _text("firmwareVersion", max_length=64),
        Field("networked", B, default=True),
        Field("heartbeatInterval", I, minimum=10, maximum=86400, default=300),
        Field("primaryLanguage", E, options=LANGUAGES, default="en"),
        _text("controllerId", max_length=64),
    ),
    unique=((("serialNumber",), Status.SERIAL_NUMBER_EXISTS),),
    lookups=(("controllerId",),),
    description="A charging unit (one simulated charge controller, named by controllerId), console or utility box.",
)
SOCKET = Resource(
    "socket", Status.UNKNOWN_SOCKET,
    (
        Field("chargingStationId", Kind.ID, required=True, ref="chargingStation"),
        Field("chargingUnitId", Kind.ID, required=True, ref="device"),
        Field("deviceRank", I, required=True, minimum=1, maximum=16),
        Field("stationRank", I, minimum=1, maximum=64, default=1),
        Field("current", N, minimum=6, maximum=80, default=32.0),
        Field("voltage", N, minimum=100, maximum=1000, default=230.0),
        Field("phases", I, minimum=1, maximum=3, default=3),
        Field("socketType", E, options=SOCKET_TYPES, default="TYPE_2"),
        Field("powerType", E, options=POWER_TYPES, default="TRIPLE_PHASE_32A_230_400V"),
        _text("evseId", max_length=48),
    ),
    unique=((("chargingUnitId", "deviceRank"), Status.DEVICE_RANK_EXISTS),),
    description="A socket of a charging unit; socketStatus follows the charging station's reports.",
)
PRICING_POLICY = Resource(
    "pricingPolicy", Status.UNKNOWN_PRICING_POLICY,
    (
        _text("name", True, 100),
        Field("startingFee", N, minimum=0, maximum=1e6, default=0.0),
        Field("pricePerKwh", N, minimum=0, maximum=1e6, default=0.0),
        Field("pricePerHour", N, minimum=0, maximum=1e6, default=0.0),
        Field("parkingPerHour", N, minimum=0, maximum=1e6, default=0.0),
        Field("currency", E, options=CURRENCIES, default="EUR"),
    ),
    description="Turns a session's energy and time into its totalPrice.",
)
ACCOUNT = Resource(
    "account", Status.UNKNOWN_ACCOUNT,
    (_text("name", True, 100), Field("balance", N, minimum=-1e9, maximum=1e9, default=0.0), Field("currency", E, options=CURRENCIES, default="EUR")),
    description="Who pays for an EV driver's sessions; its balance is debited by each priced session.",
)
EV_DRIVER = Resource(
    "evDriver", Status.UNKNOWN_EV_DRIVER,
    (
        _text("username", True, 100),
        _text("email", True, 254),
        _text("firstName", max_length=100), _text("lastName", max_length=100),
        Field("language", E, options=LANGUAGES, default="en"),
        Field("accountId", Kind.ID, ref="account"),
        Field("allowedChargingStationIds", Kind.ID_LIST, ref="chargingStation", default=(), description="empty: every station"),
    ),
    unique=((("username",), Status.USERNAME_IN_USE), (("email",), Status.EMAIL_REGISTERED)),
    description="A driver; charges only once activated (POST .../evDriver/{id}/activation).",
)
RFID = Resource(
    "rfid", Status.UNKNOWN_RFID,
    (_text("tokenString", True, 64), Field("evDriverId", Kind.ID, ref="evDriver"), _text("description")),
    unique=((("tokenString",), Status.TOKEN_EXISTS),),
    description="An RFID token (the card's UID as hex); cannot be deleted while assigned to a driver.",
)
VEHICLE = Resource(
    "vehicle", Status.UNKNOWN_VEHICLE,
    (
        _text("brandName", True, 100), _text("modelName", True, 100), _text("modelVersion", max_length=100),
        Field("batteryCapacitykWh", N, minimum=0.1, maximum=1000),
        Field("chargeRatekW", N, minimum=0.1, maximum=1000),
        Field("mode3Compatible", B, default=True),
        Field("evDriverId", Kind.ID, ref="evDriver"),
    ),
    description=f"At most {MAX_VEHICLES} vehicles (327 beyond).",
)
ALERT = Resource(
    "alert", Status.UNKNOWN_ALERT,
    (Field("acknowledged", B, default=False),),
    description="Raised by the back office (socket failures, devices going offline, refused sessions).",
)
NOTIFICATION_RULE = Resource(
    "notificationRule", Status.UNKNOWN_NOTIFICATION_RULE,
    (
        Field("categories", Kind.ENUM_LIST, required=True, options=CATEGORIES),
        Field("protocol", E, required=True, options=PROTOCOLS),
        _text("target", True, 2000),
        Field("secret", S, max_length=200, write_only=True),
        Field("chargingStationId", Kind.ID, ref="chargingStation"),
        Field("zoneId", Kind.ID, ref="zone"),
    ),
    description="Where platform events go: WEBHOOK (signed HTTP POST, needs a secret), EMAIL or AMQP.",
)
USER = Resource(
    "user", Status.UNKNOWN_USER,
    (
        _text("username", True, 100),
        Field("password", S, required=True, min_length=8, max_length=200, write_only=True),
        _text("email", max_length=254),
        Field("language", E, options=LANGUAGES, default="en"),
    ),
    unique=((("username",), Status.USERNAME_IN_USE), (("email",), Status.EMAIL_REGISTERED)),
    description="An administration user; roles are granted at /abs/frontend/user/{id}/role.",
)

RESOURCES: dict[str, Resource] = {
    r.name: r
    for r in (ZONE, CHARGING_STATION, DEVICE, SOCKET, PRICING_POLICY, ACCOUNT, EV_DRIVER, RFID, VEHICLE, ALERT, NOTIFICATION_RULE, USER)
}
