"""What one person sees in a chat front door: their initiatives, open
check-ins, meetings now and next, and the series of a chat channel."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, or_, select

from domain.meetings.recurrence import MAX_MOVE
from projections import tables as t
from projections.meetings import queries as mq
from projections.meetings import tables as mt
from projections.store import Row, rows_of

# A meeting is "on" from a little before it starts until a while after it ends,
# so notes written just after the meeting still land on it.
BEFORE_START = timedelta(minutes=30)
AFTER_END = timedelta(hours=2)


def initiatives_of(conn: Connection, person_id: str) -> list[Row]:
    i, p = t.initiatives.c, t.initiative_participants.c
    query = (
        select(i.id, i.code, i.title, i.status, i.health, i.health_comment)
        .join(t.initiative_participants, p.initiative_id == i.id)
        .where(p.person_id == person_id)
        .order_by(i.code)
    )
    return rows_of(conn, query)


def open_rounds_of(conn: Connection, person_id: str, now: datetime) -> list[Row]:
    """Open rounds that ask this person and are not yet due, soonest due first."""
    r, to = mt.checkin_rounds.c, mt.checkin_recipients.c
    query = (
        select(r.id, r.title, r.due_at, r.opens_at, r.initiative_id, to.revision)
        .join(mt.checkin_recipients, to.round_id == r.id)
        .where(to.person_id == person_id, r.state == "open")
    )
    out = []
    for row in conn.execute(query).mappings():
        due = datetime.fromisoformat(row["due_at"])
        if datetime.fromisoformat(row["opens_at"]) <= now < due:
            out.append({**row, "answered": row["revision"] > 0})
    out.sort(key=lambda r: (datetime.fromisoformat(r["due_at"]), r["id"]))
    return out


def my_meetings(conn: Connection, person_id: str, now: datetime, days: int = 30) -> list[Row]:
    """Meetings of the person's series from two days back to `days` ahead,
    the one nearest to now first (the one going on, if any)."""
    found = mq.upcoming(
        conn,
        now=now - timedelta(days=2),
        until=(now + timedelta(days=days)).date(),
        person_id=person_id,
    )
    found.sort(key=lambda m: abs((datetime.fromisoformat(m["start"]) - now).total_seconds()))
    return found


def next_meetings(conn: Connection, person_id: str, now: datetime, days: int = 90) -> list[Row]:
    """The next meeting of each series the person is invited to."""
    seen: set[str] = set()
    out = []
    for meeting in mq.upcoming(
        conn, now=now, until=(now + timedelta(days=days)).date(), person_id=person_id
    ):
        if meeting["series_id"] not in seen and datetime.fromisoformat(meeting["start"]) > now:
            seen.add(meeting["series_id"])
            out.append(meeting)
    return out


def series_for_channel(conn: Connection, channel_id: str, channel_name: str | None) -> list[Row]:
    """The series that use this Slack channel (by id or #name) or this Teams
    channel (by its conversation id)."""
    names = {channel_id, channel_id.lower()}
    if channel_name:
        names |= {channel_name, f"#{channel_name}"}
    series = mt.meeting_series.c
    query = select(mt.meeting_series).where(
        or_(series.slack_channel.in_(sorted(names)), series.teams_channel == channel_id)
    )
    return rows_of(conn, query)


def meeting_now(
    conn: Connection, channel_id: str, channel_name: str | None, now: datetime
) -> Row | None:
    """The meeting going on now in a series that uses this channel, if any."""
    for series in series_for_channel(conn, channel_id, channel_name):
        # Its original date may lie days back (julafton's meeting is held on the 28th).
        for occurrence in mq.series_occurrences(
            series, (now - timedelta(days=1)).date() - MAX_MOVE, (now + timedelta(days=1)).date()
        ):
            if (
                occurrence.held
                and occurrence.start - BEFORE_START <= now <= occurrence.end + AFTER_END
            ):
                return mq.occurrence_row(series, occurrence)
    return None


def home(conn: Connection, person_id: str, now: datetime) -> dict[str, Any]:
    """Everything the App Home shows."""
    return {
        "initiatives": initiatives_of(conn, person_id),
        "rounds": open_rounds_of(conn, person_id, now),
        "meetings": mq.upcoming(
            conn, now=now, until=(now + timedelta(weeks=6)).date(), person_id=person_id
        ),
        "actions": mq.open_action_items(conn, person_id=person_id),
    }


def arena_roles(conn: Connection, person_id: str) -> dict[str, str]:
    """The person's role in each arena they are a member of."""
    query = select(t.arena_members.c.arena_id, t.arena_members.c.role).where(
        t.arena_members.c.person_id == person_id
    )
    return {str(r.arena_id): str(r.role) for r in conn.execute(query)}


def round_arena(conn: Connection, checkin: Row) -> str | None:
    """The arena a check-in round asks in: its audience's, its series', its
    initiative's or its survey's (None for a round sent to a list of persons)."""
    if checkin["audience_kind"] == "arena":
        return str(checkin["audience_ref"])
    for table, key in (
        (mt.meeting_series, "series_id"),
        (t.initiatives, "initiative_id"),
        (mt.survey_plans, "survey_id"),
    ):
        if checkin[key]:
            found = conn.execute(select(table.c.arena_id).where(table.c.id == checkin[key]))
            arena = found.scalar()
            return str(arena) if arena else None
    return None
