"""The controller's RFID/NFC reader: which mode it is in and whether a phone is talking.

Spec 001, "Activation": in ``RFID/NFC hybrid`` mode the reader emulates an NFC
Type 4 Tag once a phone is detected, the HMI shows "Reading card", and after
one minute without NFC traffic the reader goes back to RFID/NFC checking.  In
``RFID only`` (the default) there is no tag at all.
"""

from __future__ import annotations

from typing import Any, Callable

import simpy

from .settings import RFID_NFC_HYBRID, SettingsStore

INACTIVITY_S = 60.0
"""NFC falls back to RFID/NFC checking after this long without an exchange."""

READING_CARD = "reading_card"
"""The HMI state shown while NFC is in use."""


class NfcReader:
    """Tracks NFC use in virtual time: one pending fallback timer, re-armed lazily."""

    def __init__(self, env: simpy.Environment, settings: SettingsStore, emit: Callable[..., Any]) -> None:
        self.env = env
        self.settings = settings
        self.emit = emit
        self.nfc_active = False
        self.last_activity = float("-inf")
        self._timer_armed = False

    @property
    def hybrid(self) -> bool:
        return self.settings["RfidMode_auth"] == RFID_NFC_HYBRID

    def activity(self) -> None:
        """A phone exchanged an APDU with the tag (call only in hybrid mode)."""
        self.last_activity = float(self.env.now)
        if not self.nfc_active:
            self.nfc_active = True
            self.emit("nfc_established")
        if not self._timer_armed:
            self._arm(INACTIVITY_S)

    def hmi_state(self, charger_state: str) -> str:
        return READING_CARD if self.nfc_active and self.hybrid else charger_state

    def _arm(self, delay: float) -> None:
        self._timer_armed = True
        self.env.timeout(delay).callbacks.append(lambda _event: self._check())

    def _check(self) -> None:
        """Fall back if the last exchange is a minute old, else wait for the rest of it."""
        self._timer_armed = False
        if not self.nfc_active:
            return
        idle = float(self.env.now) - self.last_activity
        if idle >= INACTIVITY_S:
            self.nfc_active = False
            self.emit("nfc_inactive", idleSeconds=idle)
        else:
            self._arm(INACTIVITY_S - idle)
