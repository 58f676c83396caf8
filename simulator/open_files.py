"""Enough file descriptors for the world before it opens its ports (RLIMIT_NOFILE).

Each instrument holds a pty (two descriptors) and a TCP listening socket; an NFC
tag holds a connection to vpcd.  Without this check a big world fails half-way
through opening them, with an error that blames whichever port came next.
"""

from __future__ import annotations

import resource

FILES_PER_INSTRUMENT = 3
"""The pty's master and slave, and the instrument's TCP listening socket."""
FILES_PER_NFC_TAG = 1
FILES_FOR_THE_REST = 256
"""The HTTP port, the event loop, the adapters' connection pools and the clients' connections."""


class FileLimitError(Exception):
    """The world needs more open files than the hard limit allows."""


def files_needed(instruments: int, nfc_tags: int = 0) -> int:
    return FILES_FOR_THE_REST + FILES_PER_INSTRUMENT * instruments + FILES_PER_NFC_TAG * nfc_tags


def ensure_open_files(needed: int) -> int:
    """Raise the soft limit towards the hard one if it is below ``needed``; the limit in force.

    Raises :class:`FileLimitError` with the number needed where the hard limit is too low."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return soft
    if hard != resource.RLIM_INFINITY and hard < needed:
        raise FileLimitError(
            f"this world needs {needed} open files ({FILES_PER_INSTRUMENT} per instrument) but the limit is {hard}: "
            f"raise it (ulimit -n {needed}) or give fewer controllers an instrument")
    for target in dict.fromkeys((needed if hard == resource.RLIM_INFINITY else hard, needed)):
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            return target
        except (ValueError, OSError):
            continue
    raise FileLimitError(f"this world needs {needed} open files but the soft limit {soft} could not be raised: ulimit -n {needed}")
