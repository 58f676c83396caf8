"""The identifier and value formats of OIOI v4 (glossary and field lists of the spec).

Receivers are tolerant where the spec contradicts itself (see docs/oioi.md);
what the simulator sends always follows the field lists.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

EVSE_ID = re.compile(r"[A-Za-z]{2}\*?[A-Za-z0-9]{3}\*?E[A-Za-z0-9*]{1,30}")
"""Country, optional ``*``, CPO id, optional ``*``, ``E``, 1-30 id characters.  The
glossary's regex makes the first ``*`` mandatory, its prose optional: optional wins."""

EVCO_ID = re.compile(r"([A-Za-z]{2})[*-]?([A-Za-z0-9]{3})[*-]?([A-Za-z0-9]{6})[*-]?([0-9X])")
"""DIN SPEC 91286 contract id; the spec's ``[\\d|X]`` would also admit ``|``, a typo."""

CPO_ID = re.compile(r"[A-Za-z]{2}\*?[A-Za-z0-9]{3}")
UID = re.compile(r"(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{14}|[0-9A-Fa-f]{20})")
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})")
ISO_COUNTRY = re.compile(r"[A-Z]{2}")
LANGUAGE = re.compile(r"[a-z]{2}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
PARTNER_IDENTIFIER_MIN = 16

_DIN_VALUES = {ch: i for i, ch in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}


def evco_check_digit(body: str) -> str:
    """DIN SPEC 91286 check character of the 11 characters country+EMP+instance.

    Digits weigh 2^k and take one position; a letter (value 10-35) is split into
    its two decimal digits, each taking a position; the sum modulo 11 is the check
    digit, 10 written as ``X``.
    """
    total, position = 0, 0
    for ch in body.upper():
        value = _DIN_VALUES[ch]
        if value < 10:
            total += value << position
            position += 1
        else:
            total += (value // 10 << position) + (value % 10 << (position + 1))
            position += 2
    rest = total % 11
    return "X" if rest == 10 else str(rest)


def evco_key(evco_id: str) -> str | None:
    """The canonical form (upper case, no separators) of a valid EVCO ID, else None."""
    match = EVCO_ID.fullmatch(evco_id)
    if match is None:
        return None
    country, emp, instance, check = match.groups()
    body = f"{country}{emp}{instance}".upper()
    return body + check if evco_check_digit(body) == check else None


def format_evco(country: str, emp: str, instance: str) -> str:
    """An EVCO ID as the spec writes them: ``DE*8PS*123456*7``."""
    return f"{country}*{emp}*{instance}*{evco_check_digit(country + emp + instance)}"


def normalize_uid(uid: str) -> str | None:
    """An RFID UID in its canonical upper case, or None if it is no valid UID."""
    return uid.upper() if UID.fullmatch(uid) else None


def parse_time(text: str) -> datetime | None:
    """An RFC 3339 date-time with its offset, or None."""
    if not RFC3339.fullmatch(text):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def format_time(moment: datetime) -> str:
    """``Y-m-d\\TH:i:sP`` as the spec asks: seconds, offset ``+00:00``."""
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def at(epoch: datetime, sim_seconds: float) -> datetime:
    return epoch + timedelta(seconds=sim_seconds)


VAT_PATTERNS = {
    "AT": r"ATU\d{8}",
    "BE": r"BE[01]\d{9}",
    "DE": r"DE\d{9}",
    "DK": r"DK\d{8}",
    "ES": r"ES[0-9A-Z]\d{7}[0-9A-Z]",
    "FR": r"FR[0-9A-Z]{2}\d{9}",
    "IT": r"IT\d{11}",
    "NL": r"NL\d{9}B\d{2}",
    "SE": r"SE\d{12}",
}
"""EU VAT numbers by country (the shapes of the EU's VIES service); others: 2 letters + 8-12."""


def valid_vat(vat: str) -> bool:
    compact = vat.replace(" ", "").upper()
    pattern = VAT_PATTERNS.get(compact[:2], r"[A-Z]{2}[0-9A-Z]{8,12}")
    return re.fullmatch(pattern, compact) is not None
