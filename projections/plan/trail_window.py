"""Where in the audit trail a date range can lie, by position.

The trail is read in position order (its cursor is a position); without
bounds, a date range far from the start, or with nothing in it, would be
found by reading the trail from its first row.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Connection, select

from projections import tables as t

# Events are stamped just before they are stored: two stamped further apart
# than this are stored (given positions) in the order of their stamps.
STAMP_SLACK = timedelta(minutes=1)


def _near(conn: Connection, moment: str, *, first: bool) -> int | None:
    """The position of the first row stamped at or after `moment` (or of the
    last stamped before it), by the recorded_at index: one seek."""
    a = t.audit_trail.c
    query = select(a.position)
    if first:
        query = query.where(a.recorded_at >= moment).order_by(a.recorded_at)
    else:
        query = query.where(a.recorded_at < moment).order_by(a.recorded_at.desc())
    return conn.execute(query.limit(1)).scalar()


def date_window(
    conn: Connection, since: str | None, until: str | None, utc: Callable[[str], str]
) -> tuple[int, int | None] | None:
    """Positions between which every row of the date range lies (None: no
    row can; `utc` says a moment in UTC): the rows are read in position
    order, and without these bounds a range far from the start (or one with nothing in it)
    would be found by reading the trail from its first row. The bounds are
    taken a `STAMP_SLACK` wide of the range; the range itself still decides."""
    low, high = 0, None
    if since:
        moment = (datetime.fromisoformat(utc(since)) - STAMP_SLACK).isoformat()
        found = _near(conn, moment, first=True)
        if found is None:
            return None
        low = found
    if until:
        moment = (datetime.fromisoformat(utc(until)) + STAMP_SLACK).isoformat()
        high = _near(conn, moment, first=False)
        if high is None:
            return None
    return low, high
