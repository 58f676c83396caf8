"""Steps of the controller's NFC mapping: reader modes, the HMI, the link's failures.

The scenario's client talks NFC (fixtures/nfc.py); what must not count as NFC
activity (reading the HMI state, setting the reader mode) goes over REST.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest
from pytest_bdd import given, parsers, then, when

from fixtures.nfc import set_reader_mode
from rigs.controller import ControllerClient
from rigs.nfc import CardRemoved, MessageTooLarge, NfcError, NfcTransport, NotAType4Tag, PcscRestarted
from rigs.nfc.daemon import restart_allowed, restart_pcscd

from .context import Scenario


def nfc_transport(scenario: Scenario) -> NfcTransport:
    transport = scenario.api.transport
    assert isinstance(transport, NfcTransport), f"the scenario's client talks {transport.name}, not NFC"
    return transport


def over_rest(scenario: Scenario) -> ControllerClient:
    if "rest client" not in scenario.values:
        client = scenario.target.controller(scenario.cp_id, transport="rest")
        client.login()
        client.relogin = True
        scenario.values["rest client"] = client
    return scenario.values["rest client"]


def attempt(scenario: Scenario, call: Callable[[], Any]) -> None:
    """Make a call over NFC that may fail on the link; remember the failure for a Then step."""
    nfc_transport(scenario)
    scenario.values["nfc error"] = None
    try:
        scenario.reply = call()
    except NfcError as error:
        scenario.values["nfc error"] = error


def failure(scenario: Scenario, kind: type[NfcError]) -> NfcError:
    error = scenario.values.get("nfc error")
    assert isinstance(error, kind), f"expected {kind.__name__}, got {error!r} (reply {scenario.reply})"
    return error


@given(parsers.parse('the reader of "{cp_id}" is in "{mode}" mode'))
@when(parsers.parse('the reader of "{cp_id}" is switched to "{mode}" mode'))
def reader_mode(scenario: Scenario, cp_id: str, mode: str) -> None:
    """Over REST as the operator, as the controller's web interface does.

    Example: When the reader of "CP-1" is switched to "RFID only" mode
    """
    scenario.cp_id = cp_id
    set_reader_mode(scenario.target, cp_id, mode)


@when("I try to read the system state over NFC")
def try_read_state(scenario: Scenario) -> None:
    attempt(scenario, scenario.api.system_state)


@when("I try to log in over NFC")
def try_login(scenario: Scenario) -> None:
    attempt(scenario, scenario.api.login)


@then("no NFC Type 4 Tag answers")
def no_tag(scenario: Scenario) -> None:
    error = failure(scenario, NotAType4Tag)
    assert "6A82" in str(error), error


@then(parsers.parse('the HMI shows "{state}"'))
def hmi_shows(scenario: Scenario, state: str) -> None:
    reply = over_rest(scenario).system_state()
    assert reply.status == 200, reply
    assert reply.body["hmiState"] == state, f"HMI state is {reply.body['hmiState']!r}: {reply.body}"


@when(parsers.parse("I send a settings write of {size:d} bytes over NFC"))
def oversized_write(scenario: Scenario, size: int) -> None:
    attempt(scenario, lambda: scenario.api.set_settings({"SSID_wlan": "x" * size}))


@then("the NFC link refuses the message as too large for the tag")
def refused_too_large(scenario: Scenario) -> None:
    error = failure(scenario, MessageTooLarge)
    assert "does not fit the tag's NDEF file" in str(error), error


@then(parsers.parse("a raw write past the end of the NDEF file is answered {sw}"))
def raw_write_past_end(scenario: Scenario, sw: str) -> None:
    transport = nfc_transport(scenario)
    cc = transport.tag.cc
    assert cc is not None, "the tag was never selected"
    offset = cc.max_ndef_size - 1
    answer = transport.link.transmit(b"\x00\xd6" + offset.to_bytes(2, "big") + b"\x02\x00\x00")
    assert answer.hex().upper() == sw, f"expected SW {sw}, got {answer.hex().upper()}"


@when(parsers.parse("the tag leaves the reader after {count:d} more APDU"))
@when(parsers.parse("the tag leaves the reader after {count:d} more APDUs"))
def tag_leaves(scenario: Scenario, count: int) -> None:
    """The phone is taken away from the reader mid-conversation (sim-control).

    Example: When the tag leaves the reader after 2 more APDUs
    """
    scenario.sim.nfc_lift(scenario.cp_id, count)


@when("the tag is back on the reader")
def tag_back(scenario: Scenario) -> None:
    scenario.sim.nfc_place(scenario.cp_id)


@then("the exchange failed because the card left the reader")
def card_left(scenario: Scenario) -> None:
    failure(scenario, CardRemoved)
    assert len(nfc_transport(scenario).transcript[-1].apdus) >= 2, "the card left before the exchange began"


@when("pcscd restarts")
def pcscd_restarts(scenario: Scenario) -> None:
    why_not = restart_allowed()
    if why_not is not None:
        pytest.skip(why_not)
    scenario.values["old client"] = scenario.api
    restart_pcscd()


@then("the link opened before the restart fails with a clear error")
def old_link_fails(scenario: Scenario) -> None:
    old: ControllerClient = scenario.values["old client"]
    with pytest.raises(PcscRestarted, match="pcscd went away"):
        old.system_state()


@then("a new NFC link reads the system state with the same session")
def new_link_works(scenario: Scenario) -> None:
    old: ControllerClient = scenario.values["old client"]
    fresh = scenario.target.controller(scenario.cp_id)
    fresh.session_id = old.session_id
    reply = fresh.system_state()
    assert reply.status == 200, reply
    assert isinstance(fresh.transport, NfcTransport) and fresh.transport.link is not nfc_transport(scenario).link
