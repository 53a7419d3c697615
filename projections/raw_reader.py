"""Reading stored events as plain tuples, the way the rebuild worker wants them.

On SQLite and PostgreSQL it selects straight from the library's events
table, skipping the Notification objects the recorder would build only for
us to take them apart again; any other recorder is asked the usual way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Notification
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier

# What travels to the worker: (position, originator id, version, topic, state).
# The id is text: 32 hex digits, or 36 with dashes; UUID() reads either.
Raw = tuple[int, str, int, str, bytes]


class RawReader:
    def __init__(self, recorder: ApplicationRecorder) -> None:
        self.recorder = recorder
        self._sqlite: sqlite3.Connection | None = None
        # read(after, limit): the next batch after a position, chosen once here.
        self.read: Callable[[int, int], list[Raw]] = self._from_recorder
        if isinstance(recorder, SQLiteApplicationRecorder):
            self._sql = (
                "SELECT rowid, originator_id, originator_version, topic, state "  # noqa: S608
                f"FROM {recorder.events_table_name} WHERE rowid > ? ORDER BY rowid LIMIT ?"
            )
            database = recorder.datastore.pool.db_name
            self._sqlite = sqlite3.connect(database, uri=True, check_same_thread=False)
            self.read = self._from_sqlite
        elif isinstance(recorder, PostgresApplicationRecorder):
            self._postgres = recorder
            self._select = SQL(
                "SELECT notification_id, originator_id::text, originator_version, topic, state "
                "FROM {schema}.{table} WHERE notification_id > %s "
                "ORDER BY notification_id LIMIT %s"
            ).format(
                schema=Identifier(recorder.datastore.schema),
                table=Identifier(recorder.events_table_name),
            )
            self.read = self._from_postgres

    def _from_sqlite(self, after: int, limit: int) -> list[Raw]:
        assert self._sqlite is not None
        found = self._sqlite.execute(self._sql, (after, limit))
        try:
            return list(found.fetchall())
        finally:
            found.close()

    def _from_postgres(self, after: int, limit: int) -> list[Raw]:
        with (
            self._postgres.datastore.get_connection() as conn,
            conn.cursor(row_factory=tuple_row) as cursor,
        ):
            cursor.execute(self._select, (after, limit), prepare=True)
            return cursor.fetchall()

    def _from_recorder(self, after: int, limit: int) -> list[Raw]:
        batch = self.recorder.select_notifications(
            start=after, limit=limit, inclusive_of_start=False
        )
        return to_raw(batch)

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()


def to_raw(notifications: Sequence[Notification]) -> list[Raw]:
    return [
        (n.id, n.originator_id.hex if isinstance(n.originator_id, UUID) else n.originator_id,
         n.originator_version, n.topic, n.state)
        for n in notifications
    ]  # fmt: skip
