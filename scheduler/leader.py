"""Exactly one active scheduler: a PostgreSQL advisory lock or a file lock.

The lock is held by a live connection (PostgreSQL) or an open file
(SQLite), so it is released when its process dies, however it dies; a
waiting instance takes over at its next try.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from pathlib import Path
from typing import IO, Protocol

import structlog
from sqlalchemy import Connection, Engine, text

log = structlog.get_logger(__name__)


class LeaderLock(Protocol):
    def try_acquire(self) -> bool: ...

    def still_held(self) -> bool: ...

    def release(self) -> None: ...


def advisory_key(name: str) -> int:
    """A signed 64-bit key per database schema, so test schemas don't collide."""
    digest = hashlib.sha256(f"samverka-scheduler:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class PostgresAdvisoryLock:
    def __init__(self, engine: Engine, schema: str | None) -> None:
        self.engine = engine
        self.key = advisory_key(schema or "public")
        self._conn: Connection | None = None

    def try_acquire(self) -> bool:
        if self._conn is not None:
            return True
        conn = self.engine.connect()
        try:
            got = bool(
                conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}).scalar()
            )
            conn.commit()
        except Exception:
            conn.close()
            raise
        if not got:
            conn.close()
            return False
        self._conn = conn
        return True

    def still_held(self) -> bool:
        if self._conn is None:
            return False
        try:
            # A session-level advisory lock lives as long as its session does.
            self._conn.execute(text("SELECT 1")).scalar()
            self._conn.commit()
        except Exception as error:
            log.warning("scheduler.lock_lost", error=str(error))
            self._drop()
            return False
        return True

    def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.invalidate()
                self._conn.close()
            self._conn = None

    def release(self) -> None:
        if self._conn is None:
            return
        with contextlib.suppress(Exception):
            self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
            self._conn.commit()
        with contextlib.suppress(Exception):
            self._conn.close()
        self._conn = None


class FileLock:
    """flock(2) on a file beside the SQLite database."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def try_acquire(self) -> bool:
        if self._file is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._file = handle
        return True

    def still_held(self) -> bool:
        return self._file is not None

    def release(self) -> None:
        if self._file is None:
            return
        with contextlib.suppress(OSError):
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
        self._file.close()
        self._file = None
