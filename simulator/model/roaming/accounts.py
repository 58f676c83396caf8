"""The hub's app users, their tokens, payment methods and charging keys (RFID cards).

A user object in a request (``identifier-type``/``identifier``/``token``) is
resolved here; the result codes are the spec's 140/144/145 family.  Each user
belongs to the e-mobility provider (EMP) that registered it: an EMP's API key
finds only its own users, another EMP's are unknown to it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Collection

from .codes import Code, RoamingError
from .formats import evco_key, format_evco, normalize_uid

DETAIL_FIELDS = (
    "first-name", "last-name", "address", "billing-name", "billing-address",
    "locale", "vat", "social-security-number", "phone",
)


@dataclass
class ChargingKey:
    uid: str
    evco_id: str
    owner: "User | None" = None
    active: bool = True
    blocked: bool = False

    @property
    def usable(self) -> bool:
        return self.active and not self.blocked and self.owner is not None


@dataclass(eq=False)
class User:
    """One account; equal only to itself (usernames are unique), so it can key an index."""

    username: str
    email: str
    password: str
    evco_id: str
    language: str | None = None
    tokens: set[str] = field(default_factory=set)
    payment_methods: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=lambda: dict.fromkeys(DETAIL_FIELDS))
    keys: list[ChargingKey] = field(default_factory=list)
    emp: str | None = None
    """The partner identifier of the e-mobility provider whose user this is."""
    number: int = 0
    """Its place in registration order: where a scan of the users would meet it."""

    @property
    def can_pay(self) -> bool:
        return bool(self.payment_methods)


@dataclass(frozen=True)
class Identity:
    """Who a request's user object turned out to be, and how it proved it."""

    user: User
    identifier_type: str
    token: str | None


class Directory:
    """Users and charging keys of the hub; the rng makes tokens and EVCO IDs repeatable.

    Every lookup goes through an index that the mutating methods here keep right, so no
    request costs in proportion to the users and keys the hub holds.  Where a scan would
    have met several candidates, the index answers the one a scan meets first: the
    earliest registered user, the key whose UID came first.  Change a key's owner only
    with :meth:`give_key`."""

    def __init__(self, rng: random.Random, country: str = "DE", emp_id: str = "8PS") -> None:
        self.rng = rng
        self.country, self.emp_id = country, emp_id
        self.users: list[User] = []
        self.keys: dict[str, ChargingKey] = {}
        self._next_instance = 1
        self._by_username: dict[str, User] = {}
        self._by_email: dict[str, User] = {}
        """By lower-cased e-mail."""
        self._user_by_evco: dict[str, User] = {}
        """By canonical EVCO ID of the user's own or one of its keys (the earliest user)."""
        self._keys_by_evco: dict[str, list[ChargingKey]] = {}
        """By canonical EVCO ID: every key in :attr:`keys` that has it."""
        self._key_place: dict[str, int] = {}
        """Each UID's place in :attr:`keys` (a replaced key keeps its UID's place)."""

    # -- lookups ------------------------------------------------------------------

    def find(self, name: str, emps: Collection[str] | None = None) -> User | None:
        """By username or e-mail (case-insensitive e-mail), as user-verify and user-reset accept;
        with ``emps``, only a user of one of these e-mobility providers."""
        found = [u for u in (self._by_username.get(name), self._by_email.get(name.lower())) if u is not None]
        if not found:
            return None
        user = min(found, key=lambda u: u.number)
        return user if emps is None or user.emp in emps else None

    def by_evco(self, evco_id: str, emps: Collection[str] | None = None) -> User | None:
        """The user with this EVCO ID, its own or one of its keys'."""
        key = evco_key(evco_id)
        user = None if key is None else self._user_by_evco.get(key)
        if user is None:
            return None
        return user if emps is None or user.emp in emps else None

    def key_by_evco(self, evco_id: str) -> ChargingKey | None:
        wanted = evco_key(evco_id)
        keys = self._keys_by_evco.get(wanted or "")
        return min(keys, key=lambda k: self._key_place[k.uid]) if keys else None

    # -- creating -------------------------------------------------------------------

    def new_token(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def new_evco(self) -> str:
        instance = f"C{self._next_instance:05d}"
        self._next_instance += 1
        return format_evco(self.country, self.emp_id, instance)

    def register(self, username: str, email: str, password: str, language: str | None = None, emp: str | None = None) -> User:
        """A new user of the e-mobility provider ``emp``; e-mail and username are unique hub-wide."""
        if self.find(email) is not None or self.find(username) is not None:
            raise RoamingError(Code.EMAIL_EXISTS)
        user = User(username, email, password, self.new_evco(), language, emp=emp, number=len(self.users))
        if language is not None:
            user.details["locale"] = language
        self.users.append(user)
        self._by_username.setdefault(username, user)
        self._by_email.setdefault(email.lower(), user)
        self._index_user_evco(user.evco_id, user)
        return user

    def add_key(self, uid: str, owner: User | None, active: bool = True, evco_id: str | None = None) -> ChargingKey:
        """A new key under ``uid``; one already there leaves :attr:`keys` (not its owner's list)."""
        key = ChargingKey(uid, evco_id or self.new_evco(), None, active)
        replaced = self.keys.get(uid)
        if replaced is not None:
            self._unindex_key(replaced)
        self.keys[uid] = key
        self._key_place.setdefault(uid, len(self._key_place))
        canonical = evco_key(key.evco_id)
        if canonical is not None:
            self._keys_by_evco.setdefault(canonical, []).append(key)
        if owner is not None:
            self.give_key(key, owner)
        return key

    def _unindex_key(self, key: ChargingKey) -> None:
        canonical = evco_key(key.evco_id)
        if canonical is not None:
            self._keys_by_evco[canonical] = [k for k in self._keys_by_evco[canonical] if k is not key]

    def give_key(self, key: ChargingKey, user: User) -> None:
        """``user`` owns ``key`` from now on (a key in stock, or a new one)."""
        key.owner = user
        user.keys.append(key)
        self._index_user_evco(key.evco_id, user)

    def _index_user_evco(self, evco_id: str, user: User) -> None:
        canonical = evco_key(evco_id)
        if canonical is None:
            return
        known = self._user_by_evco.get(canonical)
        if known is None or user.number < known.number:
            self._user_by_evco[canonical] = user

    def lookup(self, user_object: dict[str, Any]) -> tuple[bool, User | None]:
        """Whose session a CDR reports, without authentication (the CPO has no token): whether
        the hub knows the identifier at all, and the user if it has one (a card in stock has none)."""
        kind, identifier = user_object["identifier-type"], user_object["identifier"]
        if kind == "evco-id":
            user = self.by_evco(identifier)
            return user is not None or self.key_by_evco(identifier) is not None, user
        if kind == "username":
            user = self.find(identifier)
            return user is not None, user
        key = self.keys.get(normalize_uid(identifier) or "")
        return key is not None, None if key is None else key.owner

    # -- authentication -------------------------------------------------------------

    def verify(self, username: str, password: str, is_token: bool, emps: Collection[str]) -> tuple[User, str]:
        """user-verify: a new token for the password, or the same token confirmed."""
        user = self.find(username, emps)
        if user is None:
            raise RoamingError(Code.EMAIL_UNKNOWN)
        if is_token:
            if password not in user.tokens:
                raise RoamingError(Code.TOKEN_INVALID)
            return user, password
        if password != user.password:
            raise RoamingError(Code.INVALID_EMAIL_OR_PASSWORD)
        token = self.new_token()
        user.tokens.add(token)
        return user, token

    def identify(self, user_object: dict[str, Any], emps: Collection[str]) -> Identity:
        """Resolve a request's user object for an API key acting for the providers ``emps``:
        another provider's user is as unknown as nobody's.  A ``username`` needs its token,
        others may carry one."""
        kind, identifier, token = user_object["identifier-type"], user_object["identifier"], user_object.get("token")
        if kind == "username":
            user = self.find(identifier, emps)
            if user is None:
                raise RoamingError(Code.EMAIL_UNKNOWN)
            if token is None:
                raise RoamingError(Code.AUTH_FAILED, "a username needs its token")
        elif kind == "evco-id":
            user = self.by_evco(identifier, emps)
            if user is None:
                raise RoamingError(Code.AUTH_FAILED, f"no user with EVCO ID {identifier!r}")
        else:
            uid = normalize_uid(identifier)
            key = self.keys.get(uid) if uid else None
            if key is None or not key.usable or key.owner is None or key.owner.emp not in emps:
                raise RoamingError(Code.AUTH_FAILED, f"no active charging key {identifier!r}")
            user = key.owner
        if token is not None and token not in user.tokens:
            raise RoamingError(Code.TOKEN_INVALID)
        return Identity(user, kind, token)

    # -- charging keys -------------------------------------------------------------

    def own_key(self, user: User, uid: str) -> ChargingKey:
        """The user's key with this UID: 191 if nobody has it, 190 if someone else does."""
        key = self.keys.get(uid)
        if key is None or key.owner is None:
            raise RoamingError(Code.EVCO_NOT_FOUND, f"no charging key {uid}")
        if key.owner is not user:
            raise RoamingError(Code.EVCO_ERROR, f"charging key {uid} belongs to another user")
        return key

    def verify_uid(self, uid: str) -> Code:
        """rfid-verify: may this card charge?"""
        key = self.keys.get(uid)
        if key is None or key.owner is None and key.active:
            return Code.EVCO_NOT_FOUND
        if key.blocked or not key.active:
            return Code.EVCO_LOCKED
        assert key.owner is not None
        return Code.SUCCESS if key.owner.can_pay else Code.EVCO_NO_PAYMENT

    def valid_uids(self) -> set[str]:
        return {uid for uid, key in self.keys.items() if key.usable and key.owner is not None and key.owner.can_pay}
