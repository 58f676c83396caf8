"""The ``[roaming]`` section of a world file: API keys, partners, test accounts, catalogue data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ApiKey:
    key: str
    role: str
    """``emp`` (an app maker or e-mobility provider) or ``cpo``."""
    partners: tuple[str, ...] = ()
    """Partner identifiers this key may act for."""


@dataclass(frozen=True)
class Partner:
    identifier: str
    name: str
    company_id: int | None = None
    endpoint: str | None = None
    """Where the hub sends this partner's calls (session-start, rfid-post); ``self`` is the
    simulator's own CPO endpoint."""
    key: str | None = None
    """The API key the hub presents to that endpoint."""


@dataclass(frozen=True)
class TestUser:
    username: str
    email: str
    password: str
    payment: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    emp: str | None = None
    """The partner identifier of the e-mobility provider whose user this is (``emp`` in the
    world file; by default the first partner of the first ``emp`` key)."""


@dataclass(frozen=True)
class StockKey:
    """A card the hub knows but nobody owns yet (or blocked/inactive ones)."""

    uid: str
    evco_id: str | None = None
    active: bool = True


@dataclass(frozen=True)
class CpoConfig:
    """The simulated back office's roaming connection."""

    partner: str
    key: str
    """The CPO's API key at the hub."""
    inbound_key: str
    """The key the hub must present to the CPO endpoint."""
    hub_partner: str
    """The partner identifier the hub sends its rfid-post lists under."""
    hub: str = "self"
    cpo_id: str = "DE*CBS"
    station_id: str = "chargebench-depot"
    name: str = "Depot"
    latitude: float = 52.52
    longitude: float = 13.40
    address: dict[str, str] = field(default_factory=dict)
    phone: str = "+49 30 0000000"
    connector: str = "Type2"
    speed_kw: float = 22.0
    cdr_at_start: bool = False


@dataclass(frozen=True)
class RoamingConfig:
    identifier: str = "chargebench-oioi-hub-0001"
    """The hub's own partner identifier, sent with the whitelists it pushes to CPOs."""
    country: str = "DE"
    emp_id: str = "8PS"
    keys: tuple[ApiKey, ...] = ()
    partners: tuple[Partner, ...] = ()
    users: tuple[TestUser, ...] = ()
    stock: tuple[StockKey, ...] = ()
    companies: tuple[dict[str, Any], ...] = ()
    vehicles: tuple[dict[str, Any], ...] = ()
    cpo: CpoConfig | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RoamingConfig":
        def under(name: str) -> list[dict[str, Any]]:
            return list(data.get(name, []))

        cpo = data.get("cpo")
        first_emp = next((k["partners"][0] for k in under("keys") if k["role"] == "emp" and k.get("partners")), None)
        return cls(
            identifier=data.get("identifier", "chargebench-oioi-hub-0001"),
            country=data.get("country", "DE"),
            emp_id=data.get("emp-id", "8PS"),
            keys=tuple(ApiKey(k["key"], k["role"], tuple(k.get("partners", ()))) for k in under("keys")),
            partners=tuple(
                Partner(p["identifier"], p["name"], p.get("company-id"), p.get("endpoint"), p.get("key")) for p in under("partners")
            ),
            users=tuple(
                TestUser(u["username"], u["email"], u["password"], tuple(u.get("payment", ())), tuple(u.get("keys", ())),
                         u.get("emp", first_emp))
                for u in under("users")
            ),
            stock=tuple(StockKey(s["uid"], s.get("evco-id"), s.get("active", True)) for s in under("stock")),
            companies=tuple(under("companies")),
            vehicles=tuple(under("vehicles")),
            cpo=None if cpo is None else CpoConfig(**{k.replace("-", "_"): v for k, v in cpo.items()}),
        )
