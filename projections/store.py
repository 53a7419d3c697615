"""Row stores: where projection handlers read and write rows by key.

Handlers see one small interface (`get`, `put`, `delete`, `append`) and do
not know whether rows live in memory (time travel, tests) or in SQL tables
(the live views). The SQL store keeps the rows it has seen in a cache and
writes a whole batch at once, so a projection costs a few statements per
batch rather than several per event.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from sqlalchemy import Connection, Table, delete, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite

Row = dict[str, Any]
Key = tuple[Any, ...]
_DELETED: Row = {}
CACHE_LIMIT = 200_000


def key_of(table: Table, row: Mapping[str, Any]) -> Key:
    return tuple(row[c.name] for c in table.primary_key.columns)


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

    def __init__(self, *, empty: bool = False) -> None:
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
        return dict(found) if found is not None else None

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

    def flush(self, connection: Connection) -> None:
        """Writes every change since the last flush in the caller's transaction."""
        for name, changes in self._dirty.items():
            table = self._tables[name]
            gone = [k for k, row in changes.items() if row is _DELETED]
            rows = [row for row in changes.values() if row is not _DELETED]
            if gone:
                cols = list(table.primary_key.columns)
                for chunk in _chunks(gone, 500):
                    connection.execute(delete(table).where(tuple_(*cols).in_(chunk)))
            if rows:
                connection.execute(_upsert(connection, table), rows)
        for name, appended in self._appends.items():
            connection.execute(self._tables[name].insert(), appended)
        self._dirty.clear()
        self._appends.clear()
        if len(self._cache) > CACHE_LIMIT:
            self._cache.clear()
            self._empty = False

    def forget(self) -> None:
        """Drops cache and pending changes (after a failed or lost flush)."""
        self._cache.clear()
        self._dirty.clear()
        self._appends.clear()
        self._empty = False


def _chunks(items: list[Key], size: int) -> Iterable[list[Key]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _upsert(connection: Connection, table: Table) -> Any:
    """INSERT ... ON CONFLICT (pk) DO UPDATE, in the connection's dialect."""
    dialect = connection.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(table)
    pk = [c.name for c in table.primary_key.columns]
    others = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in pk}
    if not others:
        return stmt.on_conflict_do_nothing(index_elements=pk)
    return stmt.on_conflict_do_update(index_elements=pk, set_=others)
