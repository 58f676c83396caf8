"""The controller's NFC tag: a Type 4 Tag whose NDEF messages go to the controller API.

Requests go through the same :class:`Dispatcher` as REST.  In ``RFID only``
mode the reader emulates no tag: the card still answers the reader's ATR
request (it is a contactless card in the field), but the NDEF Tag Application
is not there (SELECT answers ``6A82``), so a phone sees no NFC answer.  The
same holds while the controller's mains are off: a dead controller emulates no tag.
"""

from __future__ import annotations

from typing import Any

from ..api.controller.routing import ApiResponse
from ..runtime import Simulation
from .nfc_mapping import MappingError, decode_text, encode_text, format_response, parse_request
from .type4 import MAX_MESSAGE, Type4Tag

ATR = bytes.fromhex("3B80800101")
"""Makes pcscd choose T=1, as for an ISO 14443-4 card."""


class ControllerTag:
    """A :class:`~simulator.devices.vpcd.SmartCard` for controller ``cp_id`` of ``sim``."""

    atr = ATR

    def __init__(self, sim: Simulation, cp_id: str) -> None:
        self.sim = sim
        self.cp_id = cp_id
        self.tag = Type4Tag(self._on_message, present=self._emulated)

    def power_on(self) -> None:
        self.tag.deselect()

    def power_off(self) -> None:
        self.tag.deselect()

    def reset(self) -> None:
        self.tag.deselect()

    def transmit(self, apdu: bytes) -> bytes:
        clock = self.sim.clock
        clock.sync()
        response = self.tag.transmit(apdu)
        clock.settle()
        return response

    def _emulated(self) -> bool:
        """Hybrid mode: every APDU to the tag is NFC activity (the HMI shows "Reading card")."""
        controller = self.sim.controller(self.cp_id)
        if controller is None or not controller.powered or not controller.reader.hybrid:
            return False
        controller.reader.activity()
        return True

    def _on_message(self, message: bytes) -> bytes:
        message_id: Any = None
        try:
            nfc = parse_request(decode_text(message))
            message_id = nfc.message_id
            response = self.sim.dispatcher.dispatch(self.cp_id, nfc.request)
            assert response is not None, "the tag is emulated only while the controller has power"
        except MappingError as error:
            message_id, response = error.message_id, error.response()
        encoded = encode_text(format_response(message_id, response))
        if len(encoded) > MAX_MESSAGE:
            cause = f"the response of {len(encoded)} bytes does not fit the NDEF file ({MAX_MESSAGE} bytes): ask for less"
            encoded = encode_text(format_response(message_id, ApiResponse(507, {"success": False, "cause": cause})))
        return encoded
