"""OIOI identifier formats, the DIN SPEC 91286 check digit, back-off, and the 5xx answer's headers."""

from __future__ import annotations

import asyncio
import json

import pytest

from simulator.api.oioi.client import BACKOFF_BASE_S, BACKOFF_MAX_S, backoff
from simulator.api.oioi.protocol import Outage, answer
from simulator.model.roaming.formats import EVSE_ID, evco_check_digit, evco_key, normalize_uid, parse_time, valid_vat


@pytest.mark.parametrize(("instance", "digit"), [(71, "9"), (110, "X"), (124, "0"), (114, "6"), (191, "5")])
def test_din_check_digit_matches_published_examples(instance: int, digit: str) -> None:
    assert evco_check_digit(f"INTNM{instance:06d}") == digit


def test_evco_ids_need_the_right_check_digit_with_any_separators() -> None:
    assert evco_key("DE*8PS*123456*0") == evco_key("DE-8PS-123456-0") == evco_key("DE8PS1234560") == "DE8PS1234560"
    assert evco_key("DE*8PS*123456*7") is None, "the spec's example carries a wrong check digit"
    assert evco_key("DE*8PS*C12345") is None and evco_key("DE*8PS*156456730*9") is None


@pytest.mark.parametrize("evse", ["DE*123*E12345*A", "DE*8PS*E123456", "DE8PSE1", "DE8PS*E1"])
def test_evse_ids_of_the_glossary_are_valid(evse: str) -> None:
    assert EVSE_ID.fullmatch(evse)


@pytest.mark.parametrize("evse", ["1356", "DE*123*1234567", "DE*8PS*", "D*8PS*E1"])
def test_strings_that_are_no_evse_ids(evse: str) -> None:
    assert not EVSE_ID.fullmatch(evse)


def test_uids_of_8_14_20_hex_characters_are_accepted_and_upper_cased() -> None:
    assert normalize_uid("abcdefab") == "ABCDEFAB"
    assert normalize_uid("04523022AA4881") == "04523022AA4881"
    assert normalize_uid("0" * 20) == "0" * 20
    assert normalize_uid("ABCDEF") is None and normalize_uid("04523022AA488") is None and normalize_uid("GGGGGGGG") is None


def test_rfc3339_times_need_an_offset() -> None:
    assert parse_time("2016-05-09T04:08:06+02:00") is not None
    assert parse_time("2016-05-09T04:08:06Z") is not None
    assert parse_time("2016-05-09T04:08:06") is None
    assert parse_time("2016-13-09T04:08:06Z") is None


def test_vat_numbers_follow_their_country_shape() -> None:
    assert valid_vat("DE123456789") and not valid_vat("DE1234567")


def test_backoff_doubles_up_to_a_cap_and_honours_retry_after() -> None:
    assert [backoff(n, None) for n in (1, 2, 3)] == [BACKOFF_BASE_S, 2 * BACKOFF_BASE_S, 4 * BACKOFF_BASE_S]
    assert backoff(30, None) == BACKOFF_MAX_S
    assert backoff(1, 60.0) == 60.0


def test_an_outage_answers_5xx_with_retry_after_and_ends() -> None:
    outage = Outage(remaining=1, status=503)

    async def ask() -> tuple[int, dict[str, str], dict[str, object]]:
        reply = await answer(b"{}", None, {}, {}, outage, lambda key, name: True)
        return reply.status, dict(reply.headers), json.loads(reply.encode())

    status, headers, body = asyncio.run(ask())
    assert status == 503 and int(headers["Retry-After"]) >= 1 and body["result"]["code"] == 400
    status, _, body = asyncio.run(ask())
    assert status == 401 and body["result"]["code"] == 210
