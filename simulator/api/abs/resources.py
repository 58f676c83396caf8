"""Create, read, update and delete for every catalogue resource, declared from the catalogue."""

from __future__ import annotations

from typing import Any

from ...model.backoffice import RESOURCES, AbsError, Resource, Status
from ...model.backoffice.fields import Field, Kind
from .conventions import Call, Operation

FILTERS: dict[str, tuple[str, ...]] = {
    "chargingStation": ("zoneId",),
    "device": ("chargingStationId",),
    "socket": ("chargingStationId",),
    "rfid": ("evDriverId",),
    "vehicle": ("evDriverId",),
    "alert": ("chargingStationId",),
}
"""List filters; each names a parent that must be visible (else its unknown code)."""


def plural(resource: Resource) -> str:
    return resource.name + "s"


def _codes(resource: Resource, *extra: Status) -> tuple[Status, ...]:
    refs = [RESOURCES[f.ref].unknown for f in resource.fields if f.ref]
    return tuple(dict.fromkeys([resource.unknown, *refs, *(s for _, s in resource.unique), *extra]))


def _filters(resource: Resource) -> tuple[Field, ...]:
    names = FILTERS.get(resource.name, ())
    known = {f.name: f for f in resource.fields}
    return tuple(Field(n, Kind.ID, ref=known[n].ref if n in known else "chargingStation") for n in names)


def operations(resource: Resource) -> tuple[Operation, ...]:
    name, filters = resource.name, _filters(resource)

    def listing(own: bool):  # type: ignore[no-untyped-def]
        def run(call: Call) -> dict[str, Any]:
            bo = call.backoffice
            for f in filters:
                if f.name in call.params and f.ref:
                    bo.registry.visible(call.who, RESOURCES[f.ref], call.params[f.name])
            entries = bo.records.listing(call.who, resource, own, **call.params)
            return {plural(resource): [bo.view(resource, e) for e in entries]}
        return run

    def get(call: Call) -> dict[str, Any]:
        return {name: call.backoffice.view(resource, call.backoffice.records.get(call.who, resource, call.path["id"]))}

    def create(call: Call) -> dict[str, Any]:
        entry = call.backoffice.create(call.who, resource, call.params)
        return {name: call.backoffice.view(resource, entry)}

    def update(call: Call) -> dict[str, Any]:
        entry = call.backoffice.update(call.who, resource, call.path["id"], call.params)
        return {name: call.backoffice.view(resource, entry)}

    def delete(call: Call) -> dict[str, Any]:
        call.backoffice.delete(call.who, resource, call.path["id"])
        return {}

    base = f"/abs/frontend/{name}"
    ops = [
        Operation("GET", base, f"All visible {plural(resource)}", listing(False), filters, _codes(resource), resource=name),
        Operation("GET", base + "/own", f"The {plural(resource)} the caller created", listing(True), filters, _codes(resource), resource=name),
    ]
    if resource.creatable:
        extra = (Status.TOO_MANY_VEHICLES,) if name == "vehicle" else ()
        ops.append(Operation("POST", base, f"Create a {name}", create, resource.fields, _codes(resource, Status.AUTHENTICATION_FAILED, *extra),
                             resource=name))
    ops += [
        Operation("GET", base + "/{id}", f"One {name}", get, (), (resource.unknown,), resource=name),
        Operation("PUT", base + "/{id}", f"Update a {name} (only the passed parameters)", update, resource.updatable, _codes(resource),
                  resource=name),
        Operation("DELETE", base + "/{id}", f"Delete a {name}", delete, (),
                  _codes(resource, Status.TOKEN_ASSIGNED) if name == "rfid" else (resource.unknown,), resource=name),
    ]
    return tuple(ops)


def device_by_serial(call: Call) -> dict[str, Any]:
    device = RESOURCES["device"]
    found = [e for e in call.backoffice.records.listing(call.who, device) if e["serialNumber"] == call.path["serialNumber"]]
    if not found:
        raise AbsError(Status.UNKNOWN_DEVICE, f"no device with serial number {call.path['serialNumber']!r}")
    return {"device": call.backoffice.view(device, found[0])}


OPERATIONS = (
    Operation("GET", "/abs/frontend/device/serial/{serialNumber}", "The device with a serial number", device_by_serial,
              codes=(Status.UNKNOWN_DEVICE,), path_params={"serialNumber": Field("serialNumber", required=True, min_length=1, max_length=64)},
              resource="device"),
    *(op for resource in RESOURCES.values() for op in operations(resource)),
)
