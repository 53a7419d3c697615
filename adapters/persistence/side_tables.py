"""Where an adapter keeps its own bookkeeping tables (what Slack and the
mail server were already sent, installations, preferences): beside a SQLite
events file as `<stem>.<name>.db`, so the event store's single writer is
never held up by them; on PostgreSQL in the same database and schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, insert
from sqlalchemy.exc import IntegrityError

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
