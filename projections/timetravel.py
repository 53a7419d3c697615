"""One aggregate as it was at a moment, from its own events only.

`export state --as-of` replays the whole log into memory; a page cannot.
Here the events of one aggregate (an initiative, a grant, a series) are read
by its id (the events table's own index on originator id and version) and
run through the same projection handlers as the live views, into memory
(`Projection.apply_own`: the state handlers, not the history every event
leaves, such as the audit trail). So the rows are the live tables' rows as
they were, and the pages show them with the same templates.

Replaying an aggregate of thousands of events costs a hundred milliseconds or
more, so the way there leaves checkpoints: every `EVERY` versions, the rows
as they were after that version (a shallow copy: handlers never change a row
in place, they put a new one). A later look at the same aggregate starts from
the last checkpoint at or before the moment asked for. Events are never
changed (erasure only reseals a person's own events, which are not replayed
here), so a checkpoint stays true; they are kept in memory, for the
`AGGREGATES_KEPT` aggregates looked at last, per process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder

from projections.handlers import PROJECTION
from projections.raw_reader import events_source, select_rows
from projections.source import EventLog
from projections.store import Key, MemoryRowStore, Row

EVERY = 50
BATCH = 500
AGGREGATES_KEPT = 64
# History rows the live views keep per event; the page reads those from
# the read tables by version, so they are not carried along in memory.
SKIPPED = frozenset({"health_reports", "series_events"})

Tables = dict[str, dict[Key, Row]]


@dataclass(frozen=True)
class Checkpoint:
    version: int
    position: int
    at: datetime  # the time of the event that made this version
    tables: Tables

    def store(self) -> MemoryRowStore:
        """A store that starts with a copy of these rows (a walk changes it)."""
        rows = MemoryRowStore()
        rows.tables.update({name: dict(table) for name, table in self.tables.items()})
        return rows


@dataclass(frozen=True)
class Past:
    """An aggregate's rows after its event `version` (at `position`, `at`)."""

    aggregate_id: UUID
    version: int
    position: int
    at: datetime
    rows: MemoryRowStore

    @property
    def key(self) -> str:
        return str(self.aggregate_id)

    def table(self, name: str) -> list[Row]:
        return list(self.rows.tables.get(name, {}).values())


Event = tuple[int, Any]  # (position, domain event)


class AggregateEvents:
    """The events of one aggregate after a version, with their positions."""

    def __init__(self, log: EventLog) -> None:
        self._log = log
        self._postgres = isinstance(log.recorder, PostgresApplicationRecorder)
        source = events_source(log.recorder)
        self._sql = ""
        if source is not None:
            table, pos = source
            self._sql = (
                f"SELECT {pos}, originator_version, topic, state FROM {table} "  # noqa: S608
                "WHERE originator_id = ? AND originator_version > ? "
                "ORDER BY originator_version LIMIT ?"
            )

    def after(self, aggregate_id: UUID, version: int, limit: int) -> list[Event]:
        mapper = self._log.mapper
        if not self._sql:
            stored = self._log.recorder.select_events(aggregate_id, gt=version, limit=limit)
            return [(0, mapper.to_domain_event(s)) for s in stored]
        key: object = aggregate_id if self._postgres else aggregate_id.hex
        found = select_rows(self._log.recorder, self._sql, (key, version, limit))
        return [
            (pos, mapper.to_domain_event(StoredEvent(aggregate_id, v, topic, bytes(state))))
            for pos, v, topic, state in found
        ]


def _copy(rows: MemoryRowStore) -> Tables:
    return {name: dict(table) for name, table in rows.tables.items() if name not in SKIPPED}


class Rewind:
    """Aggregates as they were, with checkpoints kept on the way."""

    def __init__(self, log: EventLog, *, every: int = EVERY, kept: int = AGGREGATES_KEPT) -> None:
        self._events = AggregateEvents(log)
        self._every = every
        self._kept = kept
        self._checkpoints: OrderedDict[UUID, list[Checkpoint]] = OrderedDict()
        self._lock = threading.Lock()

    def _start(
        self,
        aggregate_id: UUID,
        at: datetime | None,
        version: int | None,
        position: int | None = None,
    ) -> Checkpoint:
        with self._lock:
            found = self._checkpoints.get(aggregate_id, [])
            if found:
                self._checkpoints.move_to_end(aggregate_id)
        best: Checkpoint | None = None
        for point in found:
            if (
                (at is None or point.at <= at)
                and (version is None or point.version <= version)
                and (position is None or point.position <= position)
            ):
                best = point
        return best or Checkpoint(0, 0, datetime.min, {})

    def _keep(self, aggregate_id: UUID, points: list[Checkpoint]) -> None:
        if not points:
            return
        with self._lock:
            known = {p.version: p for p in self._checkpoints.get(aggregate_id, [])}
            known.update({p.version: p for p in points})
            self._checkpoints[aggregate_id] = [known[v] for v in sorted(known)]
            self._checkpoints.move_to_end(aggregate_id)
            while len(self._checkpoints) > self._kept:
                self._checkpoints.popitem(last=False)

    def walk(
        self,
        aggregate_id: UUID,
        *,
        at: datetime | None = None,
        version: int | None = None,
        begin: int | None = None,
        position: int | None = None,
    ) -> Iterator[tuple[Event, MemoryRowStore]]:
        """Each event of the aggregate after the checkpoint chosen (at or
        before version `begin`, when given), up to the moment `at` or the
        `version` or the log `position` (all when none is given), with the
        rows after it. The rows
        are those of one store, changed as the walk goes on: read what is
        needed before the next step."""
        cap = version if begin is None else begin if version is None else min(begin, version)
        start = self._start(aggregate_id, at, cap, position)
        rows = start.store()
        last = start.version
        points: list[Checkpoint] = []
        # The first read goes as far as the next checkpoint would be: a look
        # just after one decodes no more than it needs.
        size = self._every
        try:
            while True:
                batch = self._events.after(aggregate_id, last, size)
                for pos, event in batch:
                    if (
                        (at is not None and event.timestamp > at)
                        or (version is not None and event.originator_version > version)
                        or (position is not None and pos > position)
                    ):
                        return
                    PROJECTION.apply_own(event, pos, rows)
                    last = event.originator_version
                    if last % self._every == 0:
                        points.append(Checkpoint(last, pos, event.timestamp, _copy(rows)))
                    yield (pos, event), rows
                if len(batch) < size:
                    return
                size = BATCH
        finally:
            self._keep(aggregate_id, points)

    def state(
        self,
        aggregate_id: UUID,
        *,
        at: datetime | None = None,
        version: int | None = None,
        position: int | None = None,
    ) -> Past | None:
        """The aggregate after its last event at or before `at` (or up to
        `version`, or up to log `position`); None when it did not exist yet."""
        start = self._start(aggregate_id, at, version, position)
        last: Event | None = None
        rows: MemoryRowStore | None = None
        for step in self.walk(aggregate_id, at=at, version=version, position=position):
            last, rows = step
        if last is None or rows is None:
            if start.version == 0:
                return None
            return Past(aggregate_id, start.version, start.position, start.at, start.store())
        position, event = last
        for name in SKIPPED:
            rows.tables.pop(name, None)
        return Past(aggregate_id, event.originator_version, position, event.timestamp, rows)

    def steps(
        self, aggregate_id: UUID, *, after: int, limit: int, look: Callable[[MemoryRowStore], Row]
    ) -> list[tuple[Event, Row]]:
        """The `limit` events after version `after`, each with what `look`
        says of the rows after it."""
        out: list[tuple[Event, Row]] = []
        for step, rows in self.walk(aggregate_id, version=after + limit, begin=after):
            if step[1].originator_version > after:
                out.append((step, look(rows)))
        return out
