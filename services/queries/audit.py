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

__all__ = ["AuditFilter", "AuditTrail", "trail_page"]


def trail_page(
    conn: Connection, where: AuditFilter, *, limit: int, lang: str | None = None
) -> tuple[list[Row], int | None]:
    """One page of the trail, each row's sentence in `lang`, and the cursor
    for the next (None at the end)."""
    return audit_page(conn, where, limit=limit, summary=partial(render_summary, lang=lang))


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
        return self._read(conn, trail_page, where, limit=limit, lang=lang)

    def everything(self, *, batch: int = 1000, lang: str | None = None) -> Iterator[Row]:
        """The whole trail, oldest first, read `batch` rows at a time on one connection."""
        with self.connect() as conn:
            cursor: int | None = None
            while True:
                where = AuditFilter(after=cursor)
                rows, cursor = trail_page(conn, where, limit=batch, lang=lang)
                yield from rows
                if cursor is None:
                    return
