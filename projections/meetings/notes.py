"""Notes and decisions added to a meeting's minutes, each with its source."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Index, String, Text, select

from domain.meetings.meeting import Meeting
from projections.audit import Line, cut, describes, line
from projections.framework import PROJECTION, Ctx
from projections.store import Row, RowStore, fields, optional_id, rows_of
from projections.tables import ID, WHEN, history, optional, required

meeting_notes = history(
    "meeting_notes",
    *required(meeting_id=ID, entry_id=String(32), text=Text, source=Text),
    *optional(decision_id=ID),
    *required(added_by=String(100), channel=String(16), added_at=WHEN),
    Index("ix_meeting_notes_meeting", "meeting_id", "position"),
)


@PROJECTION.on(Meeting, "NoteAdded")
def note_added(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.append(
        meeting_notes,
        {
            "position": ctx.position,
            "meeting_id": ctx.aggregate_id,
            **fields(e, "entry_id", "text", "source"),
            "decision_id": optional_id(e.decision_id),
            "added_by": ctx.meta["actor"],
            "channel": ctx.meta["channel"],
            "added_at": ctx.at,
        },
    )


@describes(Meeting, "NoteAdded")
def _note_added(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    message = "meeting.decision_added" if e.decision_id else "meeting.note_added"
    return line(message, text=cut(e.text, 60))


def entries(conn: Connection, meeting_id: str) -> list[Row]:
    """The notes and decisions added to a meeting, in the order they were added."""
    query = select(meeting_notes).where(meeting_notes.c.meeting_id == meeting_id)
    return rows_of(conn, query.order_by(meeting_notes.c.position))
