"""The phone's side of an NFC Forum Type 4 Tag: select, read the CC, read and write NDEF.

Reads are cut to the tag's MLe, writes to its MLc.  A message that fits one
write goes with its NLEN in one UPDATE BINARY; a longer one is written as the
mapping asks (NLEN 0, the message from offset 2, then the real NLEN), so the
tag never sees half a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .pcsc import NfcError

SELECT_NDEF_APP = bytes.fromhex("00A4040007D276000085010100")
CC_FILE = bytes.fromhex("E103")
SW_OK = b"\x90\x00"


class NotAType4Tag(NfcError):
    """The card has no NDEF Tag Application (e.g. the controller's reader is in RFID-only mode)."""


class MessageTooLarge(NfcError):
    pass


class TagRefused(NfcError):
    def __init__(self, what: str, sw: bytes) -> None:
        super().__init__(f"the tag refused {what}: SW {sw.hex().upper()}")
        self.sw = sw


@dataclass(frozen=True)
class CapabilityContainer:
    mle: int
    mlc: int
    ndef_file: bytes
    max_ndef_size: int

    @classmethod
    def parse(cls, raw: bytes) -> "CapabilityContainer":
        if len(raw) < 15 or raw[7:9] != b"\x04\x06":
            raise NfcError(f"not a Type 4 capability container: {raw.hex().upper()}")
        return cls(int.from_bytes(raw[3:5], "big"), int.from_bytes(raw[5:7], "big"), raw[9:11], int.from_bytes(raw[11:13], "big"))

    @property
    def max_message(self) -> int:
        return self.max_ndef_size - 2


class Type4Reader:
    """NDEF read and write over ``transmit`` (command APDU -> response data + SW)."""

    def __init__(self, transmit: Callable[[bytes], bytes]) -> None:
        self.transmit = transmit
        self.cc: CapabilityContainer | None = None

    def _command(self, what: str, apdu: bytes) -> bytes:
        response = self.transmit(apdu)
        if response[-2:] != SW_OK:
            raise TagRefused(what, response[-2:])
        return response[:-2]

    @staticmethod
    def _select_file(file_id: bytes) -> bytes:
        return b"\x00\xa4\x00\x0c\x02" + file_id

    def select(self) -> CapabilityContainer:
        """Select the NDEF Tag Application, read its CC, select the NDEF file."""
        sw = self.transmit(SELECT_NDEF_APP)[-2:]
        if sw != SW_OK:
            raise NotAType4Tag(f"no NFC Type 4 Tag answered: SELECT of the NDEF Tag Application gave SW {sw.hex().upper()}")
        self._command("selecting the capability container", self._select_file(CC_FILE))
        self.cc = CapabilityContainer.parse(self._command("reading the capability container", b"\x00\xb0\x00\x00\x0f"))
        self._command("selecting the NDEF file", self._select_file(self.cc.ndef_file))
        return self.cc

    def _read(self, offset: int, length: int) -> bytes:
        return self._command(f"reading {length} bytes at {offset}", b"\x00\xb0" + offset.to_bytes(2, "big") + bytes((length,)))

    def _update(self, offset: int, data: bytes) -> None:
        self._command(f"writing {len(data)} bytes at {offset}", b"\x00\xd6" + offset.to_bytes(2, "big") + bytes((len(data),)) + data)

    def write(self, message: bytes) -> None:
        cc = self.cc or self.select()
        if len(message) > cc.max_message:
            raise MessageTooLarge(f"a message of {len(message)} bytes does not fit the tag's NDEF file ({cc.max_message} bytes)")
        nlen = len(message).to_bytes(2, "big")
        if 2 + len(message) <= cc.mlc:
            self._update(0, nlen + message)
            return
        self._update(0, b"\x00\x00")
        for start in range(0, len(message), cc.mlc):
            self._update(2 + start, message[start : start + cc.mlc])
        self._update(0, nlen)

    def read(self) -> bytes:
        cc = self.cc or self.select()
        first = self._read(0, min(cc.mle, cc.max_ndef_size))
        nlen = int.from_bytes(first[:2], "big")
        message = bytearray(first[2 : 2 + nlen])
        while len(message) < nlen:
            offset = 2 + len(message)
            message += self._read(offset, min(cc.mle, nlen - len(message)))
        return bytes(message)
