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
from projections.db import create_engines


def side_engine(database_url: str, name: str) -> Engine:
    store = store_config(database_url)
    if store.sqlite_path is not None:
        path = store.sqlite_path
        suffix = path.suffix or ".db"
        url = f"sqlite:///{Path(path).with_name(path.stem + '.' + name + suffix)}"
        return create_engines(url).write
    return create_engines(store.sqlalchemy_url, schema=store.schema).write


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
