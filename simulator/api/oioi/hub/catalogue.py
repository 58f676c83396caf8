"""Static catalogue data of the hub: company images and the vehicle list."""

from __future__ import annotations

from typing import Any

from ....model.roaming.codes import Code, RoamingError
from .registry import HubCall, hub_call


@hub_call("company-get-images")
async def company_get_images(call: HubCall) -> dict[str, Any]:
    company = call.hub.companies.get(int(call.fields["company-id"]))
    if company is None:
        raise RoamingError(Code.COMPANY_NOT_FOUND)
    return {"company": company["name"], "urls": list(company.get("images", []))}


@hub_call("vehicle-get-all")
async def vehicle_get_all(call: HubCall) -> dict[str, Any]:
    vehicles = [
        {"id": v["id"], "brand": v["brand"], "model": v["model"], "max-speed": float(v["max-speed"]), "connector-types": list(v["connector-types"])}
        for v in call.hub.vehicles
    ]
    return {"vehicle-get-all": {"vehicles": vehicles}}
