"""Knowing quickly when the database is down, so requests fail fast.

The library retries a failing database call ten times, each waiting for a
pooled connection; during an outage a request would take tens of seconds to
say so. A probe asks PostgreSQL a trivial question every second on a fresh
connection with a short timeout; while it fails, the API answers 503 at
once, and as soon as it succeeds again requests go through again.
"""

from __future__ import annotations

import threading
import time

import psycopg
import structlog

from projections.daemon import Daemon

log = structlog.get_logger(__name__)


class StoreProbe:
    def __init__(self, conninfo: str, *, interval: float = 1.0, timeout: float = 1.0) -> None:
        self.conninfo = conninfo
        self.interval = interval
        self.timeout = timeout
        self.down_since: float | None = None
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._daemon = Daemon("store-probe")

    @property
    def available(self) -> bool:
        return self.down_since is None

    def check(self) -> bool:
        try:
            with psycopg.connect(self.conninfo, connect_timeout=max(1, int(self.timeout))) as conn:
                conn.execute("SELECT 1")
        except psycopg.Error as error:
            if self.down_since is None:
                self.down_since = time.monotonic()
                log.warning("store.down", error=str(error).splitlines()[0][:200])
            self.last_error = str(error).splitlines()[0][:200]
            return False
        if self.down_since is not None:
            log.info("store.up", down_for=round(time.monotonic() - self.down_since, 1))
        self.down_since = None
        self.last_error = None
        return True

    def start(self) -> None:
        self._daemon.start(self._loop)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.check()
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._daemon.stop(5, self._stop)
