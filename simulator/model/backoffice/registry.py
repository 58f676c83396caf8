"""The back office's tables: entries with an id, an owner and their field values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Iterable, Iterator, TypeVar

from .access import Access
from .catalogue import RESOURCES, Resource
from .fields import Kind
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


K = TypeVar("K")
V = TypeVar("V")
Key = tuple[str, ...]
"""The fields an index is kept on, in order."""


class Table:
    """Entries of one kind; ids count up from 1 and are never reused.

    ``where`` finds entries through an index when one covers its fields, so a
    lookup costs what it finds, not the table's size.  A change to an indexed
    field therefore goes through :meth:`set` or :meth:`replace`, never straight
    into ``entry.values``."""

    def __init__(self, indexes: Iterable[Key] = ()) -> None:
        self.rows: dict[int, Entry] = {}
        self._next = 1
        self.version = 0
        """Counts the changes made through the table (a reader may cache what it derived)."""
        self._indexes: dict[Key, dict[tuple[Any, ...], dict[int, Entry]]] = {tuple(key): {} for key in indexes}
        self._plans: dict[tuple[str, ...], tuple[Key | None, tuple[str, ...]]] = {}
        """Which index answers a query naming these fields, and what it leaves to check."""
        self._unsorted: set[tuple[Key, tuple[Any, ...]]] = set()
        """Buckets an update put an older entry at the end of: sorted by id when next asked."""

    def add(self, owner: str, values: dict[str, Any], **extra: Any) -> Entry:
        entry = Entry(self._next, owner, values, dict(extra))
        self.rows[entry.id] = entry
        self._next += 1
        self.version += 1
        self._index(entry)
        return entry

    def get(self, entry_id: int) -> Entry | None:
        return self.rows.get(entry_id)

    def remove(self, entry_id: int) -> None:
        self.version += 1
        self._unindex(self.rows.pop(entry_id))

    def set(self, entry: Entry, **values: Any) -> None:
        """Change some of an entry's fields in place, keeping the indexes right."""
        self.version += 1
        if any(name in key for key in self._indexes for name in values):
            self._unindex(entry)
            entry.values.update(values)
            self._index(entry)
        else:
            entry.values.update(values)

    def replace(self, entry: Entry, values: dict[str, Any]) -> None:
        """Give an entry new field values (an update), keeping the indexes right."""
        self.version += 1
        self._unindex(entry)
        entry.values = values
        self._index(entry)

    def __iter__(self) -> Iterator[Entry]:
        return iter(list(self.rows.values()))

    def __len__(self) -> int:
        return len(self.rows)

    def where(self, **values: Any) -> list[Entry]:
        """The entries whose fields equal ``values``, in id order."""
        key, rest = self._covering(tuple(values))
        if key is None:
            return [e for e in self.rows.values() if all(e.values.get(k) == v for k, v in values.items())]
        index, value = self._indexes[key], tuple(values[name] for name in key)
        try:
            bucket = index.get(value)
        except TypeError:  # an unhashable value matches no indexed (hashable) field
            return [e for e in self.rows.values() if all(e.values.get(k) == v for k, v in values.items())]
        if not bucket:
            return []
        if (key, value) in self._unsorted:
            self._unsorted.discard((key, value))
            bucket = index[value] = dict(sorted(bucket.items()))
        if rest:  # the bucket matches the index's fields already: check only the others
            return [e for e in bucket.values() if all(e.values.get(k) == values[k] for k in rest)]
        return list(bucket.values())

    def _covering(self, names: tuple[str, ...]) -> tuple[Key | None, tuple[str, ...]]:
        """The longest index whose fields are all among ``names``, and the names it leaves."""
        known = self._plans.get(names)
        if known is None:
            best: Key | None = None
            for key in self._indexes:
                if (best is None or len(key) > len(best)) and all(name in names for name in key):
                    best = key
            known = self._plans[names] = (best, tuple(n for n in names if best is None or n not in best))
        return known

    def _index(self, entry: Entry) -> None:
        for key, index in self._indexes.items():
            value = tuple(entry.values.get(name) for name in key)
            try:
                bucket = index.setdefault(value, {})
            except TypeError:
                continue  # an unhashable value (a list) is never looked up by equality here
            if bucket and entry.id < next(reversed(bucket)):
                self._unsorted.add((key, value))
            bucket[entry.id] = entry

    def _unindex(self, entry: Entry) -> None:
        for key, index in self._indexes.items():
            value = tuple(entry.values.get(name) for name in key)
            try:
                bucket = index.get(value)
            except TypeError:
                continue
            if bucket is not None:
                bucket.pop(entry.id, None)
                if not bucket:
                    del index[value]


class Derived(Generic[K, V]):
    """Values worked out from some tables, forgotten as soon as any of them changes (through
    the table: see :attr:`Table.version`); for lookups asked far more often than edited."""

    def __init__(self, *tables: Table) -> None:
        self._tables = tables
        self._versions: tuple[int, ...] = ()
        self._values: dict[K, V] = {}

    def get(self, key: K, compute: Callable[[K], V | None]) -> V | None:
        """The value for ``key``, computed by ``compute(key)`` unless known (None is not kept)."""
        versions = tuple(table.version for table in self._tables)
        if versions != self._versions:
            self._values.clear()
            self._versions = versions
        value = self._values.get(key)
        if value is None:
            value = compute(key)
            if value is not None:
                self._values[key] = value
        return value


def lookups(resource: Resource) -> list[Key]:
    """What the back office finds entries of a resource by: each reference to another
    entry, each unique key, and the resource's own extra lookups."""
    refs = [(f.name,) for f in resource.fields if f.kind is Kind.ID and f.ref]
    return [*refs, *(keys for keys, _ in resource.unique), *resource.lookups]


class Registry:
    """One table per resource of the catalogue, and the visibility lookups."""

    def __init__(self) -> None:
        self.tables: dict[str, Table] = {name: Table(lookups(resource)) for name, resource in RESOURCES.items()}

    def __getitem__(self, name: str) -> Table:
        return self.tables[name]

    def visible(self, access: Access, resource: Resource, entry_id: int) -> Entry:
        """The entry if the request's access sees it, else the resource's unknown code."""
        entry = self.tables[resource.name].get(entry_id)
        if entry is None or not access.sees(entry.owner):
            raise AbsError(resource.unknown, f"unknown {resource.name} {entry_id}")
        return entry
