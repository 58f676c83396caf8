"""Whitelist pairing mode (spec 001, "Enable the whitelist pairing mode").

While active (60 s of model time, or until one token is read: a card at the
reader or the EVCCID of an EV plugging in) the controller does not authorize: the first token read is kept as the temporary tag, the buzzer
beeps twice for a token already in the whitelist and once for a new one.  The
temporary tag stays until pairing is enabled again, or the power fails.
"""

from __future__ import annotations

from typing import Callable

import simpy

from .whitelist import TagType, Whitelist, WhitelistEntry

PAIRING_WINDOW_S = 60.0
BEEPS_KNOWN = 2
BEEPS_NEW = 1


class Pairing:
    def __init__(self, env: simpy.Environment, whitelist: Whitelist, emit: Callable[..., None], buzzer_on: Callable[[], bool]) -> None:
        self.env = env
        self.whitelist = whitelist
        self.emit = emit
        self.buzzer_on = buzzer_on
        self.active = False
        self.token: WhitelistEntry | None = None
        self._window = 0

    def enable(self) -> None:
        """Open a 60 s window; the previous temporary tag is dropped."""
        self.active = True
        self.token = None
        self._window += 1
        window = self._window
        timer = self.env.timeout(PAIRING_WINDOW_S)
        timer.callbacks.append(lambda _e: self._close(window, "timeout"))
        self.emit("pairing_enabled", seconds=PAIRING_WINDOW_S)

    def read(self, tag_id: str, tag_type: TagType = TagType.RFID) -> None:
        """The one token of this window (a card at the RFID reader, or the EVCCID of an EV
        plugging in): known ones keep their stored data."""
        known = self.whitelist.find_evccid(tag_id) if tag_type is TagType.EVCCID else self.whitelist.get(tag_id)
        self.token = WhitelistEntry(**vars(known)) if known else WhitelistEntry(tag_id, tag_type)
        self.beep(BEEPS_KNOWN if known else BEEPS_NEW)
        self.emit("pairing_read", tag=tag_id, known=known is not None)
        self._close(self._window, "token read")

    def beep(self, times: int) -> None:
        if self.buzzer_on():
            self.emit("buzzer", beeps=times)

    def power_lost(self) -> None:
        self.token = None
        self._close(self._window, "power lost")

    def _close(self, window: int, reason: str) -> None:
        if window == self._window and self.active:
            self.active = False
            self.emit("pairing_ended", reason=reason)
