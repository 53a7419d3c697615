"""A database error that reaches a log carries no personal data (SQLite, PostgreSQL)."""

from __future__ import annotations

import traceback

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from adapters.side_tables import side_engine
from projections import tables as t
from samverka.bootstrap import Container

NAME, EMAIL = "Anna Jonsson", "anna.jonsson@example.se"


def test_a_failing_statement_does_not_repeat_its_values(container: Container) -> None:
    engines = {
        "read model": container.engines.write,
        "side tables": side_engine(container.settings.database_url, "slack"),
    }
    for what, engine in engines.items():
        t.persons.create(engine, checkfirst=True)
        row = {
            "id": None,  # NOT NULL: the insert fails
            "name": NAME,
            "email": EMAIL,
            "organisation": "Region Värmland",
            "forgotten": False,
            "version": 1,
            "created_at": "2026-11-03T09:30:00+00:00",
            "updated_at": "2026-11-03T09:30:00+00:00",
        }
        with pytest.raises(IntegrityError) as raised, engine.begin() as conn:
            conn.execute(insert(t.persons), row)
        logged = "".join(traceback.format_exception(raised.value))
        assert "persons" in str(raised.value), what  # still says what failed
        for value in (NAME, EMAIL, "Region Värmland"):
            assert value not in logged, (what, logged)
        if engine is not container.engines.write:
            engine.dispose()
