"""Where the instruments listen: a pseudo-terminal each, and a TCP port for ``socket://``.

Both run on the simulator's event loop (``loop.add_reader`` on the pty master,
``asyncio.start_server`` for TCP), so an instrument touches the model from the
same thread as every API.  Before each line the adapters' outgoing traffic is
drained (``settle``), as for every HTTP request: a query after ``CARD:PRES``
sees the online authorization's answer.  See PCSC-SERIAL-NOTES.md: the slave is put in raw
mode before anything is written and kept open, else master reads fail with EIO.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tty
from dataclasses import dataclass, field
from typing import Awaitable, Callable

from ..runtime import Simulation
from .instrument import BenchInstrument, PilotTraces
from .scpi import MAX_LINE_CHARS

LineHandler = Callable[[str], "str | None"]
Settle = Callable[[], Awaitable[None]]
MAX_PENDING_BYTES = 4 * MAX_LINE_CHARS
"""Input without a newline beyond this is garbage: drop it rather than grow forever."""


class LineBuffer:
    """Bytes in, complete lines out; an endless line is cut off and discarded."""

    def __init__(self) -> None:
        self.pending = b""

    def feed(self, data: bytes) -> list[str]:
        self.pending += data
        *lines, self.pending = self.pending.split(b"\n")
        if len(self.pending) > MAX_PENDING_BYTES:
            lines.append(self.pending[: MAX_LINE_CHARS + 1])  # the interpreter refuses it as too long
            self.pending = b""
        return [line.rstrip(b"\r").decode("ascii", "replace") for line in lines]


async def _replies(handler: LineHandler, settle: Settle, buffer: LineBuffer, data: bytes) -> bytes:
    out = []
    for line in buffer.feed(data):
        await settle()
        reply = handler(line)
        if reply is not None:
            out.append(reply.encode() + b"\n")
    return b"".join(out)


@dataclass
class PtyPort:
    """A real /dev/pts/N whose other end is the instrument; one task answers its lines in order."""

    handler: LineHandler
    settle: Settle
    master: int = -1
    slave: int = -1
    path: str = ""
    buffer: LineBuffer = field(default_factory=LineBuffer)
    received: asyncio.Queue[bytes] = field(default_factory=asyncio.Queue)
    worker: asyncio.Task[None] | None = None

    def open(self, loop: asyncio.AbstractEventLoop) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        os.set_blocking(self.master, False)
        self.path = os.ttyname(self.slave)
        loop.add_reader(self.master, self._readable)
        self.worker = loop.create_task(self._answer(), name=f"instrument-pty-{self.path}")

    def _readable(self) -> None:
        try:
            data = os.read(self.master, 4096)
        except (BlockingIOError, OSError):
            return
        self.received.put_nowait(data)

    async def _answer(self) -> None:
        while True:
            data = await self.received.get()
            reply = await _replies(self.handler, self.settle, self.buffer, data)
            if reply:
                with contextlib.suppress(BlockingIOError, OSError):
                    os.write(self.master, reply)  # nobody reading: the bytes are lost, as on a wire

    async def close(self, loop: asyncio.AbstractEventLoop) -> None:
        if self.worker is not None:
            self.worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.worker
            self.worker = None
        if self.master >= 0:
            loop.remove_reader(self.master)
            os.close(self.master)
            os.close(self.slave)
            self.master = self.slave = -1


@dataclass
class TcpPort:
    """The same instrument as a raw TCP port, as a serial server (ser2net) shares one."""

    handler: LineHandler
    settle: Settle
    host: str = "127.0.0.1"
    server: asyncio.AbstractServer | None = None
    port: int = 0
    connections: dict[asyncio.StreamWriter, asyncio.Task[None]] = field(default_factory=dict)

    async def open(self) -> None:
        self.server = await asyncio.start_server(self._serve, self.host, 0)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self.connections[writer] = task
        buffer = LineBuffer()
        try:
            while data := await reader.read(4096):
                reply = await _replies(self.handler, self.settle, buffer, data)
                if reply:
                    writer.write(reply)
                    await writer.drain()
        except ConnectionError:
            pass
        finally:
            self.connections.pop(writer, None)
            writer.close()

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
            tasks = list(self.connections.values())
            for writer in list(self.connections):
                writer.close()  # the reader sees end of file and the handler returns
            await asyncio.gather(*tasks, return_exceptions=True)
            await self.server.wait_closed()
            self.server = None


@dataclass
class InstrumentPorts:
    """Every controller's instrument, reachable by pty path and by TCP address."""

    instruments: dict[str, BenchInstrument]
    ptys: dict[str, PtyPort]
    tcp: dict[str, TcpPort]
    traces: PilotTraces

    @property
    def pty_paths(self) -> dict[str, str]:
        return {cp_id: port.path for cp_id, port in self.ptys.items()}

    @property
    def tcp_addresses(self) -> dict[str, str]:
        return {cp_id: port.address for cp_id, port in self.tcp.items()}

    async def close(self) -> None:
        self.traces.close()
        loop = asyncio.get_running_loop()
        for pty in self.ptys.values():
            await pty.close(loop)
        for tcp in self.tcp.values():
            await tcp.close()


def instrumented(sim: Simulation) -> tuple[str, ...]:
    """The controllers that get a bench instrument: the world's own, not the fleet's."""
    return sim.config.instrument_ids


async def open_instruments(sim: Simulation, host: str = "127.0.0.1") -> InstrumentPorts:
    """An instrument per instrumented controller, each on a pty and a TCP port."""
    loop = asyncio.get_running_loop()
    instruments = {cp_id: BenchInstrument(sim, cp_id) for cp_id in instrumented(sim)}
    ports = InstrumentPorts(instruments, {}, {}, PilotTraces(sim, instruments))
    for cp_id, instrument in instruments.items():
        pty = PtyPort(instrument.handle, sim.drain_io)
        pty.open(loop)
        ports.ptys[cp_id] = pty
        tcp = TcpPort(instrument.handle, sim.drain_io, host)
        await tcp.open()
        ports.tcp[cp_id] = tcp
    return ports
