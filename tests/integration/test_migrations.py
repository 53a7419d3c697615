"""Alembic keeps the tables that cannot be rebuilt (SQLite and PostgreSQL):
a database made before Alembic, by `create_all`, is stamped and upgraded
with its rows kept; a new one gets the same tables from the migrations."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, MetaData, insert, inspect, select, text

from adapters.email.ledger import MAIL_MIGRATIONS, mail_engine, mail_metadata
from adapters.persistence.migrate import Migrations
from adapters.persistence.personal_data import KEY_MIGRATIONS, key_metadata
from adapters.slack.store import SLACK_MIGRATIONS, slack_engine, slack_metadata
from projections.db import create_engines
from samverka.bootstrap import bootstrap, upgrade_side_tables
from samverka.settings import Settings
from tests.clock import FixedClock


def _keys_engine(database_url: str) -> Engine:
    store = Settings(database_url=database_url).store
    return create_engines(store.events_sqlalchemy_url, schema=store.schema).write


GROUPS: dict[str, tuple[Migrations, MetaData, Callable[[str], Engine], dict[str, object]]] = {
    "keys": (
        KEY_MIGRATIONS,
        key_metadata,
        _keys_engine,
        {"person_id": "p1", "key": b"k" * 32, "created_at": "2026-01-01"},
    ),
    "mail": (
        MAIL_MIGRATIONS,
        mail_metadata,
        mail_engine,
        {"address": "a", "verified": True, "at": 1.0},
    ),
    "slack": (
        SLACK_MIGRATIONS,
        slack_metadata,
        slack_engine,
        {"scope": "team:T1", "language": "en"},
    ),
}


def _shape(engine: Engine, metadata: MetaData) -> dict[str, object]:
    found = inspect(engine)
    return {
        name: (
            [(c["name"], str(c["type"]), c["nullable"]) for c in found.get_columns(name)],
            found.get_pk_constraint(name)["constrained_columns"],
            sorted((i["name"], tuple(i["column_names"])) for i in found.get_indexes(name)),
        )
        for name in metadata.tables
    }


def _version(engine: Engine, group: str) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text(f"SELECT version_num FROM alembic_version_{group}")).scalar())


@pytest.mark.parametrize("group", GROUPS)
def test_a_database_from_before_alembic_is_stamped_and_keeps_its_rows(
    database_url: str, group: str
) -> None:
    migrations, metadata, engine_for, row = GROUPS[group]
    engine = engine_for(database_url)
    metadata.create_all(engine)  # as every version before Alembic did
    table = next(t for t in metadata.tables.values() if set(row) <= set(t.columns.keys()))
    with engine.begin() as conn:
        conn.execute(insert(table).values(**row))
    before = _shape(engine, metadata)
    migrations.upgrade(engine)
    migrations.upgrade(engine)  # twice: nothing left to do
    assert _version(engine, group) == migrations.first
    with engine.connect() as conn:
        assert len(conn.execute(select(table)).all()) == 1
    assert _shape(engine, metadata) == before
    engine.dispose()


@pytest.mark.parametrize("group", GROUPS)
def test_a_new_database_gets_the_tables_create_all_made(database_url: str, group: str) -> None:
    migrations, metadata, engine_for, _row = GROUPS[group]
    engine = engine_for(database_url)
    migrations.upgrade(engine)
    made = _shape(engine, metadata)
    assert _version(engine, group) == migrations.first
    with engine.begin() as conn:
        for name in reversed(metadata.sorted_tables):
            conn.execute(text(f"DROP TABLE {name}"))
    metadata.create_all(engine)
    assert _shape(engine, metadata) == made
    engine.dispose()


def test_start_and_init_bring_every_group_to_head(database_url: str) -> None:
    settings = Settings(database_url=database_url)
    k = bootstrap(settings, clock=FixedClock())
    try:
        upgrade_side_tables(k.settings)
    finally:
        k.close()
    for group, (migrations, _metadata, engine_for, _row) in GROUPS.items():
        engine = engine_for(database_url)
        assert _version(engine, group) == migrations.first
        engine.dispose()
