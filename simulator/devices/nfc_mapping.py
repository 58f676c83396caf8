"""The controller API's NFC mapping (spec 001, "Request/Response messaging").

A request is one NDEF Text record: a JSON header with ``path``, ``method``,
``authorization`` and ``messageID``, then optionally ``,`` and the JSON content.
The response record carries ``{"messageID", "statusCode"}`` and, if there is
one, ``,`` and the same content the REST API would send.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import ndef

from ..api import jsonio
from ..api.controller.routing import ApiRequest, ApiResponse

LANGUAGE = "en"


class MappingError(Exception):
    """The message is not a valid request; answered with ``statusCode`` 400."""

    def __init__(self, cause: str, message_id: Any = None) -> None:
        super().__init__(cause)
        self.cause = cause
        self.message_id = message_id

    def response(self) -> ApiResponse:
        return ApiResponse(400, {"success": False, "cause": self.cause})


@dataclass(frozen=True)
class NfcRequest:
    message_id: Any
    request: ApiRequest


def decode_text(message: bytes) -> str:
    """The text of an NDEF message holding exactly one Text record."""
    try:
        records = list(ndef.message_decoder(message))
    except ndef.DecodeError as error:
        raise MappingError(f"not an NDEF message: {error}") from None
    if len(records) != 1 or not isinstance(records[0], ndef.TextRecord):
        raise MappingError("the NDEF message must hold exactly one Text record")
    return str(records[0].text)


def encode_text(text: str) -> bytes:
    return b"".join(ndef.message_encoder([ndef.TextRecord(text, LANGUAGE)]))


def parse_request(text: str) -> NfcRequest:
    """Header and optional content; the header's path may carry a query (``/settings?params=...``)."""
    text = text.lstrip()
    try:
        header, end = jsonio.decode_prefix(text)
    except jsonio.JsonError as error:
        raise MappingError(f"the request header is not JSON: {error}") from None
    if not isinstance(header, dict):
        raise MappingError("the request header must be a JSON object")
    message_id = header.get("messageID")
    rest = text[end:].lstrip()
    if rest and not rest.startswith(","):
        raise MappingError("the request header must be followed by ',' and the content, or nothing", message_id)
    if not isinstance(message_id, (str, int)) or isinstance(message_id, bool):
        raise MappingError("'messageID' must be a string or a number", message_id)
    path, method, authorization = header.get("path"), header.get("method"), header.get("authorization")
    if not isinstance(path, str) or not path.startswith("/"):
        raise MappingError("'path' must be a string starting with '/'", message_id)
    if not isinstance(method, str) or not method:
        raise MappingError("'method' must be a non-empty string", message_id)
    if authorization is not None and not isinstance(authorization, str):
        raise MappingError("'authorization' must be a string", message_id)
    url = urlsplit(path)
    content = rest[1:].encode("utf-8") if rest else None
    request = ApiRequest(
        method=method.upper(),
        path=url.path,
        query=dict(parse_qsl(url.query, keep_blank_values=True)),
        authorization=authorization or None,
        body=content,
    )
    return NfcRequest(message_id, request)


def format_response(message_id: Any, response: ApiResponse) -> str:
    header = jsonio.dumps_text({"messageID": message_id, "statusCode": response.status})
    if response.body is None:
        return header
    return header + "," + jsonio.dumps_text(response.body)
