"""The ABS back office of the simulated world: one object holding all of its state.

Pure model: the API layer parses requests and calls these methods; adapters
deliver notifications and carry the stations' reports over real HTTP.
"""

from __future__ import annotations

import random
from datetime import datetime, timezone
from typing import Any, Mapping

import simpy

from ..calendar import Calendar
from ..controller import Controller
from ..events import EventLog
from .access import SYSTEM, Access, Caller, Role, Scope
from .authentication import Sessions, hash_password
from .catalogue import RESOURCES, Resource
from .charging import ChargingDesk
from .crud import Records
from .devices import DeviceDesk
from .fields import Kind
from .notifications import Notifier
from .registry import Entry, Registry
from .status import AbsError, Status

UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
SEED_ORDER = ("user", "zone", "pricingPolicy", "chargingStation", "device", "socket", "account", "evDriver", "rfid", "vehicle", "notificationRule")


class BackOffice:
    def __init__(self, config: Mapping[str, Any], env: simpy.Environment, calendar: Calendar,
                 controllers: Mapping[str, Controller], rng: random.Random, events: EventLog) -> None:
        self.env = env
        self.controllers = controllers
        self._unix_offset = -calendar.seconds_at(UNIX_EPOCH)
        self.registry = Registry()
        self.records = Records(self.registry, frozenset(controllers), hash_password)
        self.sessions = Sessions(self.registry["user"], rng)
        self.notifier = Notifier(self.registry, env, self.unix_now)
        self.charging = ChargingDesk(self.registry, self.notifier, env, self.unix_now, controllers, events, self.raise_alert)
        self.devices = DeviceDesk(controllers, self.unix_now)
        self.alerts = self.registry["alert"]
        self._seed(config)

    def unix_now(self) -> int:
        return int(self._unix_offset + self.env.now)

    # -- generic resources -------------------------------------------------------------

    def create(self, access: Access, resource: Resource, values: dict[str, Any]) -> Entry:
        entry = self.records.create(access, resource, values)
        entry.extra.setdefault("created", self.unix_now())
        return entry

    def update(self, access: Access, resource: Resource, entry_id: int, values: dict[str, Any]) -> Entry:
        before = self.registry[resource.name].get(entry_id)
        was_networked, old_balance = bool(before and before["networked"]), before["balance"] if before else None
        entry = self.records.update(access, resource, entry_id, values)
        if resource.name == "account" and entry["balance"] != old_balance:
            self.charging.announce_balance(entry, round(entry["balance"] - old_balance, 2), changedBy=access.username)
        if resource.name == "device" and was_networked != bool(entry["networked"]):
            status = "AVAILABLE" if entry["networked"] else "UNAVAILABLE"
            self.notifier.publish("network.status", entry["chargingStationId"], {"deviceId": entry.id, "status": status})
            if not entry["networked"]:
                self.raise_alert(entry["chargingStationId"], entry.id, "WARNING", f"device {entry.id} lost its network connection")
        return entry

    def delete(self, access: Access, resource: Resource, entry_id: int) -> Entry:
        entry = self.records.delete(access, resource, entry_id)
        if resource.name == "notificationRule":
            self.notifier.forget(entry_id)
        return entry

    def view(self, resource: Resource, entry: Entry) -> dict[str, Any]:
        hidden = {f.name for f in resource.fields if f.write_only}
        view = {"id": entry.id, **{k: v for k, v in entry.values.items() if k not in hidden}}
        extra = getattr(self, f"_view_{resource.name}", None)
        if extra is not None:
            view.update(extra(entry))
        return view

    def _view_zone(self, zone: Entry) -> dict[str, Any]:
        return {"chargingStationIds": [s.id for s in self.registry["chargingStation"].where(zoneId=zone.id)]}

    def _view_chargingStation(self, station: Entry) -> dict[str, Any]:
        sockets = self.registry["socket"].where(chargingStationId=station.id)
        return {
            "socketIds": [s.id for s in sockets],
            "sockets": [self.view(RESOURCES["socket"], s) for s in sockets],
            "numberOfSessions": len(self.charging.sessions.where(chargingStationId=station.id)),
            "smartGrid": self.smartgrid_view(station),
        }

    def _view_socket(self, socket: Entry) -> dict[str, Any]:
        return {"socketStatus": self.charging.socket_status(socket), "numberOfSessions": socket.extra.get("sessions", 0)}

    def _view_device(self, device: Entry) -> dict[str, Any]:
        return {
            "sockets": [s.id for s in self.registry["socket"].where(chargingUnitId=device.id)],
            "activeSince": device.extra.get("created"), "lastHeartbeat": device.extra.get("lastHeartbeat"),
            "lastBoot": device.extra.get("bootedAt"),
        }

    def _view_evDriver(self, driver: Entry) -> dict[str, Any]:
        return {
            "activated": driver.extra["activated"],
            "rfidIds": [r.id for r in self.registry["rfid"].where(evDriverId=driver.id)],
            "vehicleIds": [v.id for v in self.registry["vehicle"].where(evDriverId=driver.id)],
        }

    def _view_user(self, user: Entry) -> dict[str, Any]:
        return {"userType": sorted(user.extra["roles"])}

    def smartgrid_view(self, station: Entry) -> dict[str, Any]:
        return {"chargingStationId": station.id, "enabled": station.extra.get("smartGridEnabled", False), "power": station.extra.get("smartGridPower")}

    # -- users and roles -------------------------------------------------------------------

    def grant(self, access: Access, user_id: int, role: str, granted: bool) -> Entry:
        user = self.registry.visible(access, RESOURCES["user"], user_id)
        if role not in set(Role):
            raise AbsError(Status.UNKNOWN_ROLE, f"unknown role {role!r}")
        if granted:
            user.extra["roles"].add(role)
        else:
            user.extra["roles"].discard(role)
        return user

    def login(self, username: str, password: str) -> tuple[str, Caller, str]:
        session_id, caller, language = self.sessions.login(username, password, float(self.env.now))
        self.notifier.publish("server.login", None, {"username": username})
        return session_id, caller, language

    # -- EV drivers --------------------------------------------------------------------------

    def set_activation(self, access: Access, driver_id: int, activated: bool) -> Entry:
        driver = self.registry.visible(access, RESOURCES["evDriver"], driver_id)
        driver.extra["activated"] = activated
        return driver

    # -- charging-station interface ------------------------------------------------------------

    def heard_from(self, socket: Entry) -> None:
        unit = self.registry["device"].get(socket["chargingUnitId"])
        if unit is not None:
            unit.extra["lastHeartbeat"] = self.unix_now()

    def cs_start(self, socket_id: int, rfid: str, timestamp: int, transaction_id: int | None) -> Entry:
        socket = self.charging.socket(socket_id)
        self.heard_from(socket)
        try:
            return self.charging.start(socket_id, rfid, timestamp, transaction_id)
        except AbsError as error:
            self.raise_alert(socket["chargingStationId"], socket["chargingUnitId"], "WARNING", f"session refused on socket {socket_id}: {error.message}")
            raise

    def cs_authorize(self, socket_id: int, rfid: str) -> Entry:
        socket = self.charging.socket(socket_id)
        self.heard_from(socket)
        try:
            return self.charging.authorize(socket_id, rfid)
        except AbsError as error:
            self.devices.log(self.charging.unit_of(socket), "WARNING", f"RFID {rfid} refused: {error.message}")
            raise

    def cs_socket(self, socket_id: int, status: str, error_code: str | None = None, info: str | None = None) -> Entry:
        """A socket's status, with the fault behind it if there is one (a new fault, or the first
        report of a failure, raises an alert; a fault on a socket still working is a warning)."""
        socket = self.charging.socket(socket_id)
        changed = self.charging.socket_status(socket) != status
        self.charging.report_socket(socket_id, status)
        self.heard_from(socket)
        unit = self.charging.unit_of(socket)
        fault = f": {error_code}" + (f" ({info})" if info else "") if error_code else ""
        level = "ERROR" if status == "FAILURE" else "WARNING" if error_code else "INFO"
        self.devices.log(unit, level, f"socket {socket_id} reports {status}{fault}")
        if status == "FAILURE" and (changed or error_code):
            self.raise_alert(socket["chargingStationId"], unit.id, "ERROR", f"socket {socket_id} reports a failure{fault}")
        return socket

    def cs_boot(self, socket_id: int, timestamp: int, firmware: str | None) -> Entry:
        """The charging unit of a socket has (re)started (Boot Notification, spec 003)."""
        socket = self.charging.socket(socket_id)
        self.charging.check_timestamp(timestamp)
        unit = self.charging.unit_of(socket)
        if firmware is not None:
            self.registry["device"].set(unit, firmwareVersion=firmware)
        unit.extra["bootedAt"] = timestamp
        self.heard_from(socket)
        self.devices.log(unit, "INFO", "booted" + (f" with firmware {firmware}" if firmware else ""))
        self.notifier.publish("boot.notification", unit["chargingStationId"], {
            "deviceId": unit.id, "serialNumber": unit["serialNumber"], "firmwareVersion": unit["firmwareVersion"], "timestamp": timestamp,
        })
        return unit

    def expect_roaming_session(self, cp_id: str, tag: str) -> Entry | None:
        """A transaction roaming authorized (the hub's session-start, its rfid-verify or its
        offline list) gets a session here, PENDING like a socket activation, which the
        station's start report with this tag (an EVCO ID or UID the back office does not
        know) joins; its end is priced like any other.  None if no station reports this
        controller's sessions here (no socket for it, no charging-station account)."""
        socket = self.socket_for_controller(cp_id)
        reporting = any(Role.CS in user.extra["roles"] for user in self.registry["user"])
        if socket is None or not reporting or self.charging.running_on(socket.id) is not None:
            return None
        return self.charging.open_session(socket, None, None, self.unix_now(), "PENDING", tokenString=tag)

    def socket_for_controller(self, cp_id: str) -> Entry | None:
        """The socket of the charging unit that is this controller (its provisioned identity)."""
        units = self.registry["device"].where(controllerId=cp_id)
        sockets = self.registry["socket"].where(chargingUnitId=units[0].id) if units else []
        return sockets[0] if sockets else None

    def raise_alert(self, station_id: int, device_id: int | None, severity: str, message: str) -> Entry:
        station = self.registry["chargingStation"].get(station_id)
        owner = station.owner if station else SYSTEM.username
        return self.alerts.add(owner, {
            "chargingStationId": station_id, "deviceId": device_id, "severity": severity, "message": message,
            "timestamp": self.unix_now(), "acknowledged": False,
        })

    # -- smart grid ------------------------------------------------------------------------------

    def configure_smartgrid(self, access: Access, station_id: int, enabled: bool | None, power: float | None) -> Entry:
        station = self.registry.visible(access, RESOURCES["chargingStation"], station_id)
        if enabled is not None:
            station.extra["smartGridEnabled"] = enabled
        if power is not None:
            station.extra["smartGridPower"] = power
        if station.extra.get("smartGridEnabled"):
            self.charging.reapply_smartgrid(station)
        elif enabled is False:
            self.charging.release_smartgrid(station)
        return station

    def apply_smartgrid(self, access: Access, station_id: int) -> list[dict[str, Any]]:
        station = self.registry.visible(access, RESOURCES["chargingStation"], station_id)
        if not station.extra.get("smartGridEnabled"):
            raise AbsError(Status.SMARTGRID_NOT_ENABLED, f"the smart grid is not enabled on station {station_id}")
        if station.extra.get("smartGridPower") is None:
            raise AbsError(Status.SMARTGRID_NO_POWER, f"no power is set for the smart grid of station {station_id}")
        return self.charging.apply_smartgrid(station)

    # -- seeding -----------------------------------------------------------------------------------

    def _seed(self, config: Mapping[str, Any]) -> None:
        """Build the world file's ``[backoffice]`` entries; ``"@key"`` names an earlier entry's id.

        The world file was checked against its schema; an entry the back office's own rules
        refuse is a ValueError naming it (``backoffice.socket[1]: ...``)."""
        keys: dict[str, int] = {}
        for name in SEED_ORDER:
            resource = RESOURCES[name]
            references = {f.name for f in resource.fields if f.kind is Kind.ID}
            for index, raw in enumerate(config.get(name, [])):
                item = dict(raw)
                key, owner = item.pop("key", None), item.pop("owner", SYSTEM.username)
                roles, activated = item.pop("roles", []), item.pop("activated", False)
                values = {k: keys[v[1:]] if k in references and isinstance(v, str) else v for k, v in item.items()}
                if name == "device" and "serialNumber" not in values:
                    values["serialNumber"] = str(self.controllers[values["controllerId"]].settings["SerialNumber_sys"])
                for field in resource.fields:
                    if field.kind is Kind.ID_LIST and field.name in values:
                        values[field.name] = [keys[v[1:]] if isinstance(v, str) else v for v in values[field.name]]
                seeder = Access(Caller(owner, SYSTEM.caller.roles), Scope.ALL)  # names are unique per owner
                try:
                    entry = self.create(seeder, resource, values)
                except AbsError as error:
                    raise ValueError(f"backoffice.{name}[{index}]: the back office refuses it: {error.message}") from None
                entry.owner = owner
                if name == "user":
                    entry.extra["roles"] = set(roles)
                if name == "evDriver":
                    entry.extra["activated"] = activated
                if key:
                    keys[key] = entry.id

    # -- for other parts of the simulator (roaming) ----------------------------------------------------

    def completed_sessions(self) -> list[dict[str, Any]]:
        """Charge detail records: energy in Wh as the station reported it, and the price."""
        return [self.charging.view(s) for s in self.charging.sessions if s["completed"]]



