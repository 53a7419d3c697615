"""The hash chain on SQLite and PostgreSQL: tampering straight in the database
(a changed byte, a deleted row, two swapped rows) is caught at the first bad position."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest

from samverka.bootstrap import Container
from services.i18n import translator
from services.integrity import CHAIN_TABLE, GENESIS, Digest, chain_link, head, id_bytes, verify
from tests.conftest import PG_URL
from tests.integration.scenario import more_history, seed_plan


@contextmanager
def raw(k: Container) -> Iterator[Callable[..., list[Any]]]:
    """Runs SQL on the event tables behind the application's back."""
    store = k.settings.store
    if store.kind == "sqlite":
        conn = sqlite3.connect(str(store.sqlite_path), isolation_level=None)

        def run(sql: str, *params: Any) -> list[Any]:
            return conn.execute(
                sql.replace("%s", "?")
                .replace("notification_id", "rowid")
                .replace("EVENTS", "stored_events"),
                params,
            ).fetchall()

        try:
            yield run
        finally:
            conn.close()
        return
    with psycopg.connect(PG_URL, autocommit=True) as pg:
        pg.execute(f'SET search_path TO "{store.schema}"')

        def run_pg(sql: str, *params: Any) -> list[Any]:
            cursor = pg.execute(sql.replace("EVENTS", "samverka_events"), params)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []

        yield run_pg


@pytest.fixture
def history(container: Container) -> Container:
    plan = seed_plan(container.app)
    more_history(container.app, plan)
    assert verify(container.app.recorder).ok
    return container


def test_an_untouched_log_verifies_and_extends_an_earlier_digest(history: Container) -> None:
    k = history
    earlier = head(k.app.recorder)
    more_history(k.app, seed_plan_again(k))
    verdict = verify(k.app.recorder, earlier)
    assert verdict.ok and verdict.head.position > earlier.position
    assert verdict.events == k.app.recorder.max_notification_id()
    with raw(k) as sql:
        links = sql(f"SELECT position, prev_position FROM {CHAIN_TABLE} ORDER BY position")
    assert [p for p, _ in links] == list(range(1, verdict.events + 1))
    assert [q for _, q in links] == list(range(verdict.events))


def seed_plan_again(k: Container) -> Any:
    from domain import commands as c
    from tests.integration.scenario import Plan, meta

    anna = k.app.execute(c.RegisterPerson(name="Anna Jonsson"), meta()).aggregate_id
    arena = k.app.execute(c.CreateArena(code="2.8", name="Ny delarena"), meta()).aggregate_id
    k.app.execute(c.AddMember(arena_id=arena, person_id=anna, role="moderator"), meta())
    i = k.app.execute(
        c.CreateInitiative(arena_id=arena, code="2.8.1", title="T"), meta()
    ).aggregate_id
    return Plan(anna=anna, bengt=anna, arena=arena, i272=i, i274=i)


def test_a_changed_byte_is_caught_at_its_position(history: Container) -> None:
    with raw(history) as sql:
        (state,) = sql("SELECT state FROM EVENTS WHERE notification_id = %s", 5)[0]
        changed = bytearray(state)
        changed[len(changed) // 2] ^= 0x01
        sql("UPDATE EVENTS SET state = %s WHERE notification_id = %s", bytes(changed), 5)
    verdict = verify(history.app.recorder)
    assert (verdict.ok, verdict.bad_position) == (False, 5)
    assert "altered" in (verdict.problem or "")
    assert verdict.reason is not None  # the same problem, said to a Swedish reader
    assert verdict.reason.say(translator("sv")) == (
        "händelsen eller dess kedjelänk har ändrats (hashen skiljer sig)"
    )


def test_a_deleted_row_is_caught_with_or_without_its_link(history: Container) -> None:
    with raw(history) as sql:
        sql("DELETE FROM EVENTS WHERE notification_id = %s", 7)
    verdict = verify(history.app.recorder)
    assert (verdict.ok, verdict.bad_position) == (False, 7)
    with raw(history) as sql:
        sql(f"DELETE FROM {CHAIN_TABLE} WHERE position = %s", 7)
    verdict = verify(history.app.recorder)
    assert (verdict.ok, verdict.bad_position) == (False, 7)
    assert "removed" in (verdict.problem or "")


def test_two_swapped_rows_are_caught_at_the_first(history: Container) -> None:
    with raw(history) as sql:
        sql("UPDATE EVENTS SET notification_id = %s WHERE notification_id = %s", 10_000, 4)
        sql("UPDATE EVENTS SET notification_id = %s WHERE notification_id = %s", 4, 9)
        sql("UPDATE EVENTS SET notification_id = %s WHERE notification_id = %s", 9, 10_000)
    verdict = verify(history.app.recorder)
    assert (verdict.ok, verdict.bad_position) == (False, 4)


def test_a_rewritten_chain_or_a_cut_tail_no_longer_extends_the_digest(history: Container) -> None:
    k = history
    kept = head(k.app.recorder)
    with raw(k) as sql:
        rows = sql(
            "SELECT notification_id, originator_id, originator_version, topic, state "
            "FROM EVENTS ORDER BY notification_id"
        )
        # Alter event 3 and recompute every link from there on: the chain is
        # consistent again, but not with the digest the auditor kept.
        prev = GENESIS
        for position, originator, version, topic, stored_state in rows:
            state = bytes(stored_state)
            if position == 3:
                altered = state.replace(b"2.7", b"2.9")
                assert altered != state
                sql("UPDATE EVENTS SET state = %s WHERE notification_id = %s", altered, 3)
                state = altered
            link = chain_link(prev, position, id_bytes(originator), version, topic, state)
            sql(f"UPDATE {CHAIN_TABLE} SET link = %s WHERE position = %s", link, position)
            prev = link
    assert verify(k.app.recorder).ok
    verdict = verify(k.app.recorder, kept)
    assert (verdict.ok, verdict.bad_position) == (False, kept.position)

    with raw(k) as sql:
        last = kept.position
        sql("DELETE FROM EVENTS WHERE notification_id = %s", last)
        sql(f"DELETE FROM {CHAIN_TABLE} WHERE position = %s", last)
    verdict = verify(k.app.recorder, Digest(kept.position, kept.link))
    assert (verdict.ok, verdict.bad_position) == (False, last)
    assert "no longer has" in (verdict.problem or "")
