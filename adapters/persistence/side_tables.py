"""Where an adapter keeps its own bookkeeping tables (what Slack and the
mail server were already sent, installations, preferences): beside a SQLite
events file as `<stem>.<name>.db`, so the event store's single writer is
never held up by them; on PostgreSQL in the same database and schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import Engine, Table, insert, update
from sqlalchemy.exc import IntegrityError

from adapters.persistence.migrate import Migrations
from adapters.persistence.store import store_config
from projections.db import Engines, create_engines


def side_engine(database_url: str, name: str) -> Engine:
    """The engine an adapter writes its side tables with (and may read them with)."""
    return side_engines(database_url, name).write


def side_engines(database_url: str, name: str) -> Engines:
    """Reads and writes of the side tables `name`. On SQLite a transaction of
    the write engine takes the file's write lock at BEGIN, a plain read's too;
    reads that are on every request (the web door's session) use `read`,
    which waits for no writer. On PostgreSQL both are one engine."""
    store = store_config(database_url)
    if store.sqlite_path is not None:
        path = store.sqlite_path
        suffix = path.suffix or ".db"
        return create_engines(f"sqlite:///{Path(path).with_name(path.stem + '.' + name + suffix)}")
    return create_engines(store.sqlalchemy_url, schema=store.schema)


def side_reader(engine: Engine) -> Engine:
    """An engine to read `engine`'s tables with: on SQLite one whose
    transactions begin without taking the write lock (the side engine's
    BEGIN IMMEDIATE would make every read wait for the writers); elsewhere
    the same engine."""
    if engine.dialect.name != "sqlite":
        return engine
    return create_engines(engine.url.render_as_string(hide_password=False)).read


def insert_new(engine: Engine, table: Table, **row: Any) -> bool:
    """Inserts `row` in a transaction of its own; False (and nothing written)
    when a row with its key is there already, written by an earlier attempt
    or meanwhile by another process."""
    try:
        with engine.begin() as conn:
            conn.execute(insert(table).values(**row))
    except IntegrityError:
        return False
    return True


def put(engine: Engine, table: Table, key: str, value: str, **row: Any) -> None:
    """The row whose `key` column is `value` holds `row` now (updated, or inserted)."""
    with engine.begin() as conn:
        found = conn.execute(update(table).where(table.c[key] == value).values(**row))
        if found.rowcount == 0:
            conn.execute(insert(table).values({key: value, **row}))


class SideStore:
    """A front door's own tables (they cannot be rebuilt from events): its
    engine, upgraded to its Alembic head when the store is made."""

    migrations: ClassVar[Migrations]

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.migrations.upgrade(engine)
