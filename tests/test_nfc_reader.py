"""The reader's one-minute NFC fallback in virtual time, without PC/SC."""

from __future__ import annotations

from simulator.model.nfc_reader import INACTIVITY_S, READING_CARD
from simulator.model.settings import RFID_NFC_HYBRID
from simulator.runtime import Simulation


def test_reading_card_lasts_one_minute_after_the_last_exchange() -> None:
    sim = Simulation.from_file()
    controller = sim.controller("CP-1")
    assert controller is not None
    controller.settings.values["RfidMode_auth"] = RFID_NFC_HYBRID
    controller.reader.activity()
    sim.clock.advance(30)
    controller.reader.activity()
    sim.clock.advance(INACTIVITY_S - 1)
    assert controller.system_state()["hmiState"] == READING_CARD
    sim.clock.advance(1)
    assert controller.system_state()["hmiState"] == "idle"
    kinds = [e.kind for e in sim.world.events.events if e.source == "CP-1" and e.kind.startswith("nfc")]
    assert kinds == ["nfc_established", "nfc_inactive"]
