"""The back office's indexed lookups agree with a plain scan of every entry while
devices, sockets, sessions and reservations are created, changed and deleted at
random; so does the controller -> socket lookup every station report goes through."""

from __future__ import annotations

from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from simulator.model.backoffice import RESOURCES, AbsError
from simulator.model.backoffice.access import SYSTEM
from simulator.model.backoffice.registry import Entry, Table
from simulator.runtime import Simulation

CONTROLLERS = ("CP-1", "CP-2", "CP-3", "CP-4", None)
DEVICE, SOCKET, STATION = RESOURCES["device"], RESOURCES["socket"], RESOURCES["chargingStation"]


def scan(table: Table, **values: Any) -> list[Entry]:
    return [e for e in table.rows.values() if all(e.values.get(k) == v for k, v in values.items())]


def scanned_socket(registry: Any, cp_id: str) -> Entry | None:
    """The controller's socket as the back office defines it, found by reading every entry."""
    units = scan(registry["device"], controllerId=cp_id)
    sockets = scan(registry["socket"], chargingUnitId=units[0].id) if units else []
    return sockets[0] if sockets else None


class Lookups(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.bo = Simulation.from_file().world.backoffice
        self.clock_s = 0

    def _ids(self, name: str) -> list[int]:
        return list(self.bo.registry[name].rows) or [0]

    def _try(self, action: Any) -> None:
        try:
            action()
        except AbsError:
            pass  # a refusal changes nothing; the invariants check that too

    # -- stations and their devices ---------------------------------------------------

    @rule(n=st.integers(0, 99))
    def add_station(self, n: int) -> None:
        zone = self._ids("zone")[0]
        self._try(lambda: self.bo.create(SYSTEM, STATION, {"name": f"station {n}", "zoneId": zone}))

    @rule(data=st.data(), controller=st.sampled_from(CONTROLLERS), serial=st.integers(0, 20))
    def add_device(self, data: st.DataObject, controller: str | None, serial: int) -> None:
        station = data.draw(st.sampled_from(self._ids("chargingStation")))
        values = {"deviceType": "CHARGING_UNIT", "chargingStationId": station, "serialNumber": f"S{serial}", "controllerId": controller}
        self._try(lambda: self.bo.create(SYSTEM, DEVICE, values))

    @rule(data=st.data(), controller=st.sampled_from(CONTROLLERS))
    def move_controller(self, data: st.DataObject, controller: str | None) -> None:
        device = data.draw(st.sampled_from(self._ids("device")))
        self._try(lambda: self.bo.update(SYSTEM, DEVICE, device, {"controllerId": controller}))

    @rule(data=st.data())
    def move_device(self, data: st.DataObject) -> None:
        device, station = data.draw(st.sampled_from(self._ids("device"))), data.draw(st.sampled_from(self._ids("chargingStation")))
        self._try(lambda: self.bo.update(SYSTEM, DEVICE, device, {"chargingStationId": station}))

    @rule(data=st.data())
    def delete_device(self, data: st.DataObject) -> None:
        device = data.draw(st.sampled_from(self._ids("device")))
        self._try(lambda: self.bo.delete(SYSTEM, DEVICE, device))

    @rule(data=st.data(), rank=st.integers(1, 3))
    def add_socket(self, data: st.DataObject, rank: int) -> None:
        unit = self.bo.registry["device"].get(data.draw(st.sampled_from(self._ids("device"))))
        if unit is not None:
            values = {"chargingStationId": unit["chargingStationId"], "chargingUnitId": unit.id, "deviceRank": rank}
            self._try(lambda: self.bo.create(SYSTEM, SOCKET, values))

    @rule(data=st.data())
    def move_socket(self, data: st.DataObject) -> None:
        socket = self.bo.registry["socket"].get(data.draw(st.sampled_from(self._ids("socket"))))
        unit = self.bo.registry["device"].get(data.draw(st.sampled_from(self._ids("device"))))
        if socket is not None and unit is not None:
            values = {"chargingUnitId": unit.id, "chargingStationId": unit["chargingStationId"]}
            self._try(lambda: self.bo.update(SYSTEM, SOCKET, socket.id, values))

    @rule(data=st.data())
    def delete_socket(self, data: st.DataObject) -> None:
        socket = data.draw(st.sampled_from(self._ids("socket")))
        if self.bo.charging.running_on(socket) is None:
            self._try(lambda: self.bo.delete(SYSTEM, SOCKET, socket))

    # -- sessions and reservations ----------------------------------------------------

    @rule(data=st.data())
    def start_session(self, data: st.DataObject) -> None:
        socket = data.draw(st.sampled_from(self._ids("socket")))
        self._try(lambda: self.bo.cs_start(socket, None, self.bo.unix_now(), None))

    @rule(data=st.data())
    def end_session(self, data: st.DataObject) -> None:
        session = data.draw(st.sampled_from(list(self.bo.charging.sessions.rows) or [0]))
        self._try(lambda: self.bo.charging.end(session, self.bo.unix_now(), 1000, "Local"))

    @rule(data=st.data(), driver=st.integers(1, 3))
    def reserve(self, data: st.DataObject, driver: int) -> None:
        socket = data.draw(st.sampled_from(self._ids("socket")))
        entry = self.bo.registry["evDriver"].get(driver)
        if entry is not None:
            self._try(lambda: self.bo.charging.reserve(SYSTEM, socket, entry, 600))

    @rule(data=st.data())
    def end_reservation(self, data: st.DataObject) -> None:
        reservation = self.bo.charging.reservations.get(data.draw(st.sampled_from(list(self.bo.charging.reservations.rows) or [0])))
        if reservation is not None:
            self.bo.charging.finish_reservation(reservation, "CANCELLED")

    # -- what must hold after every step ------------------------------------------------

    @invariant()
    def lookups_agree_with_a_scan(self) -> None:
        registry, charging = self.bo.registry, self.bo.charging
        tables = [*registry.tables.values(), charging.sessions, charging.reservations]
        for table in tables:
            for key in table._indexes:
                for probe in {tuple(e.values.get(name) for name in key) for e in table.rows.values()} | {(None,) * len(key)}:
                    query = dict(zip(key, probe))
                    if all(isinstance(v, (str, int, float, type(None))) for v in probe):
                        assert table.where(**query) == scan(table, **query), (key, probe)
        for cp_id in CONTROLLERS[:-1]:
            assert self.bo.socket_for_controller(cp_id) is scanned_socket(registry, cp_id), cp_id
        for socket in self._ids("socket"):
            running = scan(charging.sessions, socketId=socket, completed=False)
            assert charging.running_on(socket) is (running[0] if running else None)
            active = scan(charging.reservations, status="ACTIVE", socketId=socket)
            assert charging.active_reservation(socketId=socket) is (active[0] if active else None)


TestLookups = Lookups.TestCase
TestLookups.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)


def test_where_on_an_index_keeps_id_order_after_an_update() -> None:
    table = Table(indexes=[("colour",)])
    first, second = table.add("o", {"colour": "red"}), table.add("o", {"colour": "blue"})
    table.set(first, colour="blue")
    table.set(first, colour="red")
    table.set(first, colour="blue")
    assert table.where(colour="blue") == [first, second]
    table.replace(second, {"colour": "red"})
    assert table.where(colour="red") == [second] and table.where(colour="blue") == [first]
    table.remove(first.id)
    assert table.where(colour="blue") == []


def test_an_unhashable_query_value_is_answered_by_a_scan() -> None:
    table = Table(indexes=[("ids",)])
    entry = table.add("o", {"ids": [1, 2]})
    assert table.where(ids=[1, 2]) == [entry]


def test_the_roaming_cpo_finds_each_controller_by_its_evse_id() -> None:
    sim = Simulation.from_file()
    operator = sim.world.roaming.operator
    assert operator is not None
    for cp_id, controller in sim.world.controllers.items():
        assert operator.controller_at(operator.evse_id(cp_id)) is controller
    added = sim.world.add_controller("CP-9")
    assert operator.controller_at(operator.evse_id("CP-9")) is added
