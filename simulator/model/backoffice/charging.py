"""Charging sessions: what charging stations report, remote start/stop, reservations, smart grid.

Timestamps are Unix seconds as the stations send them; the back office's own
"now" is model time. Energy is kept in Wh exactly as the station reports it.
A closed session is also an event of the world (``backoffice_session_closed``):
the roaming CPO turns it into the CDR it posts to the hub.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import simpy

from ..controller import Controller
from ..events import EventLog
from .access import SYSTEM, Access
from .catalogue import RESOURCES
from .notifications import Notifier
from .pricing import energy_price, session_price
from .registry import Derived, Entry, Registry, Table
from .smartgrid import ActiveSocket, allocate
from .status import AbsError, Status

MAX_CLOCK_SKEW_S = 300
"""A station's timestamp may run this far ahead of the back office's clock (301 beyond)."""
MAX_REPORT_AGE_S = 86_400
"""... and a report may arrive this late (a station that was offline for a day)."""

SOCKET = RESOURCES["socket"]


class ChargingDesk:
    def __init__(
        self,
        registry: Registry,
        notifier: Notifier,
        env: simpy.Environment,
        unix_now: Callable[[], int],
        controllers: Mapping[str, Controller],
        events: EventLog,
        alert: Callable[[int, int | None, str, str], Entry],
    ) -> None:
        self.registry = registry
        self.alert = alert
        """Raises an alert: station id, device id, severity, message."""
        self.notifier = notifier
        self.events = events
        self.env = env
        self.unix_now = unix_now
        self.controllers = controllers
        self.sessions = Table(indexes=[
            ("chargingStationId",), ("socketId", "completed"), ("evDriverId", "completed"), ("chargingStationId", "completed"),
        ])
        self.reservations = Table(indexes=[("status", "socketId"), ("status", "evDriverId")])
        self._grid_sockets: Derived[int, tuple[ActiveSocket, Controller | None]] = Derived(registry["socket"], registry["device"])
        """What the smart grid needs of a socket (its rating, its controller), until a socket or
        device changes: a congested station is re-shared at every start and end."""

    # -- lookups -----------------------------------------------------------------

    def socket(self, socket_id: int, access: Access = SYSTEM) -> Entry:
        return self.registry.visible(access, SOCKET, socket_id)

    def socket_status(self, socket: Entry) -> str:
        return socket.extra.get("status", "AVAILABLE")

    def controller_of(self, socket: Entry) -> Controller | None:
        unit = self.registry["device"].get(socket["chargingUnitId"])
        return self.controllers.get(unit["controllerId"] or "") if unit else None

    def unit_of(self, socket: Entry) -> Entry:
        unit = self.registry["device"].get(socket["chargingUnitId"])
        assert unit is not None
        return unit

    def running_on(self, socket_id: int) -> Entry | None:
        return next((s for s in self.sessions.where(socketId=socket_id, completed=False)), None)

    def running_for(self, driver_id: int) -> Entry | None:
        return next((s for s in self.sessions.where(evDriverId=driver_id, completed=False)), None)

    def active_reservation(self, **key: Any) -> Entry | None:
        return next((r for r in self.reservations.where(status="ACTIVE", **key)), None)

    def token(self, token_string: str) -> Entry:
        found = self.registry["rfid"].where(tokenString=token_string)
        if not found:
            raise AbsError(Status.UNKNOWN_RFID, f"unknown RFID {token_string!r}")
        return found[0]

    def driver_for(self, token: Entry, missing: Status) -> Entry:
        driver = self.registry["evDriver"].get(token["evDriverId"]) if token["evDriverId"] else None
        if driver is None:
            raise AbsError(missing, f"RFID {token['tokenString']!r} belongs to no EV driver")
        return driver

    def check_driver(self, driver: Entry, socket: Entry) -> None:
        """315 not activated, 324 not allowed at this station, 302 already charging."""
        if not driver.extra["activated"]:
            raise AbsError(Status.USER_NOT_ACTIVATED, f"EV driver {driver.id} is not activated")
        allowed = driver["allowedChargingStationIds"]
        if allowed and socket["chargingStationId"] not in allowed:
            raise AbsError(Status.STATION_NOT_ALLOWED, f"EV driver {driver.id} may not charge at station {socket['chargingStationId']}")
        if self.running_for(driver.id) is not None:
            raise AbsError(Status.USER_SESSION_RUNNING, f"EV driver {driver.id} has a session running")

    def check_timestamp(self, timestamp: int, not_before: int | None = None) -> None:
        now = self.unix_now()
        if timestamp > now + MAX_CLOCK_SKEW_S or timestamp < now - MAX_REPORT_AGE_S:
            raise AbsError(Status.INCORRECT_TIMESTAMP, f"timestamp {timestamp} is too far from the back office's time {now}")
        if not_before is not None and timestamp < not_before:
            raise AbsError(Status.INCORRECT_TIMESTAMP, f"timestamp {timestamp} is before the session's last report {not_before}")

    # -- the charging-station interface -------------------------------------------

    def authorize(self, socket_id: int, rfid: str) -> Entry:
        socket = self.socket(socket_id)
        driver = self.driver_for(self.token(rfid), Status.UNKNOWN_RFID)
        self.check_driver(driver, socket)
        return driver

    def start(self, socket_id: int, rfid: str, timestamp: int, transaction_id: int | None) -> Entry:
        socket = self.socket(socket_id)
        self.check_timestamp(timestamp)
        running = self.running_on(socket.id)
        if running is not None and running["status"] == "PENDING" and running["tokenString"] == rfid:
            running.values.update(status="ACTIVE", timeStarted=timestamp, transactionId=transaction_id)
            self.notifier.publish("session.update", socket["chargingStationId"], self.view(running))
            return running
        token = self.token(rfid)
        driver = self.driver_for(token, Status.UNKNOWN_RFID)
        reservation = self.active_reservation(socketId=socket.id)
        if running is not None or self.socket_status(socket) == "FAILURE" or (
            reservation is not None and reservation["evDriverId"] != driver.id
        ):
            raise AbsError(Status.SOCKET_NOT_AVAILABLE_FOR_SESSION, f"socket {socket.id} is not available")
        self.check_driver(driver, socket)
        if reservation is not None:
            self.finish_reservation(reservation, "DONE")
        session = self.open_session(socket, token, driver, timestamp, "ACTIVE", transactionId=transaction_id)
        return session

    def open_session(self, socket: Entry, token: Entry | None, driver: Entry | None, timestamp: int, status: str, **more: Any) -> Entry:
        station = self.registry["chargingStation"].get(socket["chargingStationId"])
        assert station is not None
        values = {
            "rfidId": token.id if token else None, "tokenString": token["tokenString"] if token else None,
            "evDriverId": driver.id if driver else None, "socketId": socket.id, "chargingStationId": station.id,
            "controllerId": self.unit_of(socket)["controllerId"], "completed": False, "status": status,
            "timeStarted": timestamp, "timeStartedCharging": None, "timeStoppedCharging": None, "timeStoppedSession": None,
            "energyWh": 0, "kiloWattHour": 0.0, "totalPrice": None, "currency": None,
            "pricingPolicyId": station["pricingPolicyId"], "vehicleId": None, "maximumCurrent": socket["current"],
            "requestedDurationSeconds": None, "requestedKiloWattHour": None, "powerValue": None,
            "meterValues": {}, "chargingSeconds": 0, "transactionId": None, "stopReason": None,
        } | more
        session = self.sessions.add(station.owner, values)
        socket.extra["sessions"] = socket.extra.get("sessions", 0) + 1
        self.notifier.publish("session.start", station.id, self.view(session))
        self.set_socket_status(socket, "IN_USE")
        self.reapply_smartgrid(station)
        return session

    def running_session(self, session_id: int, timestamp: int) -> Entry:
        session = self.sessions.get(session_id)
        if session is None:
            raise AbsError(Status.UNKNOWN_SESSION, f"unknown session {session_id}")
        if session["completed"]:
            raise AbsError(Status.SESSION_ENDED, f"session {session_id} has already been ended")
        self.check_timestamp(timestamp, session.extra.get("lastReport", session["timeStarted"]))
        return session

    def update(self, session_id: int, timestamp: int, energy_wh: int, charging: bool | None) -> Entry:
        session = self.running_session(session_id, timestamp)
        self._record_meter(session, timestamp, energy_wh, charging)
        if self._mark_satisfied(session):
            station = self.registry["chargingStation"].get(session["chargingStationId"])
            if station is not None:
                self.reapply_smartgrid(station)
        self.notifier.publish("session.meterValues", session["chargingStationId"], {
            "sessionId": session.id, "timestamp": timestamp, "energyWh": energy_wh, "charging": session.extra.get("charging", False),
        })
        return session

    def end(self, session_id: int, timestamp: int, energy_wh: int, reason: str | None) -> Entry:
        session = self.running_session(session_id, timestamp)
        self._record_meter(session, timestamp, energy_wh, None, ending=True)
        self.close_session(session, timestamp, reason)
        return session

    def _record_meter(self, session: Entry, timestamp: int, energy_wh: int, charging: bool | None, ending: bool = False) -> None:
        """A meter reading, and the time since the last report counted as charging or parking.

        A station that says whether it charges (``charging``) is taken at its word from
        then on: the time after a report saying true charges until one says false. Before
        that, and for a station that never says (the interface of ABS-SURFACE.md has no
        such parameter), an interval charged if the meter rose in it."""
        if energy_wh < session["energyWh"]:
            raise AbsError(Status.INVALID_PARAMETER, f"parameter 'energy': {energy_wh} Wh is below the last reading {session['energyWh']} Wh")
        extra, values = session.extra, session.values
        since = extra.get("lastReport", session["timeStarted"])
        charged = extra["charging"] if extra.get("flagged") else energy_wh > session["energyWh"]
        extra["flagged"] = extra.get("flagged", False) or charging is not None
        now_charging = (charged if charging is None else charging) and not ending
        if charged:
            values["chargingSeconds"] += timestamp - since
            extra["lastCharged"] = timestamp
            if session["timeStartedCharging"] is None:
                values["timeStartedCharging"] = since
        if now_charging and session["timeStartedCharging"] is None:
            values["timeStartedCharging"] = timestamp
        if ending and not extra["flagged"]:
            values["timeStoppedCharging"] = extra.get("lastCharged")
        elif charged and not now_charging:
            values["timeStoppedCharging"] = timestamp
        values["meterValues"][str(timestamp)] = energy_wh
        values.update(energyWh=energy_wh, kiloWattHour=round(energy_wh / 1000.0, 3))
        extra.update(charging=now_charging, lastReport=timestamp)

    def close_session(self, session: Entry, timestamp: int, reason: str | None) -> None:
        """The end of a session: FINISHED and priced by its policy, or FAILED when it ends while
        its socket reports a failure (a controller error, a pilot fault): then the driver pays
        for the energy delivered only, and an alert says so."""
        policy = self.registry["pricingPolicy"].get(session["pricingPolicyId"]) if session["pricingPolicyId"] else None
        terms = policy.values if policy else None
        socket = self.registry["socket"].get(session["socketId"])
        failed = socket is not None and self.socket_status(socket) == "FAILURE"
        if failed:
            price = energy_price(terms, session["energyWh"])
        else:
            price = session_price(terms, session["energyWh"], timestamp - session["timeStarted"], session["chargingSeconds"])
        self.sessions.set(
            session, completed=True, status="FAILED" if failed else "FINISHED", timeStoppedSession=timestamp, totalPrice=price,
            currency=policy["currency"] if policy else None, stopReason=reason,
        )
        if failed and socket is not None:
            self.alert(session["chargingStationId"], socket["chargingUnitId"], "ERROR",
                       f"session {session.id} on socket {socket.id} failed: it ended ({reason or 'no reason given'}) while the socket reported a failure")
        self._debit(session, price)
        self.events.emit(self.env.now, session["controllerId"] or "backoffice", "backoffice_session_closed", sessionId=session.id,
                         transactionId=session["transactionId"], energyWh=session["energyWh"], totalPrice=price, currency=session["currency"])
        self._announce_end(session)

    def _debit(self, session: Entry, price: float) -> None:
        """The driver's account pays the session (User Balance Changed, spec 003)."""
        driver = self.registry["evDriver"].get(session["evDriverId"]) if session["evDriverId"] else None
        account = self.registry["account"].get(driver["accountId"]) if driver and driver["accountId"] else None
        if account is not None and price:
            self.change_balance(account, -price, sessionId=session.id, evDriverId=driver.id if driver else None)

    def change_balance(self, account: Entry, amount: float, **why: Any) -> None:
        self.registry["account"].set(account, balance=round(account["balance"] + amount, 2))
        self.announce_balance(account, amount, **why)

    def announce_balance(self, account: Entry, amount: float, **why: Any) -> None:
        self.notifier.publish("user.balanceChanged", None, {
            "accountId": account.id, "amount": round(amount, 2), "balance": account["balance"], "currency": account["currency"],
            "timestamp": self.unix_now(), **why,
        }, owner=account.owner)

    def set_socket_status(self, socket: Entry, status: str) -> None:
        """A socket's status changes; only a change is published (a repeat tells a receiver nothing)."""
        if self.socket_status(socket) == status:
            return
        socket.extra["status"] = status
        self.notifier.publish("hardware.status", socket["chargingStationId"], {"socketId": socket.id, "status": status})

    def _announce_end(self, session: Entry) -> None:
        """An ended session frees its socket, is published, and leaves its share of the station's power."""
        station_id = session["chargingStationId"]
        socket = self.registry["socket"].get(session["socketId"])
        if socket is not None and self.socket_status(socket) == "IN_USE":
            self.set_socket_status(socket, "AVAILABLE")
        self.notifier.publish("session.update", station_id, self.view(session))
        self.notifier.publish("session.stop", station_id, self.view(session))
        station = self.registry["chargingStation"].get(station_id)
        if station is not None:
            self.reapply_smartgrid(station)

    def report_socket(self, socket_id: int, status: str) -> Entry:
        socket = self.socket(socket_id)
        if status == "AVAILABLE" and self.active_reservation(socketId=socket.id) is not None:
            status = "RESERVED"
        self.set_socket_status(socket, status)
        return socket

    # -- remote start / stop --------------------------------------------------------

    def activate(self, access: Access, socket_id: int, token_string: str, vehicle_id: int | None,
                 requested_kwh: float | None, requested_s: int | None) -> Entry:
        socket = self.socket(socket_id, access)
        driver = self.driver_for(self.token(token_string), Status.UNKNOWN_EV_DRIVER)
        if vehicle_id is not None and self.registry["vehicle"].get(vehicle_id) is None:
            raise AbsError(Status.UNKNOWN_VEHICLE, f"unknown vehicle {vehicle_id}")
        reservation = self.active_reservation(socketId=socket.id)
        if reservation is not None and reservation["evDriverId"] != driver.id:
            raise AbsError(Status.SOCKET_ALREADY_RESERVED, f"socket {socket.id} is reserved by another EV driver")
        if self.running_on(socket.id) is not None or self.socket_status(socket) == "FAILURE":
            raise AbsError(Status.SOCKET_NOT_AVAILABLE, f"socket {socket.id} is not available")
        self.check_driver(driver, socket)
        controller = self.controller_of(socket)
        if controller is None or not self.unit_of(socket)["networked"] or not controller.powered:
            raise AbsError(Status.DEVICE_NOT_NETWORKED, f"the charging unit of socket {socket.id} has no network connection")
        token = self.token(token_string)
        if reservation is not None:
            self.finish_reservation(reservation, "DONE")
        session = self.open_session(
            socket, token, driver, self.unix_now(), "PENDING",
            vehicleId=vehicle_id, requestedKiloWattHour=requested_kwh, requestedDurationSeconds=requested_s,
        )
        controller.authorize_remote(token_string, True, str(driver.id), driver["username"])
        wait = float(controller.settings["AuthTimeout_auth"])
        deadline = self.env.timeout(wait)
        deadline.callbacks.append(lambda _e: self._lapse(session, controller, wait))
        return session

    def _lapse(self, session: Entry, controller: Controller, waited: float) -> None:
        """A remote start whose transaction never began ends with the controller's own
        authorization timeout (the station's connection timeout)."""
        if session["status"] != "PENDING" or session["completed"] or controller.active is not None:
            return
        self._end_unstarted(session, "EXPIRED", "Expired")
        socket = self.registry["socket"].get(session["socketId"])
        unit = self.registry["device"].get(socket["chargingUnitId"]) if socket else None
        self.alert(session["chargingStationId"], unit.id if unit else None, "WARNING",
                   f"remote start of session {session.id} on socket {session['socketId']} expired: no transaction began within {waited:g} s")

    def _end_unstarted(self, session: Entry, status: str, reason: str) -> None:
        """A remote start that never charged ends free of charge: nothing was delivered or parked."""
        self.sessions.set(session, completed=True, status=status, timeStoppedSession=self.unix_now(), totalPrice=0.0, stopReason=reason)
        self._announce_end(session)

    def deactivate(self, access: Access, socket_id: int) -> Entry:
        socket = self.socket(socket_id, access)
        session = self.running_on(socket.id)
        if session is None:
            raise AbsError(Status.NO_SESSION_FOR_DRIVER, f"no charging session on socket {socket.id}")
        controller = self.controller_of(socket)
        if session["status"] == "PENDING":
            self._end_unstarted(session, "CANCELLED", "Remote")
            if controller is not None and controller.active is None:
                controller.withdraw_authorization(session["tokenString"] or "")
        elif controller is None or controller.active is None:
            self.close_session(session, self.unix_now(), "Remote")
        else:
            controller.stop_transaction("Remote")
        return session

    # -- reservations ---------------------------------------------------------------

    def reserve(self, access: Access, socket_id: int, driver: Entry, duration_s: int) -> Entry:
        socket = self.socket(socket_id, access)
        if self.active_reservation(socketId=socket.id) is not None:
            raise AbsError(Status.SOCKET_ALREADY_RESERVED, f"socket {socket.id} is already reserved")
        if self.running_on(socket.id) is not None or self.socket_status(socket) == "FAILURE":
            raise AbsError(Status.SOCKET_NOT_AVAILABLE, f"socket {socket.id} is not available")
        if self.active_reservation(evDriverId=driver.id) is not None:
            raise AbsError(Status.DRIVER_ALREADY_RESERVED, f"EV driver {driver.id} has already reserved a socket")
        now = self.unix_now()
        reservation = self.reservations.add(socket.owner, {
            "socketId": socket.id, "evDriverId": driver.id, "chargingStationId": socket["chargingStationId"],
            "timeCreated": now, "expiresAt": now + duration_s, "status": "ACTIVE",
        })
        self.set_socket_status(socket, "RESERVED")
        self.notifier.publish("reservation.status", socket["chargingStationId"], dict(reservation.values, id=reservation.id))
        expiry = self.env.timeout(duration_s)
        expiry.callbacks.append(lambda _e: self.finish_reservation(reservation, "EXPIRED"))
        return reservation

    def finish_reservation(self, reservation: Entry, status: str) -> None:
        if reservation["status"] != "ACTIVE":
            return
        self.reservations.set(reservation, status=status)
        socket = self.registry["socket"].get(reservation["socketId"])
        if socket is not None and self.socket_status(socket) == "RESERVED":
            self.set_socket_status(socket, "AVAILABLE")
        self.notifier.publish("reservation.status", reservation["chargingStationId"], dict(reservation.values, id=reservation.id))

    # -- smart grid -------------------------------------------------------------------

    def reapply_smartgrid(self, station: Entry) -> None:
        if station.extra.get("smartGridEnabled") and station.extra.get("smartGridPower") is not None:
            self.apply_smartgrid(station, answer=False)

    @staticmethod
    def _mark_satisfied(session: Entry) -> bool:
        """Whether the session's claim on the smart grid changed: it is *satisfied* once its
        station says it stopped charging while its share allowed charging (the EV is full or
        at its target), and claims again when the station says it charges. A session the
        smart grid paused (a 0 W share) still claims: it stopped because of the grid."""
        extra = session.extra
        satisfied = not extra.get("charging", True) and session["powerValue"] != 0.0 and extra.get("flagged", False)
        if satisfied == extra.get("satisfied", False):
            return False
        extra["satisfied"] = satisfied
        return True

    def apply_smartgrid(self, station: Entry, answer: bool = True) -> list[dict[str, Any]]:
        """Share the station's power among its running sessions that claim it and cap each
        controller at its share; a satisfied session keeps the cap it had. The shares are
        listed for the caller (``answer``) and for the rules that subscribe to them; a
        re-share at a session's start or end that nobody hears lists none."""
        running = [s for s in self.sessions.where(chargingStationId=station.id, completed=False) if not s.extra.get("satisfied")]
        sockets: dict[int, tuple[ActiveSocket, Controller | None]] = {}
        session_on: dict[int, Entry] = {}
        for session in running:
            socket_id = session.values["socketId"]
            if socket_id not in sockets:  # the first running session of a socket
                grid_socket = self._grid_sockets.get(socket_id, self._grid_socket)
                if grid_socket is not None:
                    sockets[socket_id], session_on[socket_id] = grid_socket, session
        shares = allocate(station.extra["smartGridPower"], [active for active, _controller in sockets.values()])
        listed = answer or self.notifier.subscribed("smartgrid.applied")
        applied = []
        for share in shares:
            session = session_on[share.socket_id]
            session.values["powerValue"] = share.power_w
            controller = sockets[share.socket_id][1]
            if controller is not None:
                controller.set_current_limit(share.current_a)
            if listed:
                applied.append({"socketId": share.socket_id, "sessionId": session.id, "powerValue": share.power_w, "current": share.current_a})
        self.notifier.publish("smartgrid.applied", station.id, {"chargingStationId": station.id, "power": station.extra["smartGridPower"], "shares": applied})
        return applied

    def _grid_socket(self, socket_id: int) -> tuple[ActiveSocket, Controller | None] | None:
        socket = self.registry["socket"].get(socket_id)
        if socket is None:
            return None
        values = socket.values
        return ActiveSocket(socket_id, values.get("voltage"), values.get("phases"), values.get("current")), self.controller_of(socket)

    def release_smartgrid(self, station: Entry) -> None:
        for device in self.registry["device"].where(chargingStationId=station.id):
            controller = self.controllers.get(device["controllerId"] or "")
            if controller is not None and controller.current_limit != float("inf"):
                controller.set_current_limit(float("inf"))

    # -- views ------------------------------------------------------------------------

    def view(self, session: Entry) -> dict[str, Any]:
        values = {k: v for k, v in session.values.items() if k not in ("chargingSeconds",)}
        values["meterValues"] = dict(values["meterValues"])  # a snapshot: the session's own dict grows on
        return {"id": session.id, **values}
