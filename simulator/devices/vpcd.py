"""A virtual card in pcscd's ``vpcd`` reader: an asyncio TCP client of the reader's port.

vpcd frames every message with a 2-byte big-endian length.  A 1-byte payload
is a control message (``00`` power off, ``01`` power on, ``02`` reset, ``04``
ATR request, the only one answered); a longer one is a command APDU, answered
with the response APDU, once the adapters' outgoing traffic has settled (as
before every request of the simulator).  The card reconnects when vpcd goes away (pcscd
restarted) and can be lifted off the reader, now or after N more APDUs, to
test a card removed mid-exchange.

bookworm's vpcd sends length and payload in two ``send()`` calls, so Nagle on
its side plus delayed ACK on ours stalls every APDU about 44 ms; re-arming
``TCP_QUICKACK`` after every receive removes the stall.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from typing import Awaitable, Callable, Protocol

VPCD_HOST = "127.0.0.1"
VPCD_PORTS = (35963, 35964)
"""vpcd's default slots: reader ``Virtual PCD 00 00`` on 35963, ``... 00 01`` on 35964."""
RECONNECT_DELAY_S = 0.1
MIN_ABSENCE_S = 0.9
"""A lifted card stays away this long: pcscd polls presence about every 400 ms, and a
card back before a poll looks never removed, so pcscd would not power it up again."""

CTRL_POWER_OFF, CTRL_POWER_ON, CTRL_RESET, CTRL_ATR = 0x00, 0x01, 0x02, 0x04
SW_INTERNAL_ERROR = b"\x6f\x00"

log = logging.getLogger(__name__)


def reader_name(port: int) -> str:
    """The PC/SC reader name pcscd gives the vpcd slot listening on ``port``."""
    return f"Virtual PCD 00 {port - VPCD_PORTS[0]:02X}"


def vpcd_port(reader: str) -> int:
    """The vpcd port behind a reader name; ValueError if it is not a vpcd slot."""
    names = {reader_name(port): port for port in VPCD_PORTS}
    if reader not in names:
        raise ValueError(f"{reader!r} is not a vpcd reader ({', '.join(names)})")
    return names[reader]


class SmartCard(Protocol):
    atr: bytes

    def power_on(self) -> None: ...

    def power_off(self) -> None: ...

    def reset(self) -> None: ...

    def transmit(self, apdu: bytes) -> bytes: ...


class _Link(asyncio.Protocol):
    """One TCP connection to vpcd; frames in, answered in order by one task."""

    def __init__(self, card: "VpcdCard") -> None:
        self.card = card
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.frames: asyncio.Queue[bytes] = asyncio.Queue()
        self.worker: asyncio.Task[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        sock = transport.get_extra_info("socket")
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._quickack()
        self.worker = asyncio.get_running_loop().create_task(self._answer(), name=f"vpcd-link-{self.card.port}")

    def _quickack(self) -> None:
        assert self.transport is not None
        self.transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)

    def data_received(self, data: bytes) -> None:
        self._quickack()
        self.buffer += data
        while len(self.buffer) >= 2:
            size = int.from_bytes(self.buffer[:2], "big")
            if len(self.buffer) < 2 + size:
                return
            self.frames.put_nowait(bytes(self.buffer[2 : 2 + size]))
            del self.buffer[: 2 + size]

    async def _answer(self) -> None:
        while True:
            answer = await self.card.answer(await self.frames.get())
            if self.transport is None or self.transport.is_closing():
                return
            if answer is not None:
                self.transport.write(len(answer).to_bytes(2, "big") + answer)
            if self.card.lift_due():
                self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        if self.worker is not None:
            self.worker.cancel()
        if not self.closed.done():
            self.closed.set_result(None)


class VpcdCard:
    """Keeps ``card`` inserted in the vpcd slot on ``port`` until :meth:`stop`; ``settle``
    waits for the simulator's outgoing traffic before each APDU."""

    def __init__(self, card: SmartCard, port: int, settle: Callable[[], Awaitable[None]], host: str = VPCD_HOST) -> None:
        self.card = card
        self.port = port
        self.settle = settle
        self.host = host
        self.apdus = 0
        self.connected = asyncio.Event()
        self._placed = asyncio.Event()
        self._placed.set()
        self._lift_after: int | None = None
        self._link: _Link | None = None
        self._task: asyncio.Task[None] | None = None

    # -- what vpcd asks -------------------------------------------------------

    async def answer(self, payload: bytes) -> bytes | None:
        if len(payload) > 1:
            await self.settle()
        return self.handle(payload)

    def handle(self, payload: bytes) -> bytes | None:
        if len(payload) == 1:
            return self._control(payload[0])
        self.apdus += 1
        if self._lift_after is not None:
            self._lift_after -= 1
        try:
            return self.card.transmit(payload)
        except Exception:  # the card must answer every APDU, whatever its logic did
            log.exception("virtual card on port %d failed on APDU %s", self.port, payload.hex())
            return SW_INTERNAL_ERROR

    def _control(self, code: int) -> bytes | None:
        if code == CTRL_ATR:
            return self.card.atr
        if code == CTRL_POWER_ON:
            self.card.power_on()
        elif code == CTRL_POWER_OFF:
            self.card.power_off()
        elif code == CTRL_RESET:
            self.card.reset()
        return None

    def lift_due(self) -> bool:
        return self._lift_after is not None and self._lift_after <= 0

    # -- what a test does to the card -------------------------------------------

    def lift(self, after_apdus: int = 0) -> None:
        """Take the card off the reader after answering ``after_apdus`` more APDUs."""
        self._placed.clear()
        self._lift_after = after_apdus
        if after_apdus <= 0 and self._link is not None and self._link.transport is not None:
            self._link.transport.close()

    def place(self) -> None:
        """Put the card (back) on the reader."""
        self._lift_after = None
        self._placed.set()

    @property
    def placed(self) -> bool:
        return self._placed.is_set()

    # -- life cycle -------------------------------------------------------------

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name=f"vpcd-card-{self.port}")

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def _run(self) -> None:
        """Stay connected while the card is placed; retry while vpcd is away (until stopped)."""
        loop = asyncio.get_running_loop()
        try:
            while True:
                await self._placed.wait()
                try:
                    _, link = await loop.create_connection(lambda: _Link(self), self.host, self.port)
                except OSError:
                    await asyncio.sleep(RECONNECT_DELAY_S)
                    continue
                self._link = link
                self.card.reset()
                self.connected.set()
                await link.closed
                self.connected.clear()
                self._link = None
                await asyncio.sleep(RECONNECT_DELAY_S if self._placed.is_set() else MIN_ABSENCE_S)
        finally:
            if self._link is not None and self._link.transport is not None:
                self._link.transport.close()
