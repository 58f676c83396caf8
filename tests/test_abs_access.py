"""The access table (simulator/model/backoffice/access.py), cell by cell, over real HTTP.

For every operation of the ABS API and every role, a user holding only that
role sends one request naming an entry of another tenant (depot's), and the
host and hostAdmin users also one naming their own entry. What the table says
the cell grants is what must happen:

* NONE: the operation's refusal (444, or the named entry's "unknown" code), or
  a list without the entry;
* allowed but the entry is not in the cell's scope: the entry is unknown (a
  2xx code, or a list without it);
* allowed and in scope: the request reaches the entry (any other answer, or a
  list with it).

Deletes and creates act on fresh entries, so no probe depends on another.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

import pytest

from rigs.abs import AbsClient, AbsReply
from simulator.api.abs.app import OPERATIONS
from simulator.api.abs.conventions import Operation
from simulator.model.backoffice import TABLE, Caller, Role, Scope, Status
from simulator.model.backoffice.access import EVERYONE

from .abs_support import abs_server  # noqa: F401  (fixture)

PASSWORD = "access-probe-pw"
NOW = 1767592800
"""The default world's start (2026-01-05 06:00 UTC) as Unix time: the cs reports' timestamp."""
ENTRY_OF_SEGMENT = {"smartgrid": "chargingStation"}
"""``/abs/frontend/{segment}/{id}`` names an entry of this resource (else of ``segment``)."""
ITEM_OF_SEGMENT = {"command": "deviceCommand", "fileUpload": "deviceFileUpload", "message": "deviceMessage"}
HARMLESS = {"userRole": {"role": "user"}, "deviceCommand": {"command": "CLEAR_CURRENT"}, "deviceFileUpload": {"fileType": "DIAGNOSTICS"}}
"""Parameters of operations on a named entry that change nothing that matters here."""
ROLE_USERS = {role: f"only-{role}" for role in Role}

counter = itertools.count(1)


def fresh(prefix: str) -> str:
    return f"{prefix}-{next(counter)}"


@dataclass
class Tenant:
    """The entries a probe names: one of each kind, owned by ``owner`` where ownership applies."""

    owner: str
    client: AbsClient
    ids: dict[str, int] = field(default_factory=dict)
    serial: str = ""


def ok(reply: AbsReply, path: str = "") -> dict[str, Any]:
    assert reply.status_code == "100", f"{path}: {reply.body}"
    body: dict[str, Any] = reply.body
    return body


def login(base_url: str, username: str, password: str) -> AbsClient:
    client = AbsClient(base_url)
    ok(client.login(username, password), f"login {username}")
    return client


class World:
    """The probes' world: a user per role, depot's entries, and own entries for the hosts."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.admin = login(base_url, "admin", "abs-admin-pw")
        self.depot = login(base_url, "depot", "abs-depot-pw")
        self.cs = login(base_url, "cs", "abs-cs-pw")
        self.user_ids: dict[Role, int] = {}
        for role, name in ROLE_USERS.items():
            user = ok(self.admin.call("POST", "/abs/frontend/user", {"username": name, "password": PASSWORD}))["user"]
            self.user_ids[role] = user["id"]
            self.grant(role, role, True)
        self.clients = {role: login(base_url, name, PASSWORD) for role, name in ROLE_USERS.items()}
        # two controllers change hands, so that each host tenant has a charging unit that takes commands
        for device_id in (3, 4):
            ok(self.admin.call("PUT", f"/abs/frontend/device/{device_id}", {"controllerId": ""}))
        self.foreign = self._depot_tenant()
        self.grant(Role.HOST, Role.HOST_ADMIN, True)
        self.own = {
            Role.HOST_ADMIN: self._own_tenant(Role.HOST_ADMIN, "CP-3"),
            Role.HOST: self._own_tenant(Role.HOST, "CP-4"),
        }
        self.grant(Role.HOST, Role.HOST_ADMIN, False)

    def grant(self, holder: Role, role: Role, granted: bool) -> None:
        ok(self.admin.call("POST" if granted else "DELETE", f"/abs/frontend/user/{self.user_ids[holder]}/role", {"role": str(role)}))

    def _shared(self, tenant: Tenant, token: str) -> None:
        """Entries no tenant owns (drivers, users): the same in every tenant's set."""
        admin = self.admin
        account = ok(admin.call("POST", "/abs/frontend/account", {"name": fresh("account")}))["account"]["id"]
        driver = ok(admin.call("POST", "/abs/frontend/evDriver", {"username": fresh("driver"), "email": fresh("d") + "@example.org",
                                                                  "accountId": str(account)}))["evDriver"]["id"]
        ok(admin.call("POST", f"/abs/frontend/evDriver/{driver}/activation"))
        rfid = ok(admin.call("POST", "/abs/frontend/rfid", {"tokenString": token, "evDriverId": str(driver)}))["rfid"]["id"]
        vehicle = ok(admin.call("POST", "/abs/frontend/vehicle", {"brandName": "Probe", "modelName": fresh("model")}))["vehicle"]["id"]
        user = ok(admin.call("POST", "/abs/frontend/user", {"username": fresh("user"), "password": PASSWORD}))["user"]["id"]
        tenant.ids.update(account=account, evDriver=driver, evDriverActivation=driver, rfid=rfid, vehicle=vehicle, user=user)

    def _report(self, tenant: Tenant, token: str) -> None:
        """What the tenant's socket reports: a session, a failure (an alert) and device messages."""
        socket = tenant.ids["socket"]
        session = ok(self.cs.call("POST", "/abs/cs/session", {"socketId": str(socket), "rfid": token, "timestamp": str(NOW)}))
        tenant.ids["session"] = session["sessionId"]
        tenant.ids["alert"] = self.new_alert(socket)
        unit = tenant.ids["device"]
        tenant.ids["deviceMessage"] = ok(tenant.client.call("GET", f"/abs/frontend/device/{unit}/message"))["messages"][0]["id"]

    def new_alert(self, socket: int) -> int:
        ok(self.cs.call("PUT", "/abs/cs/socket", {"socketId": str(socket), "status": "FAILURE"}))
        ok(self.cs.call("PUT", "/abs/cs/socket", {"socketId": str(socket), "status": "AVAILABLE"}))
        alerts = ok(self.admin.call("GET", "/abs/frontend/alert"))["alerts"]
        return max(a["id"] for a in alerts if a["message"].startswith(f"socket {socket} "))

    def _commands(self, tenant: Tenant) -> None:
        unit, client = tenant.ids["device"], tenant.client
        tenant.ids["deviceCommand"] = ok(client.call("POST", f"/abs/frontend/device/{unit}/command",
                                                     {"command": "SET_CURRENT", "current": "16"}))["command"]["id"]
        tenant.ids["deviceFileUpload"] = ok(client.call("POST", f"/abs/frontend/device/{unit}/fileUpload",
                                                        {"fileType": "DIAGNOSTICS"}))["fileUpload"]["id"]
        rule = {"categories": "SMARTGRID", "protocol": "EMAIL", "target": "ops@example.org", "chargingStationId": str(tenant.ids["chargingStation"])}
        tenant.ids["notificationRule"] = ok(client.call("POST", "/abs/frontend/notificationRule", rule))["notificationRule"]["id"]
        tenant.ids["notificationDelivery"] = tenant.ids["notificationRule"]

    def _depot_tenant(self) -> Tenant:
        tenant = Tenant("depot", self.depot, {"zone": 1, "chargingStation": 1, "smartgrid": 1, "device": 1, "socket": 1, "pricingPolicy": 1})
        tenant.serial = ok(self.depot.call("GET", "/abs/frontend/device/1"))["device"]["serialNumber"]
        self._shared(tenant, "0400DEF0000001")
        self._report(tenant, "0400DEF0000001")
        self._commands(tenant)
        evadmin = self.clients[Role.EV_ADMIN]
        reservation = ok(evadmin.call("POST", "/abs/frontend/reservation", {"socketId": "4", "evDriverId": "2", "durationSeconds": "3600"}))
        tenant.ids["reservation"] = reservation["reservation"]["id"]
        return tenant

    def _own_tenant(self, role: Role, controller: str) -> Tenant:
        client = self.clients[role]
        tenant = Tenant(ROLE_USERS[role], client)
        ids = tenant.ids
        ids["zone"] = ok(client.call("POST", "/abs/frontend/zone", {"name": fresh("zone")}))["zone"]["id"]
        ids["pricingPolicy"] = ok(client.call("POST", "/abs/frontend/pricingPolicy", {"name": fresh("policy")}))["pricingPolicy"]["id"]
        ids["chargingStation"] = ids["smartgrid"] = ok(client.call("POST", "/abs/frontend/chargingStation", {
            "name": fresh("station"), "zoneId": str(ids["zone"]), "pricingPolicyId": str(ids["pricingPolicy"])}))["chargingStation"]["id"]
        tenant.serial = fresh("serial")
        ids["device"] = ok(client.call("POST", "/abs/frontend/device", {
            "deviceType": "CHARGING_UNIT", "chargingStationId": str(ids["chargingStation"]), "serialNumber": tenant.serial,
            "controllerId": controller}))["device"]["id"]
        ids["socket"] = ok(client.call("POST", "/abs/frontend/socket", {
            "chargingStationId": str(ids["chargingStation"]), "chargingUnitId": str(ids["device"]), "deviceRank": "1"}))["socket"]["id"]
        token = "0400" + format(next(counter), "010X")
        self._shared(tenant, token)
        self._report(tenant, token)
        self._commands(tenant)
        ids["reservation"] = self.foreign.ids["reservation"]
        return tenant

    # -- fresh entries for creates and deletes ---------------------------------------------

    def create_params(self, resource: str, tenant: Tenant) -> dict[str, str]:
        """Parameters creating one more ``resource`` under the tenant's entries."""
        ids = {k: str(v) for k, v in tenant.ids.items()}
        return {
            "zone": {"name": fresh("zone")},
            "chargingStation": {"name": fresh("station"), "zoneId": ids["zone"]},
            "device": {"deviceType": "CONSOLE", "chargingStationId": ids["chargingStation"], "serialNumber": fresh("serial")},
            "pricingPolicy": {"name": fresh("policy")},
            "notificationRule": {"categories": "SMARTGRID", "protocol": "EMAIL", "target": "ops@example.org",
                                 "chargingStationId": ids["chargingStation"]},
            "account": {"name": fresh("account")},
            "evDriver": {"username": fresh("driver"), "email": fresh("e") + "@example.org"},
            "rfid": {"tokenString": fresh("TOKEN")},
            "vehicle": {"brandName": "Probe", "modelName": fresh("model")},
            "user": {"username": fresh("user"), "password": PASSWORD},
        }[resource]

    def create_socket_params(self, tenant: Tenant) -> dict[str, str]:
        unit = ok(self.admin.call("POST", "/abs/frontend/device", {
            "deviceType": "CHARGING_UNIT", "chargingStationId": str(tenant.ids["chargingStation"]), "serialNumber": fresh("unit")}))
        return {"chargingStationId": str(tenant.ids["chargingStation"]), "chargingUnitId": str(unit["device"]["id"]), "deviceRank": "1"}

    def fresh_entry(self, resource: str, tenant: Tenant) -> int:
        """A new entry of ``resource`` owned by the tenant, for a probe that deletes it: admin
        creates it under the tenant's entries (an entry belongs to its parent's tenant), the
        tenant itself what has no parent (zone, pricing policy)."""
        if resource == "alert":
            return self.new_alert(tenant.ids["socket"])
        parentless = resource in ("zone", "pricingPolicy")
        host = parentless and tenant.owner == ROLE_USERS[Role.HOST]
        if host:
            self.grant(Role.HOST, Role.HOST_ADMIN, True)
        client = tenant.client if parentless else self.admin
        params = self.create_socket_params(tenant) if resource == "socket" else self.create_params(resource, tenant)
        entry = ok(client.call("POST", f"/abs/frontend/{resource}", params), resource)[resource]["id"]
        if host:
            self.grant(Role.HOST, Role.HOST_ADMIN, False)
        return int(entry)


@dataclass(frozen=True)
class Probe:
    method: str
    path: str
    query: dict[str, str]
    target: int | None
    """The entry the request names or a list must show; None when the operation names none."""
    listing: str | None = None


def resource_of(op: Operation) -> str:
    """The resource whose entry ``{id}`` names."""
    segment = op.path.split("/")[3]
    return ENTRY_OF_SEGMENT.get(segment, segment)


def probe_for(world: World, op: Operation, tenant: Tenant) -> Probe:
    ids = tenant.ids
    path, query, target, listing = op.path, {}, None, None
    if "{id}" in path:
        kind = resource_of(op)
        target = world.fresh_entry(kind, tenant) if op.method == "DELETE" and op.resource == kind else ids[kind]
        path = path.replace("{id}", str(target))
    if "{itemId}" in path:
        path = path.replace("{itemId}", str(ids[ITEM_OF_SEGMENT[op.path.split("/")[5]]]))
    if "{serialNumber}" in path:
        path, target = path.replace("{serialNumber}", tenant.serial), ids["device"]
    if op.method == "GET" and not op.path_names and op.tag != "cs":
        listing = {"session": "sessions", "reservation": "reservations", "role": "roles"}.get(op.resource, op.resource + "s")
        target = ids.get(op.resource)
    elif op.resource == "socketActivation":
        target = ids["socket"]
        query = {"socketId": str(target)} | ({"tokenString": "04C0FFEE000001"} if op.method == "POST" else {})
    elif op.resource == "reservation" and op.method == "DELETE":
        query, target = {"socketId": str(ids["socket"])}, ids["socket"]
    elif op.resource == "reservation" and op.method == "POST":
        query = {"socketId": str(ids["socket"]), "evDriverId": str(ids["evDriver"]), "durationSeconds": "1"}
    elif op.method == "POST" and not op.path_names and op.tag == "frontend":
        params = world.create_socket_params(tenant) if op.resource == "socket" else world.create_params(op.resource, tenant)
        query = params
        parents = [k for k in ("zoneId", "chargingStationId") if k in params]
        target = int(params[parents[0]]) if parents else None
    elif op.path_names and op.method == "POST":
        query = HARMLESS.get(op.resource, {})
    return Probe(op.method, path, query, target, listing)


def owner_of(tenant: Tenant, op: Operation) -> str:
    """Who owns what the probe names; entries of resources no tenant owns are everyone's."""
    if op.resource in ("account", "evDriver", "evDriverActivation", "rfid", "vehicle", "user", "userRole", "reservation"):
        return "nobody in particular"
    return tenant.owner


def outcome(probe: Probe, op: Operation, reply: AbsReply) -> str:
    """REFUSED (the operation's refusal), HIDDEN (the entry is unknown) or REACHED."""
    code = reply.status_code or ""
    if probe.listing is not None and code == "100":
        if probe.target is None:
            return "REACHED" if reply.body[probe.listing] else "HIDDEN"
        listed = [e["id"] if isinstance(e, dict) else e for e in reply.body[probe.listing]]
        return "REACHED" if probe.target in listed else "HIDDEN"
    if op.refusal is not None and code == str(int(op.refusal)):
        return "REFUSED" if op.refusal is Status.AUTHENTICATION_FAILED or probe.target is None else "HIDDEN"
    if re.fullmatch(r"2\d\d", code):
        return "HIDDEN"
    return "REACHED"


def expected(op: Operation, role: Role, owner: str, probe: Probe) -> str:
    access = Caller(ROLE_USERS[role], frozenset({role})).access(op.resource, op.method)
    if not access.allowed:
        return "REFUSED" if op.refusal is Status.AUTHENTICATION_FAILED else "HIDDEN"
    if probe.target is None:
        return "REACHED"
    if op.path.endswith("/own"):
        return "REACHED" if owner == ROLE_USERS[role] else "HIDDEN"
    return "REACHED" if access.scope is Scope.ALL or access.sees(owner) or owner == "nobody in particular" else "HIDDEN"


PROBED = [op for op in OPERATIONS if op.authenticated and op.path != "/abs/authentication"]


@pytest.fixture(scope="module")
def world(abs_server: str) -> Iterator[World]:  # noqa: F811
    built = World(abs_server)
    yield built
    for client in (built.admin, built.depot, built.cs, *built.clients.values()):
        client.close()


def test_every_operation_has_a_cell_and_every_cell_an_operation() -> None:
    cells = {(op.resource, op.method) for op in OPERATIONS if op.authenticated}
    table = {(resource, method) for resource, row in TABLE.items() for method in row}
    assert cells == table


def test_a_refused_operation_on_a_named_entry_says_the_entry_is_unknown() -> None:
    """The refusal of an operation on ``/{id}`` is the first code it lists: the named entry's 2xx."""
    for op in PROBED:
        if op.path_names and op.tag != "cs":
            assert op.refusal is not None and 200 < int(op.refusal) < 300 and op.refusal.name.startswith("UNKNOWN_"), (op.method, op.path)


def test_the_table_follows_the_roles_of_spec_000() -> None:
    """user: nothing but its own session and the role names; cs: the station interface and
    nothing else; host: reads only; host and hostAdmin: only their tenant's entries; admin:
    every entry of every resource but the station interface."""
    for resource, row in TABLE.items():
        for method, grants in row.items():
            if resource in ("authentication", "role"):
                assert grants == EVERYONE, resource
                continue
            assert Role.USER not in grants, (resource, method)
            if resource.startswith("cs"):
                assert set(grants) == {Role.CS}, (resource, method)
                continue
            assert Role.CS not in grants and grants[Role.ADMIN] is Scope.ALL, (resource, method)
            assert grants.get(Role.HOST, Scope.OWN) is Scope.OWN and grants.get(Role.HOST_ADMIN, Scope.OWN) is Scope.OWN
            if method != "GET":
                assert Role.HOST not in grants, (resource, method)


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_every_cell_of_the_table_is_enforced(world: World, role: Role) -> None:
    client = world.clients[role]
    tenants = [world.foreign] + ([world.own[role]] if role in world.own else [])
    wrong: list[str] = []
    seen: set[tuple[str, str]] = set()
    for op in PROBED:
        for tenant in tenants:
            probe = probe_for(world, op, tenant)
            reply = client.call(probe.method, probe.path, probe.query)
            got, want = outcome(probe, op, reply), expected(op, role, owner_of(tenant, op), probe)
            seen.add((op.resource, op.method))
            if got != want:
                wrong.append(f"{role} {probe.method} {probe.path} {probe.query} on {tenant.owner}'s: {want} expected, got {got}: {reply.body}")
    logout = client.call("DELETE", "/abs/authentication")
    assert logout.status_code == "100", logout.body
    world.clients[role] = login(world.base_url, ROLE_USERS[role], PASSWORD)
    seen.add(("authentication", "DELETE"))
    assert wrong == []
    assert seen == {(resource, method) for resource, row in TABLE.items() for method in row}
