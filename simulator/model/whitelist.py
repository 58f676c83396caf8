"""The controller's local whitelist of RFID tags, EVCCIDs and NFC ids.

Adding, editing and deleting check the whole request first and then apply it,
so one bad tag leaves the list as it was.
"""

from __future__ import annotations

import enum
import re
from dataclasses import asdict, dataclass, replace
from typing import Any, Iterable

from .ev import normal_evccid
from .records import Conflict, NotFound, Refused

MAX_ID_CHARS = 64
MAX_NAME_CHARS = 255
MAX_NUMBER = 2**31 - 1
MAX_ENTRIES = 1000
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
"""The spec sets no limits here; these keep ids usable in the comma-separated
``ids`` query and the list bounded."""


class TagType(enum.StrEnum):
    RFID = "RFID"
    EVCCID = "EVCCID"
    NFC = "NFC"


class Priority(enum.StrEnum):
    NORMAL = "NORMAL"
    HIGH = "HIGH"


FIELDS = ("id", "tagType", "number", "name", "userid", "priority")


@dataclass(frozen=True)
class WhitelistEntry:
    """Frozen: a change is a new entry (``edit``), so controllers may share one."""

    id: str
    tagType: TagType = TagType.RFID
    number: int | None = None
    name: str | None = None
    userid: str | None = None
    priority: Priority = Priority.NORMAL

    def as_dict(self) -> dict[str, object]:
        return {k: (str(v) if isinstance(v, enum.Enum) else v) for k, v in asdict(self).items() if v is not None}


def checked_id(tag_id: object) -> str:
    if not isinstance(tag_id, str) or not tag_id:
        raise Refused("tag 'id' must be a non-empty string")
    if len(tag_id) > MAX_ID_CHARS:
        raise Refused(f"tag 'id' is longer than {MAX_ID_CHARS} characters")
    if "," in tag_id:
        raise Refused("tag 'id' must not contain a comma")
    return tag_id


def _member(kind: type[enum.StrEnum], value: object, cause: str) -> Any:
    if not isinstance(value, str) or value not in kind.__members__:
        raise Refused(cause)
    return kind(value)


def _field_values(data: object) -> dict[str, Any]:
    """The typed fields of one entry of a request; the first bad one is refused."""
    if not isinstance(data, dict):
        raise Refused("each tag must be a JSON object")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise Refused(f"unknown tag field '{unknown[0]}'")
    values: dict[str, Any] = {"id": checked_id(data.get("id"))}
    if "tagType" in data:
        values["tagType"] = _member(TagType, data["tagType"], "'tagType' must be one of RFID, EVCCID, NFC")
    if "priority" in data:
        values["priority"] = _member(Priority, data["priority"], "'priority' must be NORMAL or HIGH")
    if "number" in data:
        number = data["number"]
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= MAX_NUMBER:
            raise Refused(f"'number' must be an integer from 0 to {MAX_NUMBER}")
        values["number"] = number
    if "name" in data:
        name = data["name"]
        if not isinstance(name, str) or len(name) > MAX_NAME_CHARS:
            raise Refused(f"'name' must be a string of at most {MAX_NAME_CHARS} characters")
        values["name"] = name
    if "userid" in data:
        if not isinstance(data["userid"], str) or not UUID.fullmatch(data["userid"]):
            raise Refused("'userid' must be a UUID such as 45d3711a-2acd-5812-cb44-f23fa3b791c2")
        values["userid"] = data["userid"]
    return values


def _distinct(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = [v["id"] for v in values]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise Refused(f"tag '{duplicates[0]}' is named twice")
    return values


class Whitelist:
    def __init__(self) -> None:
        self._entries: dict[str, WhitelistEntry] = {}
        self._by_evccid: dict[str, WhitelistEntry] | None = None
        """EVCCID entries by their normal form, made on the first look-up after a change."""

    def __contains__(self, tag_id: str) -> bool:
        return tag_id in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, tag_id: str) -> WhitelistEntry | None:
        return self._entries.get(tag_id)

    def find_evccid(self, evccid: str) -> WhitelistEntry | None:
        """The EVCCID entry of this EV however its id is written (``00:1A:...`` or ``001A...``)."""
        if self._by_evccid is None:
            self._by_evccid = {}
            for entry in self._entries.values():
                if entry.tagType is TagType.EVCCID:
                    self._by_evccid.setdefault(normal_evccid(entry.id), entry)  # the first, as a scan finds it
        return self._by_evccid.get(evccid)

    def entries(self) -> list[WhitelistEntry]:
        return list(self._entries.values())

    def put(self, entry: WhitelistEntry) -> None:
        self._entries[entry.id] = entry
        self._by_evccid = None

    def put_all(self, entries: dict[str, WhitelistEntry]) -> None:
        """Entries by id, at once (a fleet site gives each of its controllers the same cards)."""
        self._entries.update(entries)
        self._by_evccid = None

    def add(self, tags: list[object]) -> None:
        """New tags only: fails whole if one is malformed, already listed, or the list is full."""
        values = _distinct([_field_values(t) for t in tags])
        known = [v["id"] for v in values if v["id"] in self._entries]
        if known:
            raise Conflict(f"tag '{known[0]}' already exists")
        if len(self._entries) + len(values) > MAX_ENTRIES:
            raise Conflict(f"too many entries (at most {MAX_ENTRIES})")
        for v in values:
            self.put(WhitelistEntry(**v))

    def edit(self, tags: list[object]) -> None:
        """Listed tags only: the fields given replace the stored ones, the others stay."""
        values = _distinct([_field_values(t) for t in tags])
        self._require(v["id"] for v in values)
        for v in values:
            self.put(replace(self._entries[v["id"]], **v))

    def delete(self, tag_ids: list[str]) -> None:
        """Listed tags only: one unknown id and nothing is deleted."""
        ids = [checked_id(t) for t in tag_ids]
        self._require(ids)
        for tag_id in ids:
            self._entries.pop(tag_id, None)
        self._by_evccid = None

    def clear(self) -> None:
        self._entries.clear()
        self._by_evccid = None

    def _require(self, tag_ids: Iterable[str]) -> None:
        for tag_id in tag_ids:
            if tag_id not in self._entries:
                raise NotFound(f"tag '{tag_id}' not found")
