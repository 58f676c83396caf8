"""The controller's local whitelist of RFID tags, EVCCIDs and NFC ids."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass


class TagType(enum.StrEnum):
    RFID = "RFID"
    EVCCID = "EVCCID"
    NFC = "NFC"


class Priority(enum.StrEnum):
    NORMAL = "NORMAL"
    HIGH = "HIGH"


@dataclass
class WhitelistEntry:
    id: str
    tagType: TagType = TagType.RFID
    number: int | None = None
    name: str | None = None
    userid: str | None = None
    priority: Priority = Priority.NORMAL

    def as_dict(self) -> dict[str, object]:
        return {k: (str(v) if isinstance(v, enum.Enum) else v) for k, v in asdict(self).items() if v is not None}


class Whitelist:
    def __init__(self) -> None:
        self._entries: dict[str, WhitelistEntry] = {}

    def __contains__(self, tag_id: str) -> bool:
        return tag_id in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, tag_id: str) -> WhitelistEntry | None:
        return self._entries.get(tag_id)

    def entries(self) -> list[WhitelistEntry]:
        return list(self._entries.values())

    def put(self, entry: WhitelistEntry) -> None:
        self._entries[entry.id] = entry

    def remove(self, tag_id: str) -> bool:
        return self._entries.pop(tag_id, None) is not None

    def clear(self) -> None:
        self._entries.clear()
