"""What the doors read of the audit trail: who changed what, when, through
which door, page by page (a keyset cursor) or whole, oldest first. (The plan
as it was at a moment and the hash chain are `services.audit.Audit`'s.)"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection

from projections.queries import AuditFilter, audit_page
from projections.store import Row
from services.queries.base import Facade

__all__ = ["AuditFilter", "AuditTrail"]


class AuditTrail(Facade):
    def page(
        self, where: AuditFilter, *, limit: int, conn: Connection | None = None
    ) -> tuple[list[Row], int | None]:
        """One page of the trail and the cursor for the next (None at the end)."""
        return self._read(conn, audit_page, where, limit=limit)

    def everything(self, *, batch: int = 1000) -> Iterator[Row]:
        """The whole trail, oldest first, read `batch` rows at a time on one connection."""
        with self.connect() as conn:
            cursor: int | None = None
            while True:
                rows, cursor = audit_page(conn, AuditFilter(after=cursor), limit=batch)
                yield from rows
                if cursor is None:
                    return
