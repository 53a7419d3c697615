"""What the doors read of the fund ledger: agreements, grants with their
balances, ledger lines, bookings per initiative, submitted reports."""

from __future__ import annotations

from sqlalchemy import Connection

from projections.funds import queries as fq
from projections.store import Row
from services.queries.base import Facade, lists, pages, reads


class FundQueries(Facade):
    agreements_page = lists(fq.list_agreements)

    def list_agreements(self, *, conn: Connection | None = None) -> list[Row]:
        """Every agreement (at most a thousand) with its grants."""
        with self._reading(conn) as c:
            items = fq.list_agreements(c, limit=1000, offset=0).items
            return [a for a in (fq.get_agreement(c, i["id"]) for i in items) if a is not None]

    # An agreement with its grants.
    get_agreement = reads(fq.get_agreement)

    # The agreement with this diarienummer (case-insensitive).
    agreement_id_by_reference = reads(fq.agreement_id_by_reference)

    # Grants with what is granted, requisitioned, booked, spent, repaid, unbooked
    # and unspent.
    grants_page = lists(fq.list_grants)

    # A grant with its balances, bookings and ledger lines.
    get_grant = reads(fq.get_grant)

    # A grant with its balances and bookings, without its ledger lines.
    grant_with_bookings = reads(fq.grant_with_bookings)

    def grant_page(
        self,
        grant_id: str,
        *,
        before: int | None = None,
        limit: int = fq.LINES_SHOWN,
        conn: Connection | None = None,
    ) -> Row | None:
        """The grant with one page of its ledger: `lines`, the latest `limit`
        recorded before log position `before`, each with the balance after it;
        `older`, the cursor for the lines before them; `line_count`."""
        with self._reading(conn) as c:
            grant = fq.grant_with_bookings(c, grant_id)
            if grant is None:
                return None
            window = fq.ledger_window(c, grant_id, before=before, limit=limit)
        return {**grant, "lines": window.lines, "older": window.older, "line_count": window.total}

    # Ledger lines in the order recorded, and the cursor for the next page.
    ledger_page = lists(fq.ledger_page)

    def bookings(
        self, initiative_id: str | None = None, *, conn: Connection | None = None
    ) -> list[Row]:
        """What is booked and spent per initiative (or per activity without one)."""
        return self._read(conn, fq.bookings_by_initiative, initiative_id)

    bookings_page = pages(fq.bookings_query, fq.with_sek)

    # Reports recorded as submitted.
    list_submissions = lists(fq.list_submissions)

    submissions_page = pages(fq.submissions_query)

    get_submission = reads(fq.get_submission)
