"""Everything the read tables hold about one person, for a registerutdrag
(GDPR article 15): where they take part (arenas, initiatives, meeting series,
meetings), what they answered (invitations, check-in rounds), what they were
given (action items, API keys, survey contacts, notifications sent to them),
the health reports they made, and the audit trail's lines that name them (as
the one who acted or as the one acted upon). Names are read as stored now: a
forgotten person's read "[borttagen person]"."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, String, cast, select

from projections import tables as t
from projections.meetings import tables as mt
from projections.meetings.rsvps import meeting_rsvps, series_rsvps
from projections.plan.queries import Summary, render_audit_rows
from projections.store import Row, dicts

BATCH = 1000


def _rows(conn: Connection, query: Any) -> list[Row]:
    return dicts(conn.execute(query))


def places(conn: Connection, person_id: str) -> dict[str, list[Row]]:
    """Where the person takes part and what they answered, each list in a stable order."""
    m = t.arena_members
    i = t.initiative_participants
    inv = mt.series_invitees
    att = mt.meeting_attendance
    act = mt.action_items
    ans = mt.checkin_answers
    return {
        "arenas": _rows(
            conn,
            select(t.arenas.c.code, t.arenas.c.name, m.c.role, m.c.since)
            .join(t.arenas, t.arenas.c.id == m.c.arena_id)
            .where(m.c.person_id == person_id)
            .order_by(t.arenas.c.code),
        ),
        "initiatives": _rows(
            conn,
            select(t.initiatives.c.code, t.initiatives.c.title, i.c.role)
            .join(t.initiatives, t.initiatives.c.id == i.c.initiative_id)
            .where(i.c.person_id == person_id)
            .order_by(t.initiatives.c.code),
        ),
        "series": _rows(
            conn,
            select(mt.meeting_series.c.title, inv.c.since)
            .join(mt.meeting_series, mt.meeting_series.c.id == inv.c.series_id)
            .where(inv.c.person_id == person_id)
            .order_by(mt.meeting_series.c.title),
        ),
        "series_rsvps": _rows(
            conn,
            select(mt.meeting_series.c.title, series_rsvps.c.response, series_rsvps.c.answered_at)
            .join(mt.meeting_series, mt.meeting_series.c.id == series_rsvps.c.series_id)
            .where(series_rsvps.c.person_id == person_id)
            .order_by(series_rsvps.c.answered_at),
        ),
        "meeting_rsvps": _rows(
            conn,
            select(
                mt.meetings.c.title,
                mt.meetings.c.occurrence_date,
                meeting_rsvps.c.response,
                meeting_rsvps.c.answered_at,
            )
            .join(mt.meetings, mt.meetings.c.id == meeting_rsvps.c.meeting_id)
            .where(meeting_rsvps.c.person_id == person_id)
            .order_by(mt.meetings.c.occurrence_date),
        ),
        "attendance": _rows(
            conn,
            select(mt.meetings.c.title, mt.meetings.c.occurrence_date, att.c.present)
            .join(mt.meetings, mt.meetings.c.id == att.c.meeting_id)
            .where(att.c.person_id == person_id)
            .order_by(mt.meetings.c.occurrence_date),
        ),
        "action_items": _rows(
            conn,
            select(act.c.text, act.c.occurrence_date, act.c.due, act.c.done_on)
            .where(act.c.assignee_id == person_id)
            .order_by(act.c.occurrence_date, act.c.item_id),
        ),
        "checkin_answers": _rows(
            conn,
            select(
                mt.checkin_rounds.c.title,
                ans.c.answers,
                ans.c.answered_at,
                ans.c.channel,
            )
            .join(mt.checkin_rounds, mt.checkin_rounds.c.id == ans.c.round_id)
            .where(ans.c.person_id == person_id)
            .order_by(ans.c.position),
        ),
        "health_reports": _rows(
            conn,
            select(
                t.initiatives.c.code,
                t.health_reports.c.health,
                t.health_reports.c.comment,
                t.health_reports.c.reported_at,
            )
            .join(t.initiatives, t.initiatives.c.id == t.health_reports.c.initiative_id)
            .where(t.health_reports.c.actor_id == person_id)
            .order_by(t.health_reports.c.position),
        ),
        "tokens": _rows(
            conn,
            select(
                t.access_tokens.c.role,
                t.access_tokens.c.label,
                t.access_tokens.c.issued_at,
                t.access_tokens.c.expires_at,
                t.access_tokens.c.revoked,
            )
            .where(t.access_tokens.c.person_id == person_id)
            .order_by(t.access_tokens.c.issued_at),
        ),
        "notifications": [
            {k: row[k] for k in ("kind", "subject", "state", "queued_at", "sent_at")}
            for row in _rows(
                conn,
                select(mt.notifications)
                .where(cast(mt.notifications.c.recipients, String).contains(person_id))
                .order_by(mt.notifications.c.queued_at),
            )
            if any(str(r.get("person_id")) == person_id for r in row["recipients"] or [])
        ],
        "surveys": [
            {"title": row["title"]}
            for row in _rows(conn, select(mt.survey_plans.c.title, mt.survey_plans.c.contacts))
            if person_id in [str(c) for c in (row["contacts"] or [])]
        ],
    }


def trail_lines(conn: Connection, person_id: str, summary: Summary) -> tuple[list[Row], list[Row]]:
    """The audit trail's lines by the person, and those about them by others,
    oldest first, each with its sentence (each read by its own index)."""
    a = t.audit_trail.c
    by = _lines(conn, a.actor_id == person_id, summary)
    about = _lines(conn, a.subject_id == person_id, summary)
    return by, [row for row in about if row["actor_id"] != person_id]


def _lines(conn: Connection, where: Any, summary: Summary) -> list[Row]:
    a = t.audit_trail.c
    found: list[Row] = []
    after = 0
    while True:
        query = (
            select(t.audit_trail).where(where, a.position > after).order_by(a.position).limit(BATCH)
        )
        rows = dicts(conn.execute(query))
        if not rows:
            return found
        found += render_audit_rows(conn, rows, summary)
        after = rows[-1]["position"]
