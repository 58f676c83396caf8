"""Charging transactions: completed ones in detail, a summary, and the running one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ....model.controller import Transaction
from ..routing import ApiError, Call, router


def _moment(call: Call, name: str) -> float | None:
    text = call.query(name)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ApiError(400, f"'{name}' must be a UTC date-time such as 2019-11-23T19:35:43.511Z") from None
    if moment.tzinfo is None:
        raise ApiError(400, f"'{name}' must carry a time zone (e.g. Z)")
    return call.controller.calendar.seconds_at(moment)


def _completed(call: Call) -> list[Transaction]:
    start, end = _moment(call, "from"), _moment(call, "to")
    if start is not None and end is not None and end < start:
        raise ApiError(400, "'to' is before 'from'")
    return [
        tx
        for tx in call.controller.transactions
        if (start is None or tx.start >= start) and (end is None or tx.start <= end)
    ]


@router.route("GET", "/transactions", query=("from", "to"))
def transactions(call: Call) -> list[dict[str, Any]]:
    return [call.controller.transaction_view(tx) for tx in _completed(call)]


@router.route("GET", "/transactions/summary", query=("from", "to"))
def summary(call: Call) -> dict[str, Any]:
    done = _completed(call)
    wh = sum(tx.consumption_wh(tx.meter_stop or 0.0) for tx in done)
    seconds = sum((tx.stop or tx.start) - tx.start for tx in done)
    return {
        "transactionCount": len(done),
        "totalDuration": round(seconds / 60),
        "totalConsumption": round(wh / 1000, 3),
    }


@router.route("GET", "/transactions/active")
def active(call: Call) -> dict[str, bool]:
    return {"success": call.controller.active is not None}
