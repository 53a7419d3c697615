"""Answers to meeting invitations (RSVP), for the whole series or one meeting.

A meeting's page shows, per person, the answer for that meeting if there is
one, else the answer for the series.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, String, Table, select

from domain.meetings.meeting import Meeting
from domain.meetings.series import MeetingSeries
from projections import tables
from projections.audit import Line, describes, line, looked_up
from projections.framework import PROJECTION, Ctx
from projections.meetings import tables as mt
from projections.store import Row, RowStore, rows_of
from projections.tables import ID, WHEN, clustered, required


def _answers(name: str, key: str) -> Table:
    """Each person's latest answer to the invitation of a series or a meeting."""
    return clustered(
        name,
        *tables.key(**{key: ID, "person_id": ID}),
        *required(response=String(16), channel=String(16), answered_at=WHEN),
    )


series_rsvps = _answers("series_rsvps", "series_id")
meeting_rsvps = _answers("meeting_rsvps", "meeting_id")


def _bump(rows: RowStore, table: Table, ctx: Ctx) -> None:
    row = rows.get(table, ctx.aggregate_id)
    if row is not None:
        rows.put(table, ctx.changed(row))


def _record(rows: RowStore, table: Table, parent: Table, key: str, e: Any, ctx: Ctx) -> None:
    """The person's latest answer, keyed by the series or meeting it was given to."""
    rows.put(
        table,
        {
            key: ctx.aggregate_id,
            "person_id": str(e.person_id),
            "response": e.response,
            "channel": ctx.meta["channel"],
            "answered_at": ctx.at,
        },
    )
    _bump(rows, parent, ctx)


@PROJECTION.on(MeetingSeries, "RsvpRecorded")
def series_rsvp(e: Any, ctx: Ctx, rows: RowStore) -> None:
    _record(rows, series_rsvps, mt.meeting_series, "series_id", e, ctx)


@PROJECTION.on(Meeting, "RsvpRecorded")
def meeting_rsvp(e: Any, ctx: Ctx, rows: RowStore) -> None:
    _record(rows, meeting_rsvps, mt.meetings, "meeting_id", e, ctx)


@describes(MeetingSeries, "RsvpRecorded")
def _series_rsvp(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    series = looked_up(rows, mt.meeting_series, (ctx.aggregate_id,), "title", 60)
    return line("series.rsvp", e.person_id, rsvp=str(e.response), series=series)


@describes(Meeting, "RsvpRecorded")
def _meeting_rsvp(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    meeting = looked_up(rows, mt.meetings, (ctx.aggregate_id,), "title", 70)
    return line("meeting.rsvp", e.person_id, rsvp=str(e.response), meeting=meeting)


def rsvps(conn: Connection, series_id: str, meeting_id: str) -> list[Row]:
    """Per person: the answer for this meeting, else the one for the series."""
    found: dict[str, Row] = {}
    query = select(series_rsvps).where(series_rsvps.c.series_id == series_id)
    for r in rows_of(conn, query):
        found[r["person_id"]] = {**r, "scope": "series"}
    query = select(meeting_rsvps).where(meeting_rsvps.c.meeting_id == meeting_id)
    for r in rows_of(conn, query):
        found[r["person_id"]] = {**r, "scope": "meeting"}
    return [
        {k: v for k, v in row.items() if k not in ("series_id", "meeting_id")}
        for _, row in sorted(found.items())
    ]
