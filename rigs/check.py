"""``chargebench rig check``: touch every resource of a rig and say what works."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from simulator.model.settings import RFID_NFC_HYBRID

from .binding import BoundRig
from .controller import LoginFailed, TransportError
from .instrument import InstrumentError
from .resources import ResourceError
from .rigfile import NEEDS_INSTRUMENT

READER_MODE = "RfidMode_auth"


@dataclass(frozen=True)
class DeviceIdentity:
    firmware: str
    serial: str


@dataclass(frozen=True)
class CheckRow:
    resource: str
    status: str
    """'ok', 'FAIL' or 'unused' (listed, but no declared feature needs it)."""
    detail: str
    required: bool
    identity: DeviceIdentity | None = None
    """A controller's firmware and serial number, read by its REST check."""


IDENTITY_SETTINGS = ("FirmwareVersion_sys", "SerialNumber_sys")


def device_identity(bound: BoundRig, cp_id: str) -> DeviceIdentity:
    """The controller's firmware version and serial number, as its settings report them."""
    client = bound.controller(cp_id)
    try:
        client.login()
        reply = client.get_settings(list(IDENTITY_SETTINGS))
        if reply.status != 200:
            raise LoginFailed(f"reading {', '.join(IDENTITY_SETTINGS)}: HTTP {reply.status} {reply.body!r}")
        values = [str(reply.body["result"][key]["value"]) for key in IDENTITY_SETTINGS]
        return DeviceIdentity(*values)
    finally:
        client.transport.close()


def _rest(bound: BoundRig, cp_id: str, url: str) -> CheckRow:
    try:
        identity = device_identity(bound, cp_id)
    except (LoginFailed, TransportError, KeyError, TypeError) as error:
        return CheckRow(f"{cp_id} REST API", "FAIL", f"{url}: {error}", True)
    return CheckRow(f"{cp_id} REST API", "ok", f"{url}: logged in, firmware {identity.firmware}, serial {identity.serial or '(none)'}", True, identity)


def _instrument(bound: BoundRig, cp_id: str, url: str, required: bool) -> CheckRow:
    try:
        identity = bound.instrument(cp_id).identify()
    except (ResourceError, InstrumentError) as error:
        return CheckRow(f"{cp_id} instrument", "FAIL", str(error), required)
    return CheckRow(f"{cp_id} instrument", "ok" if required else "unused", f"{url}: {identity}", required)


def _nfc(bound: BoundRig, cp_id: str, reader: str) -> CheckRow:
    required = "nfc" in bound.rig.features
    problem = getattr(bound, "nfc_problem", None)
    if not required:
        return CheckRow(f"{cp_id} NFC reader", "FAIL" if problem else "unused", f"{reader!r}: {problem or 'no feature needs it'}", False)
    client = bound.controller(cp_id, transport="nfc")
    try:
        with nfc_switched_on(bound, cp_id):
            client.get_token()
    except Exception as error:  # noqa: BLE001  (pyscard raises its own hierarchy; all of it means 'not working')
        return CheckRow(f"{cp_id} NFC reader", "FAIL", f"{reader!r}: {type(error).__name__}: {error}", True)
    finally:
        client.transport.close()
    return CheckRow(f"{cp_id} NFC reader", "ok", f"{reader!r}: card present, login token read over NFC", True)


@contextmanager
def nfc_switched_on(bound: BoundRig, cp_id: str) -> Iterator[None]:
    """The controller answers NFC only in 'RFID/NFC hybrid' mode: set it over REST (as its web interface
    would), and put the mode back afterwards."""
    admin = bound.controller(cp_id)
    try:
        admin.login()
        mode = admin.get_settings([READER_MODE]).body["result"][READER_MODE]["value"]
        if mode != RFID_NFC_HYBRID:
            admin.set_settings({READER_MODE: RFID_NFC_HYBRID})
        try:
            yield
        finally:
            if mode != RFID_NFC_HYBRID:
                admin.set_settings({READER_MODE: mode})
    finally:
        admin.transport.close()


def check_rig(bound: BoundRig) -> list[CheckRow]:
    rig = bound.rig
    rows: list[CheckRow] = []
    instrument_needed = bool(NEEDS_INSTRUMENT & rig.features)
    for controller in rig.controllers:
        rows.append(_rest(bound, controller.id, controller.url))
        if controller.instrument is not None:
            rows.append(_instrument(bound, controller.id, controller.instrument.url, instrument_needed))
        if controller.nfc_reader is not None:
            rows.append(_nfc(bound, controller.id, controller.nfc_reader))
        if controller.cards is not None:
            rows.append(CheckRow(f"{controller.id} cards", "ok", f"on the presenter: {', '.join(controller.cards)}", False))
    return rows


def failures(rows: list[CheckRow], required_only: bool = False) -> list[CheckRow]:
    """The FAIL rows; ``required_only``: only those a declared feature needs."""
    return [r for r in rows if r.status == "FAIL" and (r.required or not required_only)]


def format_table(rows: list[CheckRow]) -> str:
    width = max(len(r.resource) for r in rows)
    lines = [f"{'resource':{width}}  status  detail", f"{'-' * width}  ------  ------"]
    lines += [f"{r.resource:{width}}  {r.status:6}  {r.detail}" for r in rows]
    return "\n".join(lines)
