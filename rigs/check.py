"""``chargebench rig check``: touch every resource of a rig and say what works."""

from __future__ import annotations

from dataclasses import dataclass

from .binding import BoundRig
from .controller import LoginFailed, TransportError
from .instrument import InstrumentError
from .resources import ResourceError
from .rigfile import NEEDS_INSTRUMENT


@dataclass(frozen=True)
class CheckRow:
    resource: str
    status: str
    """'ok', 'FAIL' or 'unused' (listed, but no declared feature needs it)."""
    detail: str
    required: bool


def firmware_version(bound: BoundRig, cp_id: str) -> str:
    """The controller's firmware version, as its settings report it."""
    client = bound.controller(cp_id)
    try:
        client.login()
        reply = client.get_settings(["FirmwareVersion_sys"])
        if reply.status != 200:
            raise LoginFailed(f"reading FirmwareVersion_sys: HTTP {reply.status} {reply.body!r}")
        return str(reply.body["result"]["FirmwareVersion_sys"]["value"])
    finally:
        client.transport.close()


def _rest(bound: BoundRig, cp_id: str, url: str) -> CheckRow:
    try:
        version = firmware_version(bound, cp_id)
    except (LoginFailed, TransportError, KeyError, TypeError) as error:
        return CheckRow(f"{cp_id} REST API", "FAIL", f"{url}: {error}", True)
    return CheckRow(f"{cp_id} REST API", "ok", f"{url}: logged in, firmware {version}", True)


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
        client.get_token()
    except Exception as error:  # noqa: BLE001  (pyscard raises its own hierarchy; all of it means 'not working')
        return CheckRow(f"{cp_id} NFC reader", "FAIL", f"{reader!r}: {type(error).__name__}: {error}", True)
    finally:
        client.transport.close()
    return CheckRow(f"{cp_id} NFC reader", "ok", f"{reader!r}: card present, login token read over NFC", True)


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


def format_table(rows: list[CheckRow]) -> str:
    width = max(len(r.resource) for r in rows)
    lines = [f"{'resource':{width}}  status  detail", f"{'-' * width}  ------  ------"]
    lines += [f"{r.resource:{width}}  {r.status:6}  {r.detail}" for r in rows]
    return "\n".join(lines)
