"""Can PC/SC run here?  Asked before anything imports pyscard's bindings for real."""

from __future__ import annotations

PYSCARD_MISSING = ("NFC needs the optional extra: pip install 'chargebench[nfc]' (pyscard builds from source: "
                   "apt install swig gcc python3-dev libpcsclite-dev; to run: apt install pcscd vsmartcard-vpcd)")


def pcsc_problem() -> str | None:
    """Why PC/SC cannot run here, or None if pcscd answers."""
    try:
        from smartcard.Exceptions import ListReadersException
        from smartcard.pcsc.PCSCExceptions import EstablishContextException
        from smartcard.System import readers
    except ImportError:
        return PYSCARD_MISSING
    try:
        readers()
    except (ListReadersException, EstablishContextException) as error:
        return f"pcscd is not reachable (0x{int(error.hresult) & 0xFFFFFFFF:08X})"
    return None
