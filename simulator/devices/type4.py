"""An NFC Forum Type 4 Tag (mapping version 2.0) as ISO 7816-4 commands see it.

Pure logic, no I/O: :meth:`Type4Tag.transmit` takes a command APDU and returns
the response APDU.  The tag holds the NDEF Tag Application with two files, the
Capability Container (``E103``) and one NDEF file (``E104``) whose first two
bytes are NLEN.  When a write leaves a non-zero NLEN, the complete message goes
to ``on_message``; what it returns becomes the file's new message, which the
reader then reads back: one request, one response, no pipelining.
"""

from __future__ import annotations

from typing import Callable

NDEF_AID = bytes.fromhex("D2760000850101")
CC_FILE_ID = 0xE103
NDEF_FILE_ID = 0xE104

MLE = 0xFF
"""Most bytes one READ BINARY returns (short APDUs)."""
MLC = 0xFF
"""Most bytes one UPDATE BINARY takes (short APDUs)."""
NDEF_FILE_SIZE = 0x7FFF
"""NLEN plus the largest message; every offset fits the 15 bits of P1-P2."""
MAX_MESSAGE = NDEF_FILE_SIZE - 2

SW_OK = b"\x90\x00"
SW_WRONG_LENGTH = b"\x67\x00"
SW_WRITE_PROTECTED = b"\x69\x82"
SW_NO_CURRENT_EF = b"\x69\x86"
SW_WRONG_DATA = b"\x6a\x80"
SW_FUNC_NOT_SUPPORTED = b"\x6a\x81"
SW_NOT_FOUND = b"\x6a\x82"
SW_NO_SPACE = b"\x6a\x84"
SW_WRONG_P1P2 = b"\x6b\x00"
SW_INS_NOT_SUPPORTED = b"\x6d\x00"
SW_CLA_NOT_SUPPORTED = b"\x6e\x00"

INS_SELECT, INS_READ_BINARY, INS_UPDATE_BINARY = 0xA4, 0xB0, 0xD6


def capability_container() -> bytes:
    """CCLEN 15, version 2.0, MLe, MLc, NDEF File Control TLV (free read and write)."""
    return (
        (15).to_bytes(2, "big") + b"\x20" + MLE.to_bytes(2, "big") + MLC.to_bytes(2, "big")
        + b"\x04\x06" + NDEF_FILE_ID.to_bytes(2, "big") + NDEF_FILE_SIZE.to_bytes(2, "big") + b"\x00\x00"
    )


class ApduError(Exception):
    def __init__(self, sw: bytes) -> None:
        super().__init__(sw.hex())
        self.sw = sw


def _parse(apdu: bytes) -> tuple[int, int, int, int, bytes, int | None]:
    """CLA, INS, P1, P2, data, Le (None if absent) of a short APDU (cases 1-4)."""
    if len(apdu) < 4:
        raise ApduError(SW_WRONG_LENGTH)
    cla, ins, p1, p2 = apdu[:4]
    body = apdu[4:]
    if not body:
        return cla, ins, p1, p2, b"", None
    if len(body) == 1:
        return cla, ins, p1, p2, b"", body[0] or 256
    lc = body[0]
    if lc == 0 or len(body) not in (1 + lc, 2 + lc):
        raise ApduError(SW_WRONG_LENGTH)
    le = (body[1 + lc] or 256) if len(body) == 2 + lc else None
    return cla, ins, p1, p2, body[1 : 1 + lc], le


class Type4Tag:
    """The NDEF Tag Application; ``present()`` false means the tag is not emulated at all."""

    def __init__(self, on_message: Callable[[bytes], bytes], present: Callable[[], bool] = lambda: True) -> None:
        self.on_message = on_message
        self.present = present
        self.files = {CC_FILE_ID: capability_container(), NDEF_FILE_ID: bytearray(NDEF_FILE_SIZE)}
        self.app_selected = False
        self.current: int | None = None

    def deselect(self) -> None:
        """Power loss or reset: the reader must select the application again."""
        self.app_selected = False
        self.current = None

    def transmit(self, apdu: bytes) -> bytes:
        try:
            return self._command(apdu)
        except ApduError as error:
            return error.sw

    def _command(self, apdu: bytes) -> bytes:
        cla, ins, p1, p2, data, le = _parse(apdu)
        if cla != 0x00:
            raise ApduError(SW_CLA_NOT_SUPPORTED)
        if not self.present():
            self.deselect()
            raise ApduError(SW_NOT_FOUND if ins == INS_SELECT else SW_NO_CURRENT_EF)
        if ins == INS_SELECT:
            return self._select(p1, p2, data)
        if ins == INS_READ_BINARY:
            return self._read(((p1 << 8) | p2), le)
        if ins == INS_UPDATE_BINARY:
            return self._update(((p1 << 8) | p2), data)
        raise ApduError(SW_INS_NOT_SUPPORTED)

    def _select(self, p1: int, p2: int, data: bytes) -> bytes:
        if p1 == 0x04:
            if data != NDEF_AID:
                raise ApduError(SW_NOT_FOUND)
            self.app_selected, self.current = True, None
            return SW_OK
        if p1 == 0x00 and p2 == 0x0C:
            if not self.app_selected or len(data) != 2:
                raise ApduError(SW_NOT_FOUND)
            file_id = int.from_bytes(data, "big")
            if file_id not in self.files:
                raise ApduError(SW_NOT_FOUND)
            self.current = file_id
            return SW_OK
        raise ApduError(SW_FUNC_NOT_SUPPORTED)

    def _file(self, offset: int) -> bytes | bytearray:
        if self.current is None:
            raise ApduError(SW_NO_CURRENT_EF)
        if offset & 0x8000:
            raise ApduError(SW_FUNC_NOT_SUPPORTED)
        content = self.files[self.current]
        if offset >= len(content):
            raise ApduError(SW_WRONG_P1P2)
        return content

    def _read(self, offset: int, le: int | None) -> bytes:
        content = self._file(offset)
        if le is None or le > MLE:
            raise ApduError(SW_WRONG_LENGTH)
        return bytes(content[offset : offset + le]) + SW_OK

    def _update(self, offset: int, data: bytes) -> bytes:
        content = self._file(offset)
        if not isinstance(content, bytearray):
            raise ApduError(SW_WRITE_PROTECTED)
        if not data or len(data) > MLC:
            raise ApduError(SW_WRONG_LENGTH)
        if offset + len(data) > len(content):
            raise ApduError(SW_NO_SPACE)
        touches_nlen = offset < 2
        if touches_nlen:
            head = bytearray(content[:2])
            head[offset : min(2, offset + len(data))] = data[: 2 - offset]
            if int.from_bytes(head, "big") > MAX_MESSAGE:
                raise ApduError(SW_WRONG_DATA)
        content[offset : offset + len(data)] = data
        if touches_nlen and int.from_bytes(content[:2], "big"):
            self._answer(content)
        return SW_OK

    def _answer(self, content: bytearray) -> None:
        """The request is complete: the response replaces it in the file."""
        request = bytes(content[2 : 2 + int.from_bytes(content[:2], "big")])
        response = self.on_message(request)
        if len(response) > MAX_MESSAGE:
            raise ValueError(f"a response of {len(response)} bytes does not fit the NDEF file")
        content[0 : 2 + len(response)] = len(response).to_bytes(2, "big") + response
