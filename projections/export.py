"""The whole plan as one deterministic document, live or as of a moment.

Live, the rows come from the read tables; `--as-of`, the same handlers run
over the events recorded up to that moment into memory. Both go through
`plan_document`, so equal histories give byte-equal JSON.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, create_engine, select
from sqlalchemy.pool import StaticPool

from projections import tables as t
from projections.framework import Projection
from projections.handlers import PROJECTION
from projections.source import EventLog
from projections.store import MemoryRowStore, Row, rows_of

Snapshot = dict[str, list[Row]]


def snapshot_from_db(conn: Connection, tables: tuple[Table, ...] = t.PLAN_TABLES) -> Snapshot:
    snapshot: Snapshot = {}
    for table in tables:
        order = list(table.primary_key.columns)
        snapshot[table.name] = rows_of(conn, select(table).order_by(*order))
    return snapshot


def snapshot_from_memory(
    store: MemoryRowStore, tables: tuple[Table, ...] = t.PLAN_TABLES
) -> Snapshot:
    return {table.name: store.rows(table) for table in tables}


def iter_events(app: EventLog, *, batch_size: int = 2000) -> Iterator[tuple[int, Any]]:
    """Every event in log order with its position."""
    position = 0
    while True:
        batch = app.recorder.select_notifications(
            start=position, limit=batch_size, inclusive_of_start=False
        )
        if not batch:
            return
        for notification in batch:
            yield notification.id, app.mapper.to_domain_event(notification)
        position = batch[-1].id


def replay_in_memory(
    app: EventLog,
    *,
    as_of: datetime | None = None,
    position: int | None = None,
    projection: Projection = PROJECTION,
) -> tuple[MemoryRowStore, int]:
    """Applies the events recorded up to `as_of` and up to log `position`
    (all when None) in memory; with the position of the last one applied."""
    store = MemoryRowStore()
    last = 0
    for at, event in iter_events(app):
        if position is not None and at > position:
            break
        if as_of is not None and event.timestamp > as_of:
            continue
        projection.apply(event, at, store)
        last = at
    return store, last


@contextmanager
def replayed_db(
    store: MemoryRowStore, tables: Iterable[Table], *, empty: Iterable[Table] = ()
) -> Iterator[Connection]:
    """A private in-memory SQLite database holding the replayed rows of
    `tables` (and `empty` tables made without rows), in one transaction, so
    that the live queries read a replay: live and as-of cannot drift apart."""
    tables = tuple(tables)
    engine = create_engine("sqlite://", poolclass=StaticPool)
    try:
        t.metadata.create_all(engine, tables=[*tables, *empty])
        with engine.begin() as conn:
            for table in tables:
                rows = store.rows(table)
                if rows:
                    conn.execute(table.insert(), rows)
            yield conn
    finally:
        engine.dispose()


def _group(rows: list[Row], key: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def _without(row: Row, *keys: str) -> Row:
    return {k: v for k, v in row.items() if k not in keys}


def plan_document(snapshot: Snapshot, *, position: int, as_of: str | None) -> dict[str, Any]:
    members = _group(snapshot["arena_members"], "arena_id")
    by_arena = _group(snapshot["initiatives"], "arena_id")
    milestones = _group(snapshot["milestones"], "initiative_id")
    participants = _group(snapshot["initiative_participants"], "initiative_id")
    links = _group(snapshot["initiative_links"], "initiative_id")
    health = _group(snapshot["health_reports"], "initiative_id")
    linked = _group(snapshot["decision_initiatives"], "decision_id")

    def initiative(row: Row) -> Row:
        key = row["id"]
        return {
            **row,
            "milestones": sorted(
                (_without(m, "initiative_id") for m in milestones[key]),
                key=lambda m: (m["due_date"] or "9999", m["added_at"], m["milestone_id"]),
            ),
            "participants": [_without(p, "initiative_id") for p in participants[key]],
            "links": [_without(x, "initiative_id") for x in links[key]],
            "health_reports": [_without(h, "initiative_id") for h in health[key]],
        }

    arenas = [
        {
            **arena,
            "members": [_without(m, "arena_id") for m in members[arena["id"]]],
            "initiatives": sorted(
                (initiative(i) for i in by_arena[arena["id"]]), key=lambda i: i["code"]
            ),
        }
        for arena in sorted(snapshot["arenas"], key=lambda a: a["code"])
    ]
    decisions = [
        {**d, "initiative_ids": sorted(x["initiative_id"] for x in linked[d["id"]])}
        for d in sorted(snapshot["decisions"], key=lambda d: (d["decision_date"], d["id"]))
    ]
    return {
        "position": position,
        "as_of": as_of,
        "persons": snapshot["persons"],
        "arenas": arenas,
        "decisions": decisions,
    }


def to_json(document: dict[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, ensure_ascii=False, indent=2)
