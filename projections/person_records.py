"""Everything the read tables hold about one person, for a registerutdrag
(GDPR article 15): where they take part (arenas, initiatives, meeting series,
meetings), what they answered (invitations, check-in rounds), what they were
given (action items, API keys, survey contacts, notifications sent to them),
the health reports they made, and the audit trail's lines that name them (as
the one who acted or as the one acted upon). Names are read as stored now: a
forgotten person's read "[borttagen person]"."""

from __future__ import annotations

from functools import partial
from typing import Any

from sqlalchemy import Connection, String, cast, select

from projections import tables as t
from projections.meetings import tables as mt
from projections.meetings.rsvps import meeting_rsvps, series_rsvps
from projections.plan.queries import Summary, render_audit_rows
from projections.store import Row, rows_of

BATCH = 1000


def _joined(
    conn: Connection, person_id: str, who: Any, to: Any, order: Any, *cols: Any
) -> list[Row]:
    """`cols` of the rows whose column `who` names the person, their column `to`
    joined to the id of the first column's table."""
    named = cols[0].table
    query = select(*cols).join(named, named.c.id == to).where(who == person_id)
    return rows_of(conn, query.order_by(order))


def places(conn: Connection, person_id: str) -> dict[str, list[Row]]:
    """Where the person takes part and what they answered, each list in a stable order."""
    m = t.arena_members.c
    i = t.initiative_participants.c
    inv = mt.series_invitees.c
    att = mt.meeting_attendance.c
    act = mt.action_items
    ans = mt.checkin_answers.c
    rnd, hr = mt.checkin_rounds.c, t.health_reports.c
    a, ini, ser, mee = t.arenas.c, t.initiatives.c, mt.meeting_series.c, mt.meetings.c
    sr, mr = series_rsvps.c, meeting_rsvps.c
    joined = partial(_joined, conn, person_id)
    return {
        "arenas": joined(m.person_id, m.arena_id, a.code, a.code, a.name, m.role, m.since),
        "initiatives": joined(i.person_id, i.initiative_id, ini.code, ini.code, ini.title, i.role),
        "series": joined(inv.person_id, inv.series_id, ser.title, ser.title, inv.since),
        "series_rsvps": joined(
            sr.person_id, sr.series_id, sr.answered_at, ser.title, sr.response, sr.answered_at
        ),
        "meeting_rsvps": joined(
            mr.person_id,
            mr.meeting_id,
            mee.occurrence_date,
            mee.title,
            mee.occurrence_date,
            mr.response,
            mr.answered_at,
        ),
        "attendance": joined(
            att.person_id,
            att.meeting_id,
            mee.occurrence_date,
            mee.title,
            mee.occurrence_date,
            att.present,
        ),
        "action_items": rows_of(
            conn,
            select(act.c.text, act.c.occurrence_date, act.c.due, act.c.done_on)
            .where(act.c.assignee_id == person_id)
            .order_by(act.c.occurrence_date, act.c.item_id),
        ),
        "checkin_answers": joined(
            ans.person_id,
            ans.round_id,
            ans.position,
            rnd.title,
            ans.answers,
            ans.answered_at,
            ans.channel,
        ),
        "health_reports": joined(
            hr.actor_id,
            hr.initiative_id,
            hr.position,
            ini.code,
            hr.health,
            hr.comment,
            hr.reported_at,
        ),
        "tokens": rows_of(
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
            for row in rows_of(
                conn,
                select(mt.notifications)
                .where(cast(mt.notifications.c.recipients, String).contains(person_id))
                .order_by(mt.notifications.c.queued_at),
            )
            if any(str(r.get("person_id")) == person_id for r in row["recipients"] or [])
        ],
        "surveys": [
            {"title": row["title"]}
            for row in rows_of(conn, select(mt.survey_plans.c.title, mt.survey_plans.c.contacts))
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
        rows = rows_of(conn, query)
        if not rows:
            return found
        found += render_audit_rows(conn, rows, summary)
        after = rows[-1]["position"]
