"""Alembic keeps the tables that cannot be rebuilt (SQLite and PostgreSQL):
a database made before Alembic, by `create_all`, is stamped and upgraded
with its rows kept; a new one gets the same tables from the migrations."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import Engine, MetaData, insert, inspect, select, text

from adapters.email.ledger import MAIL_MIGRATIONS, mail_engine, mail_metadata
from adapters.persistence.migrate import Migrations
from adapters.persistence.personal_data import KEY_MIGRATIONS, PersonalDataCipher, key_metadata
from adapters.slack.store import SLACK_MIGRATIONS, slack_engine, slack_metadata
from adapters.teams.store import TEAMS_MIGRATIONS, teams_engine, teams_metadata
from adapters.web.sessions import WEB_MIGRATIONS, web_engine, web_metadata
from domain import commands as c
from projections.db import create_engines
from samverka.bootstrap import bootstrap, upgrade_side_tables
from samverka.settings import Settings
from services.integrity import verify
from tests.clock import FixedClock
from tests.integration.scenario import meta


def _keys_engine(database_url: str) -> Engine:
    store = Settings(database_url=database_url).store
    return create_engines(store.events_sqlalchemy_url, schema=store.schema).write


def _slack_tables() -> MetaData:
    """Ours, and the OAuth installations slack_sdk used to make itself."""
    combined = MetaData()
    for table in slack_metadata.tables.values():
        table.to_metadata(combined)
    SQLAlchemyInstallationStore.build_installations_table(combined, "slack_installations")
    SQLAlchemyInstallationStore.build_bots_table(combined, "slack_bots")
    return combined


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
        _slack_tables(),
        slack_engine,
        {"scope": "team:T1", "language": "en"},
    ),
    "teams": (
        TEAMS_MIGRATIONS,
        teams_metadata,
        teams_engine,
        {"scope": "user:0b0b0b0b-0000-4000-8000-00000000b002", "language": "en"},
    ),
    "web": (
        WEB_MIGRATIONS,
        web_metadata,
        web_engine,
        {"token_hash": "h" * 64, "person_id": "p1", "created_at": "t", "last_seen": "t"},
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


HEADS = {
    "keys": "keys_0002",
    "mail": "mail_0001",
    "slack": "slack_0002",
    "teams": "teams_0002",
    "web": "web_0003",
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
    assert _version(engine, group) == HEADS[group]
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
    assert _version(engine, group) == HEADS[group]
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
    for group, (_migrations, _metadata, engine_for, _row) in GROUPS.items():
        engine = engine_for(database_url)
        assert _version(engine, group) == HEADS[group]
        engine.dispose()


def test_a_store_from_before_alembic_keeps_its_chain_and_its_people(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(database_url=database_url)
    with monkeypatch.context() as before:  # keys by create_all, the chain by the recorder
        before.setattr(
            PersonalDataCipher, "create_table", lambda self: key_metadata.create_all(self.engine)
        )
        k = bootstrap(settings, clock=FixedClock())
        anna = k.app.execute(c.RegisterPerson(name="Anna Jonsson"), meta()).aggregate_id
        k.close()
    engine = _keys_engine(database_url)
    assert not inspect(engine).has_table("alembic_version_keys")
    again = bootstrap(settings, clock=FixedClock())
    try:
        assert _version(engine, "keys") == HEADS["keys"]
        again.app.execute(c.RegisterPerson(name="Bengt Stavenow"), meta())
        assert verify(again.app.recorder).ok
        again.projector.catch_up()
        names = {p["id"]: p["name"] for p in again.plan.persons_page(limit=10, offset=0).items}
        assert names[str(anna)] == "Anna Jonsson"
    finally:
        again.close()
        engine.dispose()


@pytest.mark.parametrize("group", GROUPS)
def test_the_head_each_group_names_is_its_newest_migration(group: str) -> None:
    # A process whose tables are at `head` skips Alembic altogether, so a new
    # migration must move `head` too.
    migrations = GROUPS[group][0]
    config = Config()
    config.set_main_option("script_location", str(migrations.folder))
    assert ScriptDirectory.from_config(config).get_heads() == [migrations.head]
    assert migrations.head == HEADS[group]


@pytest.mark.parametrize("group", ["keys", "slack"])
def test_tables_at_an_older_revision_are_upgraded(database_url: str, group: str) -> None:
    migrations, _metadata, engine_for, _row = GROUPS[group]
    engine = engine_for(database_url)
    migrations.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE alembic_version_{group} SET version_num = '{group}_0001'"))
        assert not migrations.at_head(conn)
    migrations.upgrade(engine)  # runs 0002 again, which adopts its tables as they are
    assert _version(engine, group) == HEADS[group]
    engine.dispose()
