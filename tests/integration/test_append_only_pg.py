"""PostgreSQL: the SQL in adapters/persistence/sql/revoke_event_updates.sql leaves the
application role able to append events but not to change or remove them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from domain import commands as c
from samverka.bootstrap import bootstrap
from samverka.settings import Settings
from services.integrity import verify
from tests.conftest import PG_URL, require_postgres
from tests.integration.scenario import meta

SQL = (
    Path(__file__).resolve().parents[2]
    / "adapters"
    / "persistence"
    / "sql"
    / "revoke_event_updates.sql"
)


def script(role: str, schema: str) -> str:
    """The file as psql would run it with -v app_role=... -v schema=..."""
    lines = [line for line in SQL.read_text().splitlines() if not line.startswith("\\")]
    return "\n".join(lines).replace(':"app_role"', f'"{role}"').replace(':"schema"', f'"{schema}"')


@pytest.fixture
def owner_and_app() -> Iterator[tuple[str, str, str]]:
    require_postgres()
    suffix = uuid.uuid4().hex[:10]
    schema, role = f"ao_{suffix}", f"app_{suffix}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
        conn.execute(f'CREATE ROLE "{role}" LOGIN')
    owner_url = f"{PG_URL}?schema={schema}"
    app_url = PG_URL.replace("postgres@", f"{role}@", 1) + f"?schema={schema}"
    try:
        yield owner_url, app_url, schema
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
            conn.execute(f'DROP OWNED BY "{role}"')
            conn.execute(f'DROP ROLE "{role}"')


@pytest.mark.postgres
def test_the_application_role_appends_but_cannot_rewrite_history(
    owner_and_app: tuple[str, str, str],
) -> None:
    owner_url, app_url, schema = owner_and_app
    role = app_url.split("://", 1)[1].split("@", 1)[0]
    owner = bootstrap(Settings(database_url=owner_url))  # the owner creates every table
    owner.app.execute(c.RegisterPerson(name="Anna Jonsson"), meta())
    owner.close()
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"')
        conn.execute(f'GRANT ALL ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"')
        conn.execute(f'GRANT ALL ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{role}"')
        conn.execute(script(role, schema))

    k = bootstrap(Settings(database_url=app_url, create_event_tables=False))
    try:
        k.app.execute(c.RegisterPerson(name="Bengt Stavenow"), meta())  # appending works
        k.projector.catch_up()
        assert verify(k.app.recorder).ok
    finally:
        k.close()
    with psycopg.connect(app_url.split("?")[0], autocommit=True) as conn:
        conn.execute(f'SET search_path TO "{schema}"')
        for statement in (
            "UPDATE samverka_events SET state = state",
            "DELETE FROM samverka_events",
            "TRUNCATE samverka_events",
            "UPDATE samverka_chain SET link = link",
            "DELETE FROM samverka_chain",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        assert conn.execute("SELECT count(*) FROM samverka_events").fetchone() == (2,)
