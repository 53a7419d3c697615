"""Drop every read table and rebuild it from event 1.

Each batch is committed with its tracking position, as the live projector
does. Secondary indexes are added only at the end, and a long log is
projected by a worker process while this one writes (see rebuild_worker).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from typing import Literal

import structlog
from sqlalchemy import Connection, Table, inspect, update
from sqlalchemy.schema import CreateTable

from projections import schema_version
from projections import tables as t
from projections.db import Engines, create_tables
from projections.framework import Projection
from projections.handlers import PROJECTION
from projections.raw_reader import RawReader
from projections.rebuild_worker import ProjectionWorker, commit_parcel, pack
from projections.runner import VIEWS, ensure_tracking_row
from projections.schema_version import view_tables
from projections.source import EventLog
from projections.store import SqlRowStore

log = structlog.get_logger(__name__)

Progress = Callable[[int, int], None]  # (position, last position)
# Below this many events a second process costs more than it saves.
PROCESS_THRESHOLD = 20_000
FIRST_BATCH = 5_000
TAIL_BATCH = 2_000
SORT_THREADS = 2
# SQLite checkpoints its write-ahead log into the database file (and syncs
# it) once the log passes this many pages; the default 1,000 meant a
# checkpoint at nearly every batch commit. A rebuild's connection waits longer.
REBUILD_AUTOCHECKPOINT = 20_000
SQLITE_AUTOCHECKPOINT = 1_000


def _reset(engines: Engines, tables: list[Table]) -> None:
    with engines.write.begin() as conn:
        for table in reversed(tables):
            table.drop(conn, checkfirst=True)
        for table in tables:
            conn.execute(CreateTable(table))
            for index in table.indexes:
                if index.info.get(t.LOG_ORDERED):
                    index.create(conn)
        schema_version.record(conn)
    ensure_tracking_row(engines.write)
    with engines.write.begin() as conn:
        conn.execute(update(t.tracking).where(t.tracking.c.name == VIEWS).values(position=0))


def _create_indexes(engines: Engines, tables: list[Table]) -> None:
    with engines.write.begin() as conn:
        if conn.dialect.name == "sqlite":
            # SQLite sorts an index's keys in one thread unless told otherwise:
            # with two, the indexes of 1,000,000 events build ~20% faster.
            conn.exec_driver_sql(f"PRAGMA threads={SORT_THREADS}")
        for table in tables:
            for index in table.indexes:
                if not index.info.get(t.LOG_ORDERED):
                    index.create(conn)


def _analyze(engines: Engines, tables: list[Table]) -> None:
    """PostgreSQL: the planner's statistics of the tables just filled. Until
    autovacuum gets to them (never, where it is off) the planner takes a
    table of a million rows for a small one: it read the whole audit trail
    by its recorded_at index for a filter on a day (1.4 s for 51 rows)."""
    with engines.write.begin() as conn:
        if conn.dialect.name == "postgresql":
            for table in tables:
                conn.exec_driver_sql(f'ANALYZE "{table.name}"')


def ensure_current(app: EventLog, engines: Engines) -> bool:
    """Rebuilds the read tables when their definitions changed since they
    were made (see projections/schema_version.py); True when it did."""
    if schema_version.is_current(engines):
        create_tables(engines)  # the tracking table, and any table still missing
        return False
    with schema_version.exclusive(engines):
        if schema_version.is_current(engines):  # another process just did
            return False
        fresh = not inspect(engines.write).has_table(t.persons.name)
        create_tables(engines)
        if fresh:  # made just now from today's definitions
            with engines.write.begin() as conn:
                schema_version.record(conn)
            return False
        log.info("projections.schema_changed")
        rebuild(app, engines)
    return True


def rebuild(
    app: EventLog,
    engines: Engines,
    *,
    progress: Progress | None = None,
    # Larger batches write fewer times over the same table pages (commits,
    # and rows updated again in the next batch): 20,000 measured 10-15% less
    # writing than 5,000 on both backends, and 50,000 another 13% less than
    # 20,000 on SQLite with 1,000,000 events (an initiative's row is written
    # once per batch that touches it).
    batch_size: int = 50_000,
    projection: Projection = PROJECTION,
    worker: Literal["auto", "inline", "process"] = "auto",
) -> int:
    """Rebuilds all projections; returns the number of events applied."""
    tables = view_tables()
    last = app.recorder.max_notification_id() or 0
    report = progress or (lambda _position, _last: None)

    def advanced(position: int) -> None:
        report(position, max(last, position))

    collecting = gc.isenabled()
    gc.disable()  # rows and events have no cycles; see rebuild_worker
    try:
        if worker == "process" or (worker == "auto" and last >= PROCESS_THRESHOLD):
            if projection is not PROJECTION:
                raise ValueError("the worker process runs the registered projection only")
            total = _with_worker(app, engines, tables, last, batch_size, advanced)
        else:
            _reset(engines, tables)
            total = _inline(app, engines, batch_size, projection, advanced)
    finally:
        if collecting:
            gc.enable()
    _create_indexes(engines, tables)
    _analyze(engines, tables)
    log.info("projections.rebuilt", events=total, last_position=last)
    return total


def _inline(
    app: EventLog,
    engines: Engines,
    batch_size: int,
    projection: Projection,
    progress: Callable[[int], None],
) -> int:
    rows = SqlRowStore(empty=True)
    position = total = 0
    with engines.read.connect() as reader:
        rows.bind_reader(reader)  # only used once the cache has been trimmed
        while batch := app.recorder.select_notifications(
            start=position, limit=batch_size, inclusive_of_start=False
        ):
            for notification in batch:
                projection.apply(app.mapper.to_domain_event(notification), notification.id, rows)
            with engines.write.begin() as conn:
                commit_parcel(conn, pack(position, batch[-1].id, rows.take_changes()), VIEWS)
            if rows.cache_is_full:
                reader.rollback()  # a fresh read snapshot that sees the rows just written
                rows.trim()
            position, total = batch[-1].id, total + len(batch)
            progress(position)
    return total


def next_batch_size(position: int, last: int, batch_size: int) -> int:
    """Small at both ends, full in between. The main process waits for the
    worker's first batch and the worker for the main process's last commit,
    each with a core idle, so those two are small; the first ones grow with
    what has been read (5,000, 5,000, 10,000, 20,000…). Only the ends: every
    batch writes again the rows it changed (an initiative's row once per
    batch that touches it, not once per event)."""
    left = last - position
    return min(batch_size, max(position, FIRST_BATCH), max(left - TAIL_BATCH, TAIL_BATCH))


@contextmanager
def _fewer_checkpoints(conn: Connection) -> Iterator[None]:
    """On SQLite, this connection checkpoints the log less often while it lasts."""
    if conn.dialect.name != "sqlite":
        yield
        return
    conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={REBUILD_AUTOCHECKPOINT}")
    conn.commit()
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={SQLITE_AUTOCHECKPOINT}")
        conn.commit()


def _with_worker(
    app: EventLog,
    engines: Engines,
    tables: list[Table],
    last: int,
    batch_size: int,
    progress: Callable[[int], None],
) -> int:
    spec = app.mapper.spec()  # type: ignore[attr-defined]  # Samverka's mapper, see source
    worker = ProjectionWorker(engines.url, engines.schema, mapper_spec=spec)
    reader = RawReader(app.recorder)
    position = total = 0
    exhausted = reset = False
    with engines.write.connect() as conn, _fewer_checkpoints(conn), closing(worker):
        while True:
            while not exhausted and not worker.busy:
                batch = reader.read(position, next_batch_size(position, last, batch_size))
                if not batch:
                    exhausted = True
                    break
                worker.send(position, batch[-1][0], batch)
                position, total = batch[-1][0], total + len(batch)
            if not reset:
                # Dropping big tables takes a while: the worker is starting and
                # projecting the first batches meanwhile.
                _reset(engines, tables)
                reset = True
            if worker.in_flight == 0:
                return total
            parcel = worker.receive()
            with conn.begin():
                commit_parcel(conn, parcel, VIEWS)
            if parcel.needs_sync:
                worker.synced()
            progress(parcel.new)
