"""The controller's NFC tag through a PC/SC reader: the harness plays the phone."""

from .pcsc import ApduRecord, CardRemoved, NfcError, NoCard, PcscLink, PcscRestarted, PcscUnavailable, ReaderNotFound
from .transport import NfcTransport
from .type4 import MessageTooLarge, NotAType4Tag, TagRefused, Type4Reader

__all__ = [
    "ApduRecord", "CardRemoved", "MessageTooLarge", "NfcError", "NfcTransport", "NoCard", "NotAType4Tag",
    "PcscLink", "PcscRestarted", "PcscUnavailable", "ReaderNotFound", "TagRefused", "Type4Reader",
]
