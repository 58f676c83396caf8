"""The back office's tables: entries with an id, an owner and their field values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from .access import Access
from .catalogue import RESOURCES, Resource
from .status import AbsError


@dataclass
class Entry:
    id: int
    owner: str
    values: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)
    """What the back office keeps beside the fields (roles, status, counters)."""

    def __getitem__(self, name: str) -> Any:
        return self.values.get(name)


class Table:
    """Entries of one kind; ids count up from 1 and are never reused."""

    def __init__(self) -> None:
        self.rows: dict[int, Entry] = {}
        self._next = 1

    def add(self, owner: str, values: dict[str, Any], **extra: Any) -> Entry:
        entry = Entry(self._next, owner, values, dict(extra))
        self.rows[entry.id] = entry
        self._next += 1
        return entry

    def get(self, entry_id: int) -> Entry | None:
        return self.rows.get(entry_id)

    def remove(self, entry_id: int) -> None:
        del self.rows[entry_id]

    def __iter__(self) -> Iterator[Entry]:
        return iter(list(self.rows.values()))

    def __len__(self) -> int:
        return len(self.rows)

    def where(self, **values: Any) -> list[Entry]:
        return [e for e in self.rows.values() if all(e.values.get(k) == v for k, v in values.items())]


class Registry:
    """One table per resource of the catalogue, and the visibility lookups."""

    def __init__(self) -> None:
        self.tables: dict[str, Table] = {name: Table() for name in RESOURCES}

    def __getitem__(self, name: str) -> Table:
        return self.tables[name]

    def visible(self, access: Access, resource: Resource, entry_id: int) -> Entry:
        """The entry if the request's access sees it, else the resource's unknown code."""
        entry = self.tables[resource.name].get(entry_id)
        if entry is None or not access.sees(entry.owner):
            raise AbsError(resource.unknown, f"unknown {resource.name} {entry_id}")
        return entry
