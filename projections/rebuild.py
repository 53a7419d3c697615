"""Drop every read table and rebuild it from event 1."""

from __future__ import annotations

from collections.abc import Callable

import structlog
from sqlalchemy import Table, update

from domain.app import Samverka
from projections import tables as t
from projections.db import Engines
from projections.runner import VIEWS, Projector, ensure_tracking_row
from projections.store import SqlRowStore

log = structlog.get_logger(__name__)

Progress = Callable[[int, int], None]  # (position, last position)


def view_tables() -> list[Table]:
    return [table for table in t.metadata.sorted_tables if table is not t.tracking]


def rebuild(
    app: Samverka, engines: Engines, *, progress: Progress | None = None, batch_size: int = 5000
) -> int:
    """Rebuilds all projections; returns the number of events applied."""
    tables = view_tables()
    with engines.write.begin() as conn:
        for table in reversed(tables):
            table.drop(conn, checkfirst=True)
        for table in tables:
            table.create(conn)
    ensure_tracking_row(engines.write)
    with engines.write.begin() as conn:
        conn.execute(update(t.tracking).where(t.tracking.c.name == VIEWS).values(position=0))
    projector = Projector(
        app,
        read_engine=engines.read,
        write_engine=engines.write,
        batch_size=batch_size,
        rows=SqlRowStore(empty=True),
    )
    last = app.recorder.max_notification_id() or 0
    total = 0
    while True:
        batch = app.recorder.select_notifications(
            start=projector.position, limit=batch_size, inclusive_of_start=False
        )
        if not batch:
            break
        total += projector.process(batch)
        if progress is not None:
            progress(projector.position, max(last, projector.position))
    log.info("projections.rebuilt", events=total, position=projector.position)
    return total
