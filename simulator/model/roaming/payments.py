"""The hub's payment provider: it adds payment means to accounts, unless it is down.

The simulated provider completes at once; sim-control can take it down for the
next few requests (``POST /sim/roaming/outage {"endpoint": "payment"}``), which
the hub answers 800 (payment system error), storing nothing.
"""

from __future__ import annotations

from .accounts import User
from .codes import Code, RoamingError


class PaymentProvider:
    def __init__(self) -> None:
        self.failing = 0
        """How many of the next requests fail."""

    def fail_next(self, requests: int) -> None:
        self.failing = requests

    def add(self, user: User, method: str) -> None:
        if self.failing > 0:
            self.failing -= 1
            raise RoamingError(Code.PAYMENT_SYSTEM_ERROR, "the payment provider is not available, try again later")
        user.payment_methods.append(method)
