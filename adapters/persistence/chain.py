"""Tamper-evident history: every stored event is linked into a SHA-256 chain.

link(n) = SHA-256(link(n-1) ‖ position ‖ originator id ‖ version ‖ topic ‖ state)

over the bytes exactly as stored (personal data is ciphertext there, so
forgetting a person never breaks the chain). The link is written by the
event store's recorder in the same transaction as the event, in position
order: SQLite serialises writers with its write lock (the events are inserted
first, so the lock is held before the last link is read); on PostgreSQL the
library takes an EXCLUSIVE lock on the events table before inserting, which
orders the inserts and so the links. On PostgreSQL the server computes each
link (same bytes, same formula); `audit verify` recomputes them all in Python.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from services.application import UNCHANGED, Overtaken
from services.integrity import CHAIN_TABLE, GENESIS, chain_link, id_bytes


def _links(
    last: tuple[int, bytes] | None, positions: Sequence[int], events: Sequence[StoredEvent]
) -> list[tuple[int, int, bytes]]:
    prev_position, prev_link = last if last is not None else (0, GENESIS)
    rows = []
    for position, stored in sorted(zip(positions, events, strict=True), key=lambda p: p[0]):
        link = chain_link(
            prev_link,
            position,
            id_bytes(stored.originator_id),
            stored.originator_version,
            stored.topic,
            stored.state,
        )
        rows.append((position, prev_position, link))
        prev_position, prev_link = position, link
    return rows


class WriterLock:
    """One writer at a time across processes: a thread lock, then flock(2) on a
    file beside the database.

    SQLite makes a second process that wants to write sleep and retry (1, 2,
    5, 10 ms...), long after a write of well under a millisecond is over. The
    kernel wakes a process waiting on flock the moment the holder lets go, so
    API workers in several processes hand the write over without idling.
    """

    def __init__(self, path: str | None) -> None:
        self.path = path  # None: an in-memory database, one process only
        self._thread_lock = threading.Lock()

    @contextmanager
    def held(self) -> Iterator[None]:
        # Opened per write (microseconds against a write's hundreds): no file
        # descriptor outlives the application, however many a process builds.
        with self._thread_lock:
            if self.path is None:
                yield
                return
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)  # closing the last descriptor releases the flock


class ChainedSQLiteRecorder(SQLiteApplicationRecorder):
    """The library's SQLite recorder, plus a chain link per event.

    A save may name aggregates the command only read (`unchanged=`, their ids
    and the versions read): the recorder checks, in the write transaction and
    so under the write lock, that nothing was appended to them since, and
    raises Overtaken (rolling the save back) when something was. That costs
    one indexed lookup instead of a read transaction of its own before the
    save, and nothing can slip in between the check and the save.
    """

    checks_unchanged = True

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name)
        self.chain_table_name = CHAIN_TABLE
        self._newer_event = (
            f"SELECT 1 FROM {self.events_table_name} "  # noqa: S608
            "WHERE originator_id = ? AND originator_version > ? LIMIT 1"
        )
        pool = datastore.pool
        self.writer_lock = WriterLock(
            None if pool.is_sqlite_memory_mode else f"{pool.db_name}.write.lock"
        )

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        with self.writer_lock.held():
            return super().insert_events(stored_events, **kwargs)

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {CHAIN_TABLE} ("
            "position INTEGER PRIMARY KEY, prev_position INTEGER NOT NULL, link BLOB NOT NULL)",
        ]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # Inserting first takes SQLite's write lock, so the last link read next
        # is the last one there is, and nobody appends before we commit.
        positions = super()._insert_events(c, stored_events, **kwargs)
        assert positions is not None
        unchanged: dict[Any, int] = kwargs.get(UNCHANGED) or {}
        for aggregate_id, version in unchanged.items():
            c.execute(self._newer_event, (aggregate_id.hex, version))
            if c.fetchone() is not None:
                raise Overtaken(f"{aggregate_id} has events after version {version}")
        c.execute(f"SELECT position, link FROM {CHAIN_TABLE} ORDER BY position DESC LIMIT 1")  # noqa: S608
        row = c.fetchone()
        last = (int(row[0]), bytes(row[1])) if row is not None else None
        c.executemany(
            f"INSERT INTO {CHAIN_TABLE} (position, prev_position, link) VALUES (?, ?, ?)",  # noqa: S608
            _links(last, positions, stored_events),
        )
        return positions


# The most events one INSERT statement carries on PostgreSQL.
INSERT_CHUNK = 10_000


class ChainedPostgresRecorder(PostgresApplicationRecorder):
    """The library's PostgreSQL recorder, plus a chain link per event.

    The links are appended after the library has inserted the events under its
    EXCLUSIVE table lock, inside the same transaction, so they follow the
    order of the notification ids and commit or roll back with the events.
    """

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        if datastore.enable_db_functions:
            raise ValueError("the hash chain needs POSTGRES_ENABLE_DB_FUNCTIONS off")
        if datastore.originator_id_type != "uuid":
            raise ValueError("the hash chain needs POSTGRES_ORIGINATOR_ID_TYPE uuid")
        self.chain_table_name = CHAIN_TABLE
        self._chunked = threading.local()  # the positions of a save in chunks
        # The library's channel is the table's name alone: stores in other
        # schemas of the same database would wake each other's subscriptions.
        self.channel_name = f"{datastore.schema}_{self.events_table_name}".replace(".", "_")
        chain = Identifier(datastore.schema), Identifier(CHAIN_TABLE)
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {0}.{1} (position bigint PRIMARY KEY, "
                "prev_position bigint NOT NULL, link bytea NOT NULL)"
            ).format(*chain)
        )
        self._last_link = SQL(
            "SELECT position, link FROM {0}.{1} ORDER BY position DESC LIMIT 1"
        ).format(*chain)
        self._append_links = SQL(
            "INSERT INTO {0}.{1} (position, prev_position, link) "
            "SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::bytea[])"
        ).format(*chain)
        events = Identifier(datastore.schema), Identifier(self.events_table_name)
        # The server computes chain_link() from the row just inserted and the
        # last link: no round trip to read that link first, and the state is
        # not sent twice. One statement per event, in position order, each
        # seeing the link the one before it wrote.
        self._append_link = SQL(
            "INSERT INTO {0}.{1} (position, prev_position, link) "
            "SELECT e.notification_id, COALESCE(p.position, 0), sha256(COALESCE(p.link, %s) "
            "|| int8send(e.notification_id) || int8send(e.originator_version::int8) "
            "|| int4send(octet_length(convert_to(e.topic, 'UTF8'))) "
            "|| uuid_send(e.originator_id) || convert_to(e.topic, 'UTF8') || e.state) "
            "FROM {2}.{3} e LEFT JOIN LATERAL (SELECT position, link FROM {0}.{1} "
            "ORDER BY position DESC LIMIT 1) p ON true "
            "WHERE e.notification_id = %s"
        ).format(*chain, *events)

    def _append_links_of(
        self, curs: Cursor[DictRow], positions: list[int], stored_events: Sequence[StoredEvent]
    ) -> None:
        """The links of a save in chunks, computed here as SQLite's are (the
        same chain_link), read after the last link under the table lock the
        insert holds, and written a chunk per statement rather than one
        statement per event."""
        curs.execute(self._last_link)
        row = curs.fetchone()
        last = (int(row["position"]), bytes(row["link"])) if row is not None else None
        links = _links(last, positions, stored_events)
        for start in range(0, len(links), INSERT_CHUNK):
            part = links[start : start + INSERT_CHUNK]
            curs.execute(
                self._append_links,
                ([p for p, _, _ in part], [q for _, q, _ in part], [x for _, _, x in part]),
            )

    def _insert_stored_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        """The library's insert, in statements of at most INSERT_CHUNK events
        (one transaction still): one INSERT of some 40,000 events or more
        never returns in psycopg's pipeline mode (an import of 100,000
        indicator values hung; bench/indicators.py)."""
        if len(stored_events) <= INSERT_CHUNK:
            super()._insert_stored_events(curs, stored_events, **kwargs)
            return
        self._lock_table(curs)
        self._notify_channel(curs)
        positions: list[int] = []
        for start in range(0, len(stored_events), INSERT_CHUNK):
            chunk = [
                self.construct_pg_stored_event(
                    e.originator_id, e.originator_version, e.topic, e.state
                )
                for e in stored_events[start : start + INSERT_CHUNK]
            ]
            curs.execute(self.insert_events_statement, (chunk,))
            positions += [row["notification_id"] for row in curs.fetchall()]
        self._chunked.positions = positions

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        chunked: list[int] | None = getattr(self._chunked, "positions", None)
        self._chunked.positions = None
        if chunked is not None:
            self._append_links_of(curs, chunked, stored_events)
            return chunked
        positions = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        assert positions is not None
        curs.executemany(self._append_link, [(GENESIS, p) for p in sorted(positions)])
        return positions
