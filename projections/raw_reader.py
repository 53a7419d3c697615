"""Reading stored events as plain tuples, the way the rebuild worker wants them.

On SQLite and PostgreSQL it selects straight from the library's events
table, skipping the Notification objects the recorder would build only for
us to take them apart again; any other recorder is asked the usual way.
`events_source` and `select_rows` are shared with `audit verify`, which reads
the same table the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Notification
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.rows import tuple_row

# What travels to the worker: (position, originator id, version, topic, state).
# The id is text: 32 hex digits, or 36 with dashes; UUID() reads either.
Raw = tuple[int, str, int, str, bytes]


def events_source(recorder: ApplicationRecorder) -> tuple[str, str] | None:
    """The library's events table (schema-qualified) and its position column,
    or None for a recorder without a table we know how to read."""
    if isinstance(recorder, SQLiteApplicationRecorder):
        return recorder.events_table_name, "rowid"
    if isinstance(recorder, PostgresApplicationRecorder):
        schema = recorder.datastore.schema
        return f'"{schema}"."{recorder.events_table_name}"', "notification_id"
    return None


def select_rows(recorder: ApplicationRecorder, sql: str, params: tuple[Any, ...]) -> list[Any]:
    """Runs a `?`-parameter query on the recorder's database; rows as tuples."""
    if isinstance(recorder, SQLiteApplicationRecorder):
        with recorder.datastore.transaction(commit=False) as c:
            c.sqlite_cursor.row_factory = None  # plain tuples: several times faster
            c.execute(sql, params)
            rows: list[Any] = c.fetchall()
            return rows
    if isinstance(recorder, PostgresApplicationRecorder):
        with (
            recorder.datastore.get_connection() as conn,
            conn.cursor(row_factory=tuple_row) as curs,
        ):
            curs.execute(sql.replace("?", "%s"), params)
            return curs.fetchall()
    raise TypeError(f"no events table to read on {type(recorder).__name__}")


class RawReader:
    def __init__(self, recorder: ApplicationRecorder) -> None:
        self.recorder = recorder
        # read(after, limit): the next batch after a position, chosen once here.
        self.read: Callable[[int, int], list[Raw]] = self._from_recorder
        source = events_source(recorder)
        if source is not None:
            table, pos = source
            # The worker gets ids as text (marshal cannot carry UUID objects).
            originator = (
                "originator_id::text"
                if isinstance(recorder, PostgresApplicationRecorder)
                else "originator_id"
            )
            self._sql = (
                f"SELECT {pos}, {originator}, originator_version, topic, state "  # noqa: S608
                f"FROM {table} WHERE {pos} > ? ORDER BY {pos} LIMIT ?"
            )
            self.read = self._from_table

    def _from_table(self, after: int, limit: int) -> list[Raw]:
        return select_rows(self.recorder, self._sql, (after, limit))

    def _from_recorder(self, after: int, limit: int) -> list[Raw]:
        batch = self.recorder.select_notifications(
            start=after, limit=limit, inclusive_of_start=False
        )
        return to_raw(batch)


def to_raw(notifications: Sequence[Notification]) -> list[Raw]:
    return [
        (n.id, n.originator_id.hex if isinstance(n.originator_id, UUID) else n.originator_id,
         n.originator_version, n.topic, n.state)
        for n in notifications
    ]  # fmt: skip
