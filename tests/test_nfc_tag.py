"""The Type 4 Tag and the NFC mapping without PC/SC: APDUs in, APDUs out."""

from __future__ import annotations

import json

import ndef
import pytest

from simulator.api.controller.routing import ApiResponse
from simulator.devices.nfc_mapping import MappingError, format_response, parse_request
from simulator.devices.type4 import MAX_MESSAGE, MLC, NDEF_FILE_SIZE, Type4Tag

SELECT_APP = bytes.fromhex("00A4040007D276000085010100")
SELECT_NDEF = bytes.fromhex("00A4000C02E104")


def selected_tag(on_message=lambda m: b"answer:" + m, present=lambda: True) -> Type4Tag:  # type: ignore[no-untyped-def]
    tag = Type4Tag(on_message, present)
    assert tag.transmit(SELECT_APP) == b"\x90\x00"
    assert tag.transmit(SELECT_NDEF) == b"\x90\x00"
    return tag


def update(offset: int, data: bytes) -> bytes:
    return b"\x00\xd6" + offset.to_bytes(2, "big") + bytes((len(data),)) + data


def test_capability_container_announces_sizes_and_the_ndef_file() -> None:
    tag = Type4Tag(lambda m: m)
    tag.transmit(SELECT_APP)
    tag.transmit(bytes.fromhex("00A4000C02E103"))
    cc = tag.transmit(bytes.fromhex("00B000000F"))
    assert cc[-2:] == b"\x90\x00"
    assert cc[2] == 0x20 and int.from_bytes(cc[5:7], "big") == MLC
    assert cc[7:11] == bytes.fromhex("0406E104") and int.from_bytes(cc[11:13], "big") == NDEF_FILE_SIZE


def test_a_message_is_answered_only_when_nlen_is_written_last() -> None:
    seen: list[bytes] = []
    tag = selected_tag(lambda m: seen.append(m) or b"ok")
    assert tag.transmit(update(0, b"\x00\x00")) == b"\x90\x00"
    assert tag.transmit(update(2, b"hello")) == b"\x90\x00"
    assert seen == []
    assert tag.transmit(update(0, b"\x00\x05")) == b"\x90\x00"
    assert seen == [b"hello"]
    assert tag.transmit(bytes.fromhex("00B0000004")) == b"\x00\x02ok\x90\x00"


def test_writes_past_the_file_or_an_impossible_nlen_are_refused_and_change_nothing() -> None:
    seen: list[bytes] = []
    tag = selected_tag(lambda m: seen.append(m) or b"")
    assert tag.transmit(update(NDEF_FILE_SIZE - 1, b"\x00\x00")) == b"\x6a\x84"
    assert tag.transmit(update(NDEF_FILE_SIZE, b"\x00")) == b"\x6b\x00"
    assert tag.transmit(update(0, (MAX_MESSAGE + 1).to_bytes(2, "big"))) == b"\x6a\x80"
    assert seen == [] and tag.transmit(bytes.fromhex("00B0000002")) == b"\x00\x00\x90\x00"


def test_without_the_application_nothing_answers() -> None:
    tag = Type4Tag(lambda m: m, present=lambda: False)
    assert tag.transmit(SELECT_APP) == b"\x6a\x82"
    assert tag.transmit(SELECT_NDEF) == b"\x6a\x82"
    assert tag.transmit(update(0, b"\x00\x01")) == b"\x69\x86"


def test_reads_beyond_mle_and_bad_apdus_get_iso_errors() -> None:
    tag = selected_tag()
    assert tag.transmit(bytes.fromhex("00B0000000")) == b"\x67\x00"
    assert tag.transmit(b"\x00\xb0") == b"\x67\x00"
    assert tag.transmit(bytes.fromhex("80B0000002")) == b"\x6e\x00"
    assert tag.transmit(bytes.fromhex("00CA000002")) == b"\x6d\x00"


def test_request_header_content_and_query_map_to_an_api_request() -> None:
    text = json.dumps({"path": "/settings?params=A_x,B_y", "method": "post", "authorization": "sid", "messageID": 7}) + ',{"params":[]}'
    nfc = parse_request(text)
    assert nfc.message_id == 7
    assert (nfc.request.method, nfc.request.path, dict(nfc.request.query)) == ("POST", "/settings", {"params": "A_x,B_y"})
    assert nfc.request.authorization == "sid" and nfc.request.body == b'{"params":[]}'


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("not json", "not JSON"),
        ("[1]", "JSON object"),
        ('{"path": "/login", "method": "GET", "messageID": 1} trailing', "followed by ','"),
        ('{"path": "/login", "method": "GET"}', "messageID"),
        ('{"path": "login", "method": "GET", "messageID": 1}', "'path'"),
        ('{"path": "/login", "method": 5, "messageID": 1}', "'method'"),
        ('{"path": "/login", "method": "GET", "authorization": 3, "messageID": 1}', "'authorization'"),
    ],
)
def test_malformed_requests_are_400_with_a_cause(text: str, cause: str) -> None:
    with pytest.raises(MappingError, match=cause) as caught:
        parse_request(text)
    assert caught.value.response().status == 400


def test_response_carries_message_id_status_and_content_only_if_any() -> None:
    assert format_response("m1", ApiResponse(401)) == '{"messageID":"m1","statusCode":401}'
    assert format_response(2, ApiResponse(200, {"a": 1})) == '{"messageID":2,"statusCode":200},{"a":1}'
    record = ndef.TextRecord(format_response(2, ApiResponse(200, {"a": 1})))
    assert list(ndef.message_decoder(b"".join(ndef.message_encoder([record]))))[0].text.startswith('{"messageID":2')
