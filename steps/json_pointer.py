"""One way for a step to point into a JSON answer: JSON Pointer (RFC 6901).

``/sessions/0/totalPrice``, ``/user/charging-keys/0/uid``: a slash before every
key or list index, keys as the answer spells them (dashes and all).  A pointer
that finds nothing fails the step with what is there instead.
"""

from __future__ import annotations

import json
from typing import Any

from jsonpointer import JsonPointer, JsonPointerException

EXAMPLE = "/sessions/0/totalPrice"


def at(body: Any, pointer: str) -> Any:
    """The value ``pointer`` names in ``body``; an AssertionError that shows the answer if there is none."""
    try:
        return JsonPointer(pointer).resolve(body)
    except JsonPointerException as error:
        shown = json.dumps(body, default=str)
        raise AssertionError(f"JSON pointer {pointer!r}: {error} (a pointer looks like {EXAMPLE!r}); the answer: {shown[:400]}") from None
