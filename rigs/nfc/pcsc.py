"""A PC/SC reader through pcscd (pyscard): wait for a card, exchange APDUs, keep a trace.

Every PC/SC failure becomes one of the exceptions below, named for what a bench
operator must fix; every APDU is kept in :attr:`PcscLink.trace` as evidence.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cache
from types import SimpleNamespace
from typing import Any

from ..controller.transport import TransportError
from .probe import PYSCARD_MISSING

SCARD_E_NO_SERVICE = 0x8010001D
SCARD_E_SERVICE_STOPPED = 0x8010001E
CARD_GONE = frozenset({0x80100069, 0x80100016, 0x8010000C, 0x80100017, 0x80100068})
"""Removed, not transacted, no smart card, reader unavailable, reset: the card left."""


class NfcError(TransportError):
    """The NFC link failed; subclasses say why."""


class PcscUnavailable(NfcError):
    """pcscd is not running (or pyscard cannot reach it)."""


class PcscRestarted(NfcError):
    """pcscd went away under an open link; a new link gets a new context."""


class ReaderNotFound(NfcError):
    pass


class NoCard(NfcError):
    """Nothing answered on the reader within the timeout."""


class CardRemoved(NfcError):
    """The card left the reader during an exchange."""


@cache
def _pyscard() -> SimpleNamespace:
    """pyscard's pieces, imported on first use: NFC is the optional extra ``chargebench[nfc]``."""
    try:
        from smartcard.CardRequest import CardRequest
        from smartcard.CardType import AnyCardType
        from smartcard.Exceptions import (CardConnectionException, CardRequestTimeoutException, ListReadersException,
                                          NoCardException)
        from smartcard.pcsc.PCSCExceptions import EstablishContextException
        from smartcard.System import readers
    except ImportError:
        raise PcscUnavailable(PYSCARD_MISSING) from None
    return SimpleNamespace(
        CardRequest=CardRequest, AnyCardType=AnyCardType, CardConnectionException=CardConnectionException,
        CardRequestTimeoutException=CardRequestTimeoutException, ListReadersException=ListReadersException,
        NoCardException=NoCardException, EstablishContextException=EstablishContextException, readers=readers,
    )


def _hresult(error: BaseException) -> int:
    return int(getattr(error, "hresult", -1)) & 0xFFFFFFFF


@dataclass
class ApduRecord:
    """One command and its response, as hex, with when (s since the link opened) and how long."""

    at: float
    command: str
    response: str
    seconds: float

    def line(self) -> str:
        return f"{self.at * 1000:10.3f} ms  >> {self.command}\n{'':13} << {self.response}  ({self.seconds * 1000:.3f} ms)"


@dataclass
class PcscLink:
    """One reader, found by name; connects lazily, waiting for the card with ``CardRequest``."""

    reader: str
    timeout: float = 5.0
    trace: list[ApduRecord] = field(default_factory=list)
    _service: Any = None
    """The ``CardService`` of the card; its destructor would disconnect, so it is kept."""
    _opened: float = field(default_factory=time.perf_counter)

    def _find_reader(self) -> Any:
        sc = _pyscard()
        try:
            found = sc.readers()
        except (sc.ListReadersException, sc.EstablishContextException) as error:
            raise self._error(error, "listing readers") from None
        for reader in found:
            if str(reader) == self.reader:
                return reader
        names = ", ".join(map(str, found)) or "none"
        raise ReaderNotFound(f"no PC/SC reader named {self.reader!r}; readers: {names}")

    def connect(self) -> None:
        reader = self._find_reader()
        sc = _pyscard()
        try:
            service = sc.CardRequest(timeout=self.timeout, cardType=sc.AnyCardType(), readers=[reader]).waitforcard()
            service.connection.connect()
        except sc.CardRequestTimeoutException:
            raise NoCard(f"no card on {self.reader!r} within {self.timeout:g} s") from None
        except (sc.NoCardException, sc.CardConnectionException, sc.EstablishContextException) as error:
            raise self._error(error, "connecting") from None
        self._service = service

    @property
    def connected(self) -> bool:
        return self._service is not None

    def transmit(self, command: bytes) -> bytes:
        """Response data and SW1 SW2, as one byte string."""
        if self._service is None:
            self.connect()
        started = time.perf_counter()
        try:
            data, sw1, sw2 = self._service.connection.transmit(list(command))
        except _pyscard().CardConnectionException as error:
            self.trace.append(ApduRecord(started - self._opened, command.hex().upper(), f"error: {error}", time.perf_counter() - started))
            failure = self._error(error, "exchanging an APDU")
            self.close()
            raise failure from None
        response = bytes(data) + bytes((sw1, sw2))
        self.trace.append(ApduRecord(started - self._opened, command.hex().upper(), response.hex().upper(), time.perf_counter() - started))
        return response

    def _error(self, error: BaseException, doing: str) -> NfcError:
        code = _hresult(error)
        if code in (SCARD_E_NO_SERVICE, SCARD_E_SERVICE_STOPPED):
            if self._service is not None:
                return PcscRestarted(f"pcscd went away while {doing} on {self.reader!r} (0x{code:08X}): open a new link")
            return PcscUnavailable(f"pcscd is not running: cannot reach PC/SC while {doing} (0x{code:08X})")
        if code in CARD_GONE or code == 0:  # 0: pcscd got no response at all, the card went silent
            return CardRemoved(f"the card left {self.reader!r} while {doing} (0x{code:08X})")
        return NfcError(f"PC/SC error while {doing} on {self.reader!r}: {error}")

    def close(self) -> None:
        service, self._service = self._service, None
        if service is not None:
            try:
                service.connection.disconnect()
                service.connection.release()
            except _pyscard().CardConnectionException:  # the card or pcscd is gone: its handles died with it
                _forget_handles(service.connection)


def _forget_handles(connection: Any) -> None:
    """Mark pyscard's dead handles as released: its destructors would release them again and raise."""
    while hasattr(connection, "component"):
        connection = connection.component
    connection.hcard = None
    connection.hcontext = None
