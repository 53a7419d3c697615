"""What the doors read of the audit trail: who changed what, when, through
which door, page by page (a keyset cursor) or whole, oldest first, each row's
sentence in the reader's language (Swedish unless asked otherwise). (The plan
as it was at a moment and the hash chain are `services.audit.Audit`'s.)"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from sqlalchemy import Connection

from projections.plan.queries import AuditFilter, audit_page
from projections.store import Row
from services.i18n.audit import render_summary
from services.queries.base import Facade

__all__ = ["AuditFilter", "AuditTrail"]


class AuditTrail(Facade):
    def page(
        self,
        where: AuditFilter,
        *,
        limit: int,
        conn: Connection | None = None,
        lang: str | None = None,
    ) -> tuple[list[Row], int | None]:
        """One page of the trail and the cursor for the next (None at the end)."""
        say = partial(render_summary, lang=lang)
        return self._read(conn, audit_page, where, limit=limit, summary=say)

    def everything(self, *, batch: int = 1000, lang: str | None = None) -> Iterator[Row]:
        """The whole trail, oldest first, read `batch` rows at a time on one connection."""
        say = partial(render_summary, lang=lang)
        with self.connect() as conn:
            cursor: int | None = None
            while True:
                where = AuditFilter(after=cursor)
                rows, cursor = audit_page(conn, where, limit=batch, summary=say)
                yield from rows
                if cursor is None:
                    return
