"""OIOI result codes (spec chapter 2, "OIOI Response Codes") and the error that carries one."""

from __future__ import annotations

import enum


class Code(enum.IntEnum):
    SUCCESS = 0
    SYSTEM_ERROR = 100
    AUTH_FAILED = 140
    INVALID_EMAIL_OR_PASSWORD = 141
    INVALID_EMAIL = 142
    EMAIL_EXISTS = 143
    EMAIL_UNKNOWN = 144
    TOKEN_INVALID = 145
    EVSE_NOT_FOUND = 181
    SESSION_NOT_FOUND = 182
    COMPANY_NOT_FOUND = 183
    NO_REMOTE_STOP = 188
    EVCO_ERROR = 190
    EVCO_NOT_FOUND = 191
    EVCO_LOCKED = 192
    EVCO_NO_PAYMENT = 193
    CLIENT_ERROR = 200
    INVALID_API_KEY = 210
    INVALID_PARTNER = 211
    KEY_NOT_ALLOWED = 220
    INVALID_FORMAT = 230
    CPO_ERROR = 300
    CPO_TIMEOUT = 302
    EVSE_ERROR = 310
    EVSE_TIMEOUT = 312
    EVSE_IN_USE = 320
    NO_EV_CONNECTED = 321
    HUB_ERROR = 400
    PAYMENT_SYSTEM_ERROR = 800
    METHOD_NOT_ALLOWED = 805
    CREDIT_CARD_ERROR = 870

    @property
    def message(self) -> str:
        return MESSAGES[self]


MESSAGES: dict[Code, str] = {
    Code.SUCCESS: "Success.",
    Code.SYSTEM_ERROR: "System error.",
    Code.AUTH_FAILED: "Authentication failed: No positive authentication response.",
    Code.INVALID_EMAIL_OR_PASSWORD: "Authentication failed: Invalid email or password.",
    Code.INVALID_EMAIL: "Authentication failed: Invalid email.",
    Code.EMAIL_EXISTS: "Authentication failed: Email already exists.",
    Code.EMAIL_UNKNOWN: "Authentication failed: Email does not exist.",
    Code.TOKEN_INVALID: "Authentication failed: User token not valid.",
    Code.EVSE_NOT_FOUND: "EVSE not found.",
    Code.SESSION_NOT_FOUND: "Session not found.",
    Code.COMPANY_NOT_FOUND: "Company not found.",
    Code.NO_REMOTE_STOP: "EVSE ID does not support remote stop.",
    Code.EVCO_ERROR: "EVCO ID error.",
    Code.EVCO_NOT_FOUND: "EVCO ID not found.",
    Code.EVCO_LOCKED: "EVCO ID locked.",
    Code.EVCO_NO_PAYMENT: "EVCO ID has no valid payment method.",
    Code.CLIENT_ERROR: "Client request error.",
    Code.INVALID_API_KEY: "Invalid API key.",
    Code.INVALID_PARTNER: "Invalid partner identifier.",
    Code.KEY_NOT_ALLOWED: "API key not allowed to access the requested resource.",
    Code.INVALID_FORMAT: "Invalid request format.",
    Code.CPO_ERROR: "CPO error.",
    Code.CPO_TIMEOUT: "CPO timeout.",
    Code.EVSE_ERROR: "EVSE error.",
    Code.EVSE_TIMEOUT: "EVSE timeout.",
    Code.EVSE_IN_USE: "EVSE already in use.",
    Code.NO_EV_CONNECTED: "No EV connected to EVSE.",
    Code.HUB_ERROR: "Hub error.",
    Code.PAYMENT_SYSTEM_ERROR: "Payment system error.",
    Code.METHOD_NOT_ALLOWED: "This user is not allowed to use this method.",
    Code.CREDIT_CARD_ERROR: "Credit card error.",
}


class RoamingError(Exception):
    """Ends a call with a result code; ``reason`` says which value was wrong."""

    def __init__(self, code: Code, reason: str | None = None) -> None:
        super().__init__(reason or code.message)
        self.code = code
        self.reason = reason or code.message
