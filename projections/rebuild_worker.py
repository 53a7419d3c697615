"""Rebuilding a long log on two cores.

The parent process does the database work: it reads batches of stored
events and commits the resulting rows, each batch with its tracking
position. A worker process does the Python work in between: it decodes the
events and runs the projection handlers over them, keeping the projected
rows in memory. While the parent writes batch N the worker projects N+1.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import multiprocessing
import os
import queue
import subprocess
import sys
import threading
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection as Pipe
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy import Connection, update

from projections import tables as t
from projections.bulk import write_rows
from projections.raw_reader import Raw
from projections.store import _DELETED, Changes, Key, Row, SqlRowStore


@dataclass(frozen=True)
class Parcel:
    """One batch's changes by table name, rows as plain dicts.

    Between the processes it travels as `marshal` data, which writes and
    reads plain values several times faster than pickle.
    """

    old: int
    new: int
    upserts: dict[str, list[Row]]
    deletes: dict[str, list[Key]]
    inserts: dict[str, list[Row]]
    needs_sync: bool = False

    def dumps(self) -> bytes:
        body = (self.old, self.new, self.upserts, self.deletes, self.inserts, self.needs_sync)
        return marshal.dumps(body)


def pack(old: int, new: int, changes: Changes, *, needs_sync: bool = False) -> Parcel:
    upserts: dict[str, list[Row]] = {}
    deletes: dict[str, list[Key]] = {}
    for table, by_key in changes.dirty.items():
        gone = [k for k, row in by_key.items() if row is _DELETED]
        rows = [row for row in by_key.values() if row is not _DELETED]
        # str(): table names are SQLAlchemy quoted_name objects, which marshal refuses.
        if gone:
            deletes[str(table.name)] = gone
        if rows:
            upserts[str(table.name)] = rows
    inserts = {str(table.name): rows for table, rows in changes.appends.items()}
    return Parcel(old, new, upserts, deletes, inserts, needs_sync)


def commit_parcel(conn: Connection, parcel: Parcel, tracking_name: str) -> None:
    """Writes one batch and moves the tracking position, in the caller's transaction."""
    moved = conn.execute(
        update(t.tracking)
        .where(t.tracking.c.name == tracking_name, t.tracking.c.position == parcel.old)
        .values(position=parcel.new)
    )
    if moved.rowcount != 1:
        raise RuntimeError("another projector wrote during the rebuild")
    tables = t.metadata.tables
    for name, keys in parcel.deletes.items():
        write_rows(conn, tables[name], "delete", keys)
    for name, rows in parcel.upserts.items():
        write_rows(conn, tables[name], "upsert", rows)
    for name, rows in parcel.inserts.items():
        write_rows(conn, tables[name], "insert", rows)


# How the worker builds the mapper its parent uses: a factory's topic and its
# arguments (adapters/persistence/mapper.py), so this package does not depend
# on how events are stored.
MapperSpec = tuple[str, dict[str, Any]]


def _worker_main(
    sqlalchemy_url: str, schema: str | None, pipe: Pipe, mapper_spec: MapperSpec
) -> None:
    """Child: decode and project each batch it is sent; answer with a Parcel."""
    from eventsourcing.utils import resolve_topic

    from projections.db import create_engines
    from projections.handlers import PROJECTION

    # The rows this process keeps are plain dicts without cycles; the cyclic
    # collector would only walk them again and again (it halves the rate).
    gc.disable()
    mapper = resolve_topic(mapper_spec[0])(**mapper_spec[1])
    rows = SqlRowStore(empty=True)
    engines = reader = None
    early: deque[Any] = deque()  # batches that arrived while waiting for "synced"
    # An aggregate's events arrive many times over; its id is parsed once.
    ids: dict[str, tuple[UUID, str]] = {}

    def next_message() -> Any:
        return early.popleft() if early else marshal.loads(pipe.recv_bytes())  # noqa: S302

    try:
        while (message := next_message()) is not None:
            old, new, raws = message
            for position, originator, version, topic, state in raws:
                known = ids.get(originator)
                if known is None:
                    if len(ids) > 100_000:
                        ids.clear()
                    uid = UUID(originator)
                    known = ids[originator] = (uid, str(uid))
                event, at = mapper.event_and_time(topic, known[0], version, state)
                PROJECTION.apply(event, position, rows, at=at, aggregate_id=known[1])
            full = rows.cache_is_full
            pipe.send_bytes(pack(old, new, rows.take_changes(), needs_sync=full).dumps())
            if not full:
                continue
            # Rows leave the cache only once the parent has written them;
            # later misses are then read back from the database.
            while (answer := marshal.loads(pipe.recv_bytes())) != "synced":  # noqa: S302
                if answer is None:
                    return
                early.append(answer)
            if engines is None:
                engines = create_engines(sqlalchemy_url, schema=schema)
                reader = engines.read.connect()
                rows.bind_reader(reader)
            assert reader is not None
            reader.rollback()  # a snapshot that includes every row written so far
            rows.trim()
    except Exception as error:
        pipe.send_bytes(marshal.dumps(f"{type(error).__name__}: {error}"))
    finally:
        if reader is not None:
            reader.close()
        if engines is not None:
            engines.dispose()
    # Returning would free every cached row one by one (0.3 s for 200,000
    # events, while the parent waits to build the indexes); the OS takes the
    # memory back at once. Only reached when the parent said it is done.
    os._exit(0)


def start_method() -> str:
    """Fork when this process has a single thread: the child then needs no
    imports of its own (about 0.7 s of a rebuild's start). With other threads
    running, one of them may hold a lock the child would inherit locked, so
    the worker is a fresh interpreter instead (as inside `samverka serve`)."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "fresh"


class _Child(Protocol):
    def join(self, timeout: float) -> None: ...

    def is_alive(self) -> bool: ...

    def kill(self) -> None: ...


class _Interpreter:
    """A worker in a new Python process that imports only this module's needs.

    multiprocessing's "spawn" would first import the parent's main module
    again (`samverka`'s whole CLI, or a benchmark with everything it
    measures): seconds before the first batch is projected.
    """

    def __init__(self, pipe: Pipe) -> None:
        fd = pipe.fileno()
        self._popen = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-c", _FRESH_MAIN, str(fd)], pass_fds=(fd,)
        )

    def join(self, timeout: float) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._popen.wait(timeout)

    def is_alive(self) -> bool:
        return self._popen.poll() is None

    def kill(self) -> None:
        self._popen.kill()
        self._popen.wait()


_FRESH_MAIN = "import sys; from projections.rebuild_worker import serve; serve(int(sys.argv[1]))"


def serve(fd: int) -> None:
    """The fresh interpreter's main: its settings come first, over the pipe
    (not on the command line, where a database password would show)."""
    pipe = Pipe(fd)
    url, schema, mapper_spec = marshal.loads(pipe.recv_bytes())  # noqa: S302 - from our parent
    _worker_main(url, schema, pipe, mapper_spec)


class ProjectionWorker:
    """The parent's handle on the worker process."""

    def __init__(
        self,
        sqlalchemy_url: str,
        schema: str | None,
        mapper_spec: MapperSpec,
        window: int = 4,
    ) -> None:
        self._pipe, child = multiprocessing.Pipe()
        self._process: _Child
        if start_method() == "fork":
            process = multiprocessing.get_context("fork").Process(
                target=_worker_main,
                args=(sqlalchemy_url, schema, child, mapper_spec),
                name="samverka-projection-worker",
                daemon=True,
            )
            process.start()
            self._process = process
        else:
            self._process = _Interpreter(child)
            # What `serve` reads first.
            self._pipe.send_bytes(marshal.dumps((sqlalchemy_url, schema, mapper_spec)))
        child.close()
        self.window = window
        self._in_flight: deque[int] = deque()
        # Sending runs on its own thread: a batch and a parcel are both larger
        # than a pipe's buffer, and a blocked send must not stop the receive.
        self._outbox: queue.Queue[Any] = queue.Queue()
        self._sender = threading.Thread(target=self._send_loop, daemon=True)
        self._sender.start()
        # Receiving too, so the worker can run ahead while we write.
        self._inbox: queue.Queue[bytes | None] = queue.Queue()
        self._receiver = threading.Thread(target=self._receive_loop, daemon=True)
        self._receiver.start()

    def _receive_loop(self) -> None:
        try:
            while True:
                self._inbox.put(self._pipe.recv_bytes())
        except (EOFError, OSError):
            self._inbox.put(None)

    def _send_loop(self) -> None:
        while True:
            message = self._outbox.get()
            try:
                self._pipe.send_bytes(marshal.dumps(message))
            except OSError:
                return
            if message is None:
                return

    @property
    def busy(self) -> bool:
        return len(self._in_flight) >= self.window

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def send(self, old: int, new: int, raws: list[Raw]) -> None:
        self._outbox.put((old, new, raws))
        self._in_flight.append(new)

    def receive(self) -> Parcel:
        data = self._inbox.get()
        if data is None:
            raise RuntimeError("the projection worker stopped unexpectedly")
        loaded = marshal.loads(data)  # noqa: S302 - written by our own child process
        self._in_flight.popleft()
        if isinstance(loaded, str):
            raise RuntimeError(f"projection worker failed: {loaded}")
        return Parcel(*loaded)

    def synced(self) -> None:
        self._outbox.put("synced")

    def close(self) -> None:
        self._outbox.put(None)
        self._sender.join(30)
        self._process.join(30)
        if self._process.is_alive():
            self._process.kill()
