"""Row stores: where projection handlers read and write rows by key.

Handlers see one small interface (`get`, `put`, `delete`, `append`) and do
not know whether rows live in memory (time travel, tests) or in SQL tables
(the live views). The SQL store keeps the rows it has seen in a cache and
writes a whole batch at once, so a projection costs a few statements per
batch rather than several per event.
"""

from __future__ import annotations

import functools
import operator
import os
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, Table, select

Row = dict[str, Any]


def rows_of(conn: Connection, query: Any) -> list[Row]:
    """The rows a query selects, as dicts. `dict(row_mapping)` works out the
    column names again for every row, which on an initiative with hundreds
    of decisions cost more than the query itself."""
    result = conn.execute(query)
    keys = tuple(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result.fetchall()]


def first(conn: Connection, query: Any) -> Row | None:
    """The first row a query selects, as a dict (None: there is none)."""
    found = conn.execute(query).mappings().first()
    return dict(found) if found is not None else None


Key = tuple[Any, ...]
_DELETED: Row = {}
# Rows kept in memory between batches (bounded for very large plans).
CACHE_LIMIT = int(os.environ.get("SAMVERKA_ROW_CACHE_LIMIT") or 500_000)


@functools.cache
def pk_names(table: Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.primary_key.columns)


def _key_getter(table: Table) -> Callable[[Mapping[str, Any]], Key]:
    names = pk_names(table)
    if len(names) == 1:
        (name,) = names
        return lambda row: (row[name],)
    return operator.itemgetter(*names)


_KEY_GETTERS: dict[Table, Callable[[Mapping[str, Any]], Key]] = {}


def key_of(table: Table, row: Mapping[str, Any]) -> Key:
    getter = _KEY_GETTERS.get(table)
    if getter is None:
        getter = _KEY_GETTERS[table] = _key_getter(table)
    return getter(row)


def require(rows: RowStore, table: Table, *key: Any) -> Row:
    """The row a handler updates; the event log guarantees creation came first."""
    row = rows.get(table, *key)
    if row is None:
        raise LookupError(f"{table.name} row {key} missing")
    return row


def fields(event: Any, *names: str) -> Row:
    """The event's attributes of these names, as the row's values."""
    return {name: getattr(event, name) for name in names}


def optional_id(value: Any) -> str | None:
    """An event's id (a UUID, or None) as the read tables keep it: text."""
    return str(value) if value is not None else None


class RowStore(Protocol):
    def get(self, table: Table, *key: Any) -> Row | None:
        """The row with this primary key, or None. Do not mutate it: put a copy."""

    def put(self, table: Table, row: Row) -> None:
        """Inserts or replaces the row with the same primary key."""

    def delete(self, table: Table, *key: Any) -> None: ...

    def append(self, table: Table, row: Row) -> None:
        """Inserts a row that is never read back by handlers (history)."""


class MemoryRowStore:
    """Rows in dictionaries: for `--as-of` time travel and for tests."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[Key, Row]] = defaultdict(dict)

    def get(self, table: Table, *key: Any) -> Row | None:
        return self.tables[table.name].get(tuple(key))

    def put(self, table: Table, row: Row) -> None:
        self.tables[table.name][key_of(table, row)] = row

    def delete(self, table: Table, *key: Any) -> None:
        self.tables[table.name].pop(tuple(key), None)

    def append(self, table: Table, row: Row) -> None:
        self.put(table, row)

    def rows(self, table: Table) -> list[Row]:
        return [self.tables[table.name][k] for k in sorted(self.tables[table.name])]


class SqlRowStore:
    """Rows cached in memory, changes written per batch by `flush`.

    The cache outlives a batch: every write to the view tables goes through a
    flush guarded by the tracking position, so nobody else can have changed a
    cached row without the guard failing first (then `forget` clears it).
    """

    def __init__(self, *, empty: bool = False, cache_limit: int | None = None) -> None:
        self.cache_limit = CACHE_LIMIT if cache_limit is None else cache_limit
        # `empty` says the tables are known to be empty (a fresh rebuild), so
        # a cache miss needs no SELECT.
        self._empty = empty
        self._cache: dict[tuple[str, Key], Row] = {}
        self._dirty: dict[str, dict[Key, Row]] = defaultdict(dict)
        self._appends: dict[str, list[Row]] = defaultdict(list)
        self._tables: dict[str, Table] = {}
        self._reader: Connection | None = None

    def bind_reader(self, connection: Connection | None) -> None:
        self._reader = connection

    def get(self, table: Table, *key: Any) -> Row | None:
        ck = (table.name, tuple(key))
        if ck in self._cache:
            cached = self._cache[ck]
            return None if cached is _DELETED else cached
        loaded = None if self._empty else self._load(table, tuple(key))
        self._cache[ck] = _DELETED if loaded is None else loaded
        return loaded

    def _load(self, table: Table, key: Key) -> Row | None:
        if self._reader is None:
            raise RuntimeError("SqlRowStore has no reader connection bound")
        cols = list(table.primary_key.columns)
        query = select(table).where(*(c == v for c, v in zip(cols, key, strict=True)))
        found = self._reader.execute(query).mappings().first()
        # str(): column names come back as quoted_name, which marshal refuses.
        return {str(k): v for k, v in found.items()} if found is not None else None

    def put(self, table: Table, row: Row) -> None:
        key = key_of(table, row)
        self._tables[table.name] = table
        self._cache[(table.name, key)] = row
        self._dirty[table.name][key] = row

    def delete(self, table: Table, *key: Any) -> None:
        self._tables[table.name] = table
        self._cache[(table.name, tuple(key))] = _DELETED
        self._dirty[table.name][tuple(key)] = _DELETED

    def append(self, table: Table, row: Row) -> None:
        self._tables[table.name] = table
        self._appends[table.name].append(row)

    @property
    def pending(self) -> int:
        return sum(map(len, self._dirty.values())) + sum(map(len, self._appends.values()))

    def take_changes(self) -> Changes:
        """Hands over the changes made since the last call (the cache stays)."""
        changes = Changes(
            dirty={self._tables[n]: rows for n, rows in self._dirty.items()},
            appends={self._tables[n]: rows for n, rows in self._appends.items()},
        )
        self._dirty = defaultdict(dict)
        self._appends = defaultdict(list)
        return changes

    def flush(self, connection: Connection) -> None:
        """Writes every change since the last flush in the caller's transaction."""
        write_changes(connection, self.take_changes())
        if self.cache_is_full:
            self.trim()

    @property
    def cache_is_full(self) -> bool:
        return len(self._cache) > self.cache_limit

    def trim(self) -> None:
        """Empties the cache; only when every change has been written."""
        self._cache.clear()
        self._empty = False

    def forget(self) -> None:
        """Drops cache and pending changes (after a failed or lost flush)."""
        self._cache.clear()
        self._dirty.clear()
        self._appends.clear()
        self._empty = False


@dataclass
class Changes:
    """Rows to upsert or delete (`_DELETED`) by key, and rows to insert."""

    dirty: dict[Table, dict[Key, Row]]
    appends: dict[Table, list[Row]]

    def __len__(self) -> int:
        return sum(map(len, self.dirty.values())) + sum(map(len, self.appends.values()))


def write_changes(connection: Connection, changes: Changes) -> None:
    from projections.bulk import write_rows

    for table, by_key in changes.dirty.items():
        gone = [k for k, row in by_key.items() if row is _DELETED]
        rows = [row for row in by_key.values() if row is not _DELETED]
        if gone:
            write_rows(connection, table, "delete", gone)
        if rows:
            write_rows(connection, table, "upsert", rows)
    for table, appended in changes.appends.items():
        write_rows(connection, table, "insert", appended)
