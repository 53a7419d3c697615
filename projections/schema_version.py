"""The read tables' schema version: a digest of their definitions, kept in
`view_schema` beside them, so that a changed projection rebuilds itself.

At start (`ensure_current`) the digest of today's table definitions is
compared with the stored one. Equal: nothing to do. Different, or none
stored: the read tables are dropped and replayed from event 1 (or, when
nothing has been projected yet, simply made). Any rebuild, `samverka
replay` included, stores the digest it built.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
from collections.abc import Iterator
from pathlib import Path

import structlog
from sqlalchemy import Connection, Dialect, MetaData, String, Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from projections import tables as t
from projections.db import Engines

log = structlog.get_logger(__name__)

schema_metadata = MetaData()
view_schema = Table(
    "view_schema", schema_metadata, *t.key(name=String(100)), *t.required(digest=String(64))
)
VIEWS_SCHEMA = "views"
# pg_advisory_lock key for "checking the read tables' version" (any constant
# that no other lock in the database uses).
ADVISORY_KEY = 0x5A6D_7672


def view_tables() -> list[Table]:
    return [table for table in t.metadata.sorted_tables if table is not t.tracking]


def digest(connected: Dialect) -> str:
    """SHA-256 of the DDL that makes every read table and index on the
    database of `connected`, compiled by a fresh dialect of the same kind so
    that it does not depend on the server's version."""
    dialect = fresh_dialect(connected.name)
    text = []
    for table in sorted(view_tables(), key=lambda table: table.name):
        text.append(str(CreateTable(table).compile(dialect=dialect)))
        for index in sorted(table.indexes, key=lambda index: str(index.name)):
            text.append(str(CreateIndex(index).compile(dialect=dialect)))
    return hashlib.sha256("\n".join(text).encode()).hexdigest()


def fresh_dialect(name: str) -> Dialect:
    if name == "postgresql":
        return postgresql.dialect()  # type: ignore[no-untyped-call]
    return sqlite.dialect()


def stored(conn: Connection) -> str | None:
    found = conn.execute(select(view_schema.c.digest).where(view_schema.c.name == VIEWS_SCHEMA))
    return found.scalar()


def record(conn: Connection) -> None:
    """Stores the digest of today's definitions: the read tables were just made."""
    schema_metadata.create_all(conn)
    conn.execute(view_schema.delete().where(view_schema.c.name == VIEWS_SCHEMA))
    conn.execute(view_schema.insert().values(name=VIEWS_SCHEMA, digest=digest(conn.dialect)))


def is_current(engines: Engines) -> bool:
    schema_metadata.create_all(engines.write)
    with engines.read.connect() as conn:
        return stored(conn) == digest(conn.dialect)


@contextlib.contextmanager
def exclusive(engines: Engines) -> Iterator[None]:
    """One process at a time checks (and rebuilds) the read tables."""
    if engines.write.dialect.name == "postgresql":
        with engines.write.connect() as conn:
            conn.execute(select(func.pg_advisory_lock(ADVISORY_KEY)))
            conn.commit()
            try:
                yield
            finally:
                conn.execute(select(func.pg_advisory_unlock(ADVISORY_KEY)))
                conn.commit()
        return
    database = engines.write.url.database
    if not database or database == ":memory:":
        yield
        return
    path = Path(database).with_suffix(".schema.lock")
    with path.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # released when closed
        yield
