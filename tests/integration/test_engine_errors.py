"""A database error that reaches a log carries no personal data, and a value the
read model has no room for does not stop the projector (SQLite, PostgreSQL)."""

from __future__ import annotations

import traceback

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from adapters.persistence.side_tables import side_engine
from domain import commands as c
from domain.meta import CORRELATION_ID_MAX, Meta
from projections import tables as t
from projections.plan import queries as q
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


def test_an_old_event_with_a_huge_correlation_id_still_reaches_the_audit_trail(
    container: Container,
) -> None:
    # Recorded before make_meta checked correlation ids (a 4 MB X-Request-Id was).
    legacy = Meta(
        actor="system", channel="api", source_id=None, correlation_id="c" * 4000, business_date=None
    )
    person = container.app.execute(c.RegisterPerson(name="Anna Jonsson"), legacy).aggregate_id
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        (row,) = container.trail.page(q.AuditFilter(aggregate_id=str(person)), limit=10, conn=conn)[
            0
        ]
    assert row["correlation_id"] == "c" * CORRELATION_ID_MAX
