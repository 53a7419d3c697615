"""The read tables carry a schema version (SQLite and PostgreSQL): a changed
table definition rebuilds them at start, an unchanged one does not."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import String, inspect

from domain import commands as c
from projections import rebuild as rebuild_module
from projections import schema_version
from projections import tables as t
from samverka.bootstrap import Container, bootstrap
from samverka.settings import Settings
from tests.clock import FixedClock
from tests.integration.scenario import meta


def _start(settings: Settings) -> Container:
    k = bootstrap(settings, clock=FixedClock())
    k.projector.catch_up()
    return k


def _names(k: Container) -> list[str]:
    return [p["name"] for p in k.plan.persons_page(limit=10, offset=0).items]


@pytest.fixture
def rebuilds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the rebuilds a start does."""
    calls: list[int] = []
    real = rebuild_module.rebuild

    def counted(*args: Any, **kwargs: Any) -> int:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(rebuild_module, "rebuild", counted)
    return calls


def test_unchanged_tables_are_not_rebuilt(settings: Settings, rebuilds: list[int]) -> None:
    k = _start(settings)
    k.app.execute(c.RegisterPerson(name="Anna Jonsson"), meta())
    k.close()
    again = _start(settings)
    try:
        assert _names(again) == ["Anna Jonsson"]
        assert schema_version.is_current(again.engines)
    finally:
        again.close()
    assert rebuilds == []


def test_a_changed_definition_rebuilds_the_read_tables_at_start(
    settings: Settings, rebuilds: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    k = _start(settings)
    k.app.execute(c.RegisterPerson(name="Anna Jonsson"), meta())
    k.close()
    column = t.persons.c.slack_user_id
    assert isinstance(column.type, String) and column.type.length == 32
    monkeypatch.setattr(column.type, "length", 64)  # a new version of the projection
    changed = _start(settings)
    try:
        assert rebuilds == [1]
        assert _names(changed) == ["Anna Jonsson"]  # replayed from the events
        found = {
            col["name"]: col["type"] for col in inspect(changed.engines.read).get_columns("persons")
        }
        assert getattr(found["slack_user_id"], "length", None) == 64
    finally:
        changed.close()
    _start(settings).close()  # and current from then on
    assert rebuilds == [1]


def test_a_replay_records_the_version_it_built(settings: Settings) -> None:
    k = _start(settings)
    try:
        with k.engines.write.begin() as conn:
            conn.execute(schema_version.view_schema.delete())
        assert not schema_version.is_current(k.engines)
        rebuild_module.rebuild(k.app, k.engines)
        assert schema_version.is_current(k.engines)
    finally:
        k.close()
