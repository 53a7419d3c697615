"""The read model as the services see it: read connections, and waiting for
the projector to show a position (read-your-writes)."""

from __future__ import annotations

from contextlib import AbstractContextManager

from sqlalchemy import Connection, Engine

from projections.runner import Projector
from projections.source import EventLog


class Views:
    def __init__(
        self, log: EventLog, read: Engine, projector: Projector, timeout: float = 5.0
    ) -> None:
        self._log = log
        self.engine = read
        self._projector = projector
        self.timeout = timeout

    def connect(self) -> AbstractContextManager[Connection]:
        return self.engine.connect()

    def shown(self) -> int:
        """The position the views show, as this process last knew it (no I/O;
        it moves as the projector in this process applies events)."""
        return self._projector.position

    def head(self) -> int:
        """The position of the last event stored."""
        return int(self._log.recorder.max_notification_id() or 0)

    def wait_for(self, position: int | None, timeout: float | None = None) -> bool:
        """Until the views show `position` (None: nothing to wait for); False
        when they did not within the timeout (or the projector is stuck)."""
        return self._projector.wait_for(position, self.timeout if timeout is None else timeout)
