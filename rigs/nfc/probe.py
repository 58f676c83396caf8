"""Can PC/SC run here?  Asked before anything imports pyscard's bindings for real."""

from __future__ import annotations


def pcsc_problem() -> str | None:
    """Why PC/SC cannot run here, or None if pcscd answers."""
    try:
        from smartcard.Exceptions import ListReadersException
        from smartcard.pcsc.PCSCExceptions import EstablishContextException
        from smartcard.System import readers
    except ImportError as error:
        return f"pyscard is not importable: {error}"
    try:
        readers()
    except (ListReadersException, EstablishContextException) as error:
        return f"pcscd is not reachable (0x{int(error.hresult) & 0xFFFFFFFF:08X})"
    return None
