"""The controller API over NFC: requests as NDEF Text records through a PC/SC reader.

Implements :class:`rigs.controller.Transport`, so :class:`ControllerClient`
works unchanged.  A request is the JSON header (``path`` with its query,
``method``, ``authorization``, ``messageID``), then ``,`` and the content if
there is one (spec 001, "Request/Response messaging").  Message ids count up
from 1; a response must carry the id of its request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping
from urllib.parse import urlencode

import ndef

from ..controller.transport import Exchange, Reply
from .pcsc import ApduRecord, NfcError, PcscLink
from .type4 import Type4Reader


def _split(text: str) -> tuple[dict[str, Any], Any]:
    """Response header and content (None if there is none)."""
    try:
        header, end = json.JSONDecoder().raw_decode(text)
    except ValueError:
        raise NfcError(f"the response header is not JSON: {text[:80]!r}") from None
    rest = text[end:].lstrip()
    if not isinstance(header, dict) or not isinstance(header.get("statusCode"), int):
        raise NfcError(f"the response header lacks a statusCode: {text[:80]!r}")
    if not rest:
        return header, None
    if not rest.startswith(","):
        raise NfcError(f"the response header is followed by {rest[:20]!r}, not ','")
    try:
        return header, json.loads(rest[1:])
    except ValueError:
        return header, rest[1:]


@dataclass
class NfcExchange(Exchange):
    """An exchange and the APDUs that carried it (hex, timing): the evidence of an NFC call."""

    apdus: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class NfcTransport:
    reader: str
    timeout: float = 5.0
    name: str = "nfc"
    transcript: list[Exchange] = field(default_factory=list)
    message_id: int = 0
    link: PcscLink = field(init=False)
    tag: Type4Reader = field(init=False)

    def __post_init__(self) -> None:
        self.link = PcscLink(self.reader, self.timeout)
        self.tag = Type4Reader(self.link.transmit)

    @property
    def apdus(self) -> list[ApduRecord]:
        return self.link.trace

    def request_text(self, method: str, path: str, query: Mapping[str, str] | None, content: str | None, authorization: str | None) -> str:
        self.message_id += 1
        target = path + ("?" + urlencode(dict(query), safe=",") if query else "")
        header = {"path": target, "method": method, "authorization": authorization or "", "messageID": self.message_id}
        return json.dumps(header) + ("" if content is None else "," + content)

    def exchange(
        self,
        method: str,
        path: str,
        query: Mapping[str, str] | None = None,
        body: Any = None,
        authorization: str | None = None,
        raw_body: bytes | None = None,
    ) -> Reply:
        content = raw_body.decode("utf-8", "replace") if raw_body is not None else None if body is None else json.dumps(body)
        record = NfcExchange(self.name, method, path, dict(query or {}), body if raw_body is None else content)
        self.transcript.append(record)
        first_apdu = len(self.link.trace)
        try:
            with record.timed():
                reply = self._round_trip(self.request_text(method, path, query, content, authorization))
        finally:
            record.apdus = [vars(apdu).copy() for apdu in self.link.trace[first_apdu:]]
        record.status, record.reply_body = reply.status, reply.body
        return reply

    def _round_trip(self, text: str) -> Reply:
        if not self.link.connected:
            self.tag.cc = None
        self.tag.write(b"".join(ndef.message_encoder([ndef.TextRecord(text)])))
        try:
            records = list(ndef.message_decoder(self.tag.read()))
        except ndef.DecodeError as error:
            raise NfcError(f"the tag's answer is not an NDEF message: {error}") from None
        if len(records) != 1 or not isinstance(records[0], ndef.TextRecord):
            raise NfcError(f"the tag's answer is not one Text record: {records!r}")
        header, content = _split(records[0].text)
        if header.get("messageID") != self.message_id:
            raise NfcError(f"the answer carries messageID {header.get('messageID')!r}, not {self.message_id}")
        return Reply(header["statusCode"], content)

    def close(self) -> None:
        self.link.close()
