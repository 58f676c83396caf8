"""The roaming hub's state: partners and their keys, users, stations, sessions, whitelists.

One hub per world, rebuilt on reset.  Calls are answered by the OIOI API layer
(``simulator/api/oioi/hub``); this class holds what they read and change.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import simpy

from .accounts import Directory, User
from .codes import Code, RoamingError
from .config import ApiKey, Partner, RoamingConfig
from .formats import PARTNER_IDENTIFIER_MIN, at, format_time, normalize_uid
from .payments import PaymentProvider
from .sessions import SessionBook
from .stations import StationRegistry


@dataclass(frozen=True)
class PasswordReset:
    """A user-reset the hub accepted: the e-mail it would send."""

    email: str
    time: float


class RoamingHub:
    def __init__(self, config: RoamingConfig, env: simpy.Environment, epoch: datetime, rng: random.Random) -> None:
        self.config = config
        self.env = env
        self.epoch = epoch
        self.directory = Directory(rng, config.country, config.emp_id)
        self.stations = StationRegistry()
        self.sessions = SessionBook()
        self.keys = {k.key: k for k in config.keys}
        self.partners = {p.identifier: p for p in config.partners}
        self.companies = {int(c["id"]): c for c in config.companies}
        self.vehicles = list(config.vehicles)
        self.whitelists: dict[str, set[str]] = {}
        """Each e-mobility provider's offline whitelist (rfid-post); change it only with :meth:`post_whitelist`."""
        self._listing: dict[str, int] = {}
        """How many of :attr:`whitelists` list each UID, so a check need not ask every list."""
        self.resets: list[PasswordReset] = []
        self.payments = PaymentProvider()
        self._seed_accounts()

    def _seed_accounts(self) -> None:
        for stock in self.config.stock:
            self.directory.add_key(stock.uid, None, stock.active, stock.evco_id)
        for test_user in self.config.users:
            user = self.directory.register(test_user.username, test_user.email, test_user.password, emp=test_user.emp)
            user.payment_methods.extend(test_user.payment)
            for uid in test_user.keys:
                self.directory.add_key(uid, user)

    # -- time ---------------------------------------------------------------------

    @property
    def now(self) -> float:
        return float(self.env.now)

    def moment(self, sim_seconds: float | None = None) -> datetime:
        return at(self.epoch, self.now if sim_seconds is None else sim_seconds)

    def timestamp(self, sim_seconds: float | None = None) -> str:
        return format_time(self.moment(sim_seconds))

    # -- partners -------------------------------------------------------------------

    def partner_for(self, key: ApiKey, identifier: str) -> Partner:
        """211 unless the identifier is long enough, known, and one the key may act for."""
        partner = self.partners.get(identifier)
        if len(identifier) < PARTNER_IDENTIFIER_MIN or partner is None or identifier not in key.partners:
            raise RoamingError(Code.INVALID_PARTNER, f"partner identifier {identifier[:40]!r} is not one of this API key's")
        return partner

    def company_type(self, company_id: int | None) -> str | None:
        company = self.companies.get(company_id) if company_id is not None else None
        return None if company is None else company.get("type")

    # -- RFID authorization ------------------------------------------------------------

    def post_whitelist(self, partner: Partner, uids: list[str]) -> int:
        """rfid-post: the complete list replaces the partner's previous one; returns how many are new."""
        fresh = set(uids)
        previous = self.whitelists.get(partner.identifier, set())
        self.whitelists[partner.identifier] = fresh
        for uid in previous - fresh:
            self._listing[uid] -= 1
            if not self._listing[uid]:
                del self._listing[uid]
        for uid in fresh - previous:
            self._listing[uid] = self._listing.get(uid, 0) + 1
        return len(fresh - previous)

    def whitelisted(self, uid: str) -> bool:
        """Does any e-mobility provider's offline whitelist hold this card?"""
        return uid in self._listing

    def verify_rfid(self, uid: str) -> Code:
        """rfid-verify: a card an e-mobility provider whitelisted, or a charging key of a user."""
        if self.whitelisted(uid):
            return Code.SUCCESS
        return self.directory.verify_uid(uid)

    def cdr_user(self, user_object: dict[str, Any]) -> User | None:
        """Whose session a CDR reports: 191 (144 for a username) if the hub knows no such
        customer; a card only an e-mobility provider's whitelist holds has no user here."""
        known, user = self.directory.lookup(user_object)
        if known:
            return user
        if user_object["identifier-type"] == "rfid" and self.whitelisted(normalize_uid(user_object["identifier"]) or ""):
            return None
        code = Code.EMAIL_UNKNOWN if user_object["identifier-type"] == "username" else Code.EVCO_NOT_FOUND
        raise RoamingError(code, f"no customer {str(user_object['identifier'])[:60]!r} at this hub")

    def offline_whitelist(self) -> list[str]:
        """What the hub pushes to CPOs for offline authorization."""
        union = self.directory.valid_uids().union(*self.whitelists.values())
        return sorted(union)
