"""For auditors: the plan as it is or was, and the log's integrity."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from projections.export import (
    plan_document,
    replay_in_memory,
    snapshot_from_db,
    snapshot_from_memory,
)
from projections.runner import read_position
from projections.source import EventLog
from services.integrity import Digest, Verdict, head, verify
from services.views import Views


class Audit:
    def __init__(self, log: EventLog, views: Views) -> None:
        self._log = log
        self._views = views

    def state(self, as_of: datetime | None = None) -> dict[str, Any]:
        """The whole plan now (from the views), or as it was at `as_of` (the
        events recorded until then, replayed)."""
        if as_of is None:
            with self._views.connect() as conn:
                position = read_position(self._views.engine)
                return plan_document(snapshot_from_db(conn), position=position, as_of=None)
        store, position = replay_in_memory(self._log, as_of=as_of)
        return plan_document(
            snapshot_from_memory(store), position=position, as_of=as_of.isoformat()
        )

    def digest(self) -> Digest:
        return head(self._log.recorder)

    def verify(self, digest: Digest | None = None) -> Verdict:
        return verify(self._log.recorder, digest)
