"""Read-model lookups for inbound mail: reply-token prefixes, the meeting a
mailed note or agenda item belongs to."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

from sqlalchemy import Connection, Table, select

from projections import tables as t
from projections.meetings import queries as mq
from projections.meetings import tables as mt
from projections.store import Row

TARGETS: dict[str, Table] = {"c": mt.checkin_rounds, "s": mt.meeting_series}
NOTE_EARLY = timedelta(minutes=30)  # a note may come this long before the start


def _prefix(raw: bytes) -> str:
    """The first 8 bytes of a UUID as the start of its text form."""
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}"


def _ids(conn: Connection, table: Table, raw: bytes) -> list[UUID]:
    if len(raw) != 8:
        return []
    query = select(table.c.id).where(table.c.id.like(_prefix(raw) + "%")).limit(20)
    return [UUID(str(r[0])) for r in conn.execute(query)]


def token_candidates(
    conn: Connection, kind: str, target: bytes, person: bytes
) -> list[tuple[UUID, UUID]]:
    """(target, person) pairs whose ids start with these bytes."""
    table = TARGETS.get(kind)
    if table is None:
        return []
    targets = _ids(conn, table, target)
    people = _ids(conn, t.persons, person) if targets else []
    return [(a, b) for a in targets for b in people]


def meeting_for_note(conn: Connection, series_id: str, now: datetime) -> Row | None:
    """The open meeting going on now, else the most recent open one that started."""
    query = (
        select(mt.meetings)
        .where(mt.meetings.c.series_id == series_id, mt.meetings.c.state == "planned")
        .order_by(mt.meetings.c.starts_at.desc())
    )
    for row in conn.execute(query).mappings():
        if datetime.fromisoformat(row["starts_at"]) <= now + NOTE_EARLY:
            return dict(row)
    return None


def next_meeting(conn: Connection, series_id: str, now: datetime) -> Row | None:
    """The next held occurrence of the series that has not started yet."""
    until: date = (now + timedelta(days=120)).date()
    for row in mq.upcoming(conn, now=now, until=until, series_id=series_id):
        if datetime.fromisoformat(row["start"]) > now:
            return row
    return None
