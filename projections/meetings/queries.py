"""Queries for meetings and check-ins: plain functions over a Connection."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, TypedDict, Unpack
from uuid import UUID

from sqlalchemy import Connection, Select, and_, func, select

from domain.meetings.meeting import meeting_id
from domain.meetings.recurrence import MAX_MOVE, Occurrence, occurrences
from projections import tables as t
from projections.meetings import notes as meeting_notes
from projections.meetings import rsvps as meeting_rsvps
from projections.meetings import tables as mt
from projections.plan.queries import matching
from projections.store import Row, first, rows_of

# -- series ------------------------------------------------------------------------


def series_occurrences(row: Row, start: date, end: date) -> list[Occurrence]:
    """A series row's occurrences whose original date is within [start, end]."""
    last = [date.fromisoformat(d) for d in (row["until"], row["ended_on"]) if d]
    return occurrences(
        row["rules"],
        tz_name=row["timezone"],
        policy=row["holiday_policy"],
        overrides=row["overrides"],
        start=start,
        end=end,
        until=min(last) if last else None,
    )


def nth_held(series: Row, n: int) -> Occurrence | None:
    """The series' n-th meeting that is held (its evaluation comes after it)."""
    start = date.fromisoformat(series["starts_on"])
    weeks = max(r["interval_weeks"] for r in series["rules"])
    span = timedelta(weeks=weeks * (n + 6))
    held = [o for o in series_occurrences(series, start, start + span) if o.held]
    return held[n - 1] if len(held) >= n else None


class SeriesFilter(TypedDict, total=False):
    arena_id: str | None
    initiative_id: str | None
    person_id: str | None  # invited


def list_series(
    conn: Connection, *, active_on: date | None = None, **where: Unpack[SeriesFilter]
) -> list[Row]:
    return rows_of(conn, series_query(active_on=active_on, **where))


def series_query(*, active_on: date | None = None, **where: Unpack[SeriesFilter]) -> Select[Any]:
    query = select(mt.meeting_series).order_by(mt.meeting_series.c.title, mt.meeting_series.c.id)
    query = matching(
        query,
        mt.meeting_series.c,
        arena_id=where.get("arena_id"),
        initiative_id=where.get("initiative_id"),
    )
    if person_id := where.get("person_id"):
        invited = select(mt.series_invitees.c.series_id).where(
            mt.series_invitees.c.person_id == person_id
        )
        query = query.where(mt.meeting_series.c.id.in_(invited))
    if active_on is not None:
        day = active_on.isoformat()
        query = query.where(
            (mt.meeting_series.c.ended_on.is_(None)) | (mt.meeting_series.c.ended_on >= day),
            (mt.meeting_series.c.until.is_(None)) | (mt.meeting_series.c.until >= day),
        )
    return query


def get_series(conn: Connection, series_id: str) -> Row | None:
    """The series with its invitees and schedule history."""
    row = first(conn, select(mt.meeting_series).where(mt.meeting_series.c.id == series_id))
    if row is None:
        return None
    row["invitees"] = invitees(conn, series_id)
    history = select(mt.series_events).where(mt.series_events.c.series_id == series_id)
    row["history"] = rows_of(conn, history.order_by(mt.series_events.c.position))
    return row


def invitees(conn: Connection, series_id: str) -> list[Row]:
    query = (
        select(
            mt.series_invitees.c.person_id,
            mt.series_invitees.c.since,
            mt.series_invitees.c.since_revision,
            t.persons.c.name,
        )
        .join(t.persons, t.persons.c.id == mt.series_invitees.c.person_id, isouter=True)
        .where(mt.series_invitees.c.series_id == series_id)
        .order_by(t.persons.c.name, mt.series_invitees.c.person_id)
    )
    return rows_of(conn, query)


def occurrence_row(series: Row, occurrence: Occurrence) -> Row:
    return {
        "series_id": series["id"],
        "title": series["title"],
        "date": occurrence.key.isoformat(),
        "meeting_id": str(meeting_id(UUID(series["id"]), occurrence.key)),
        "start": occurrence.start.isoformat(),
        "end": occurrence.end.isoformat(),
        "state": occurrence.state.value,
        "reason": occurrence.reason,
        "location": series["location"],
        "video_link": series["video_link"],
    }


class UpcomingFilter(TypedDict, total=False):
    series_id: str | None
    person_id: str | None  # invited
    arena_id: str | None


def upcoming(
    conn: Connection,
    *,
    now: datetime,
    until: date,
    include_not_held: bool = False,
    **where: Unpack[UpcomingFilter],
) -> list[Row]:
    """Occurrences from `now` to `until`, soonest first (computed from the rules)."""
    if series_id := where.get("series_id"):
        found = get_series(conn, series_id)
        series = [found] if found else []
    else:
        series = list_series(
            conn,
            arena_id=where.get("arena_id"),
            person_id=where.get("person_id"),
            active_on=now.date(),
        )
    out: list[Row] = []
    for row in series:
        # A moved meeting starts up to MAX_MOVE after its original date (the
        # first of the month is too short: nyårsafton's meeting moves to January).
        for occurrence in series_occurrences(row, now.date() - MAX_MOVE, until):
            if occurrence.end < now or occurrence.start.date() > until:
                continue
            if occurrence.held or include_not_held:
                out.append(occurrence_row(row, occurrence))
    out.sort(key=lambda r: (datetime.fromisoformat(r["start"]), r["series_id"]))
    return out


# -- meetings ------------------------------------------------------------------------


def get_meeting(conn: Connection, mid: str) -> Row | None:
    return first(conn, select(mt.meetings).where(mt.meetings.c.id == mid))


def meeting_page(conn: Connection, mid: str) -> Row | None:
    """The record, the RSVPs and the meeting's status check-in round."""
    meeting = meeting_record(conn, mid)
    if meeting is None:
        return None
    meeting["rsvps"] = meeting_rsvps.rsvps(conn, meeting["series_id"], mid)
    status = select(mt.checkin_rounds.c.id, mt.checkin_rounds.c.state, mt.checkin_rounds.c.summary)
    meeting["status_round"] = first(
        conn,
        status.where(
            mt.checkin_rounds.c.series_id == meeting["series_id"],
            mt.checkin_rounds.c.occurrence_date == meeting["occurrence_date"],
        ),
    )
    return meeting


def meeting_record(conn: Connection, mid: str) -> Row | None:
    """Agenda, attendance, notes, decisions, actions, and open actions carried
    forward (what the secretary's page shows: no RSVPs, no check-in round)."""
    meeting = get_meeting(conn, mid)
    if meeting is None:
        return None
    agenda = select(mt.agenda_items).where(mt.agenda_items.c.meeting_id == mid)
    meeting["agenda"] = rows_of(conn, agenda.order_by(mt.agenda_items.c.position))
    attendance = select(mt.meeting_attendance).where(mt.meeting_attendance.c.meeting_id == mid)
    meeting["attendance"] = rows_of(conn, attendance.order_by(mt.meeting_attendance.c.person_id))
    decisions = select(mt.meeting_decisions).where(mt.meeting_decisions.c.meeting_id == mid)
    meeting["decisions"] = rows_of(conn, decisions.order_by(mt.meeting_decisions.c.position))
    meeting["entries"] = meeting_notes.entries(conn, mid)
    actions = select(mt.action_items).where(mt.action_items.c.meeting_id == mid)
    meeting["action_items"] = rows_of(conn, actions.order_by(mt.action_items.c.assigned_at))
    carried = select(mt.action_items).where(
        mt.action_items.c.series_id == meeting["series_id"],
        mt.action_items.c.occurrence_date < meeting["occurrence_date"],
        mt.action_items.c.done_on.is_(None),
    )
    meeting["carried_forward"] = rows_of(
        conn, carried.order_by(mt.action_items.c.occurrence_date, mt.action_items.c.assigned_at)
    )
    return meeting


def meetings_of_series(conn: Connection, series_id: str) -> list[Row]:
    query = select(mt.meetings).where(mt.meetings.c.series_id == series_id)
    return rows_of(conn, query.order_by(mt.meetings.c.occurrence_date))


def closed_meeting_count(conn: Connection, series_id: str) -> int:
    query = select(func.count()).where(
        mt.meetings.c.series_id == series_id, mt.meetings.c.state == "closed"
    )
    return int(conn.execute(query).scalar() or 0)


class ActionFilter(TypedDict, total=False):
    person_id: str | None  # assigned to
    series_id: str | None


def open_action_items(conn: Connection, **where: Unpack[ActionFilter]) -> list[Row]:
    return rows_of(conn, open_actions_query(**where))


def open_actions_query(**where: Unpack[ActionFilter]) -> Select[Any]:
    query = (
        select(mt.action_items, mt.meetings.c.title.label("meeting_title"))
        .join(mt.meetings, mt.meetings.c.id == mt.action_items.c.meeting_id)
        .where(mt.action_items.c.done_on.is_(None))
    )
    query = matching(
        query,
        mt.action_items.c,
        assignee_id=where.get("person_id"),
        series_id=where.get("series_id"),
    )
    order = (
        mt.action_items.c.due.is_(None),
        mt.action_items.c.due,
        mt.action_items.c.item_id,
        mt.action_items.c.meeting_id,
    )
    return query.order_by(*order)


# -- check-in rounds -----------------------------------------------------------------


class RoundFilter(TypedDict, total=False):
    state: str | None
    initiative_id: str | None
    series_id: str | None


def list_rounds(
    conn: Connection, *, limit: int | None = None, **where: Unpack[RoundFilter]
) -> list[Row]:
    query = rounds_query(**where)
    return with_rates(rows_of(conn, query.limit(limit)))


def rounds_query(**where: Unpack[RoundFilter]) -> Select[Any]:
    columns = [c for c in mt.checkin_rounds.c if c.name not in ("questions", "summary")]
    query = matching(select(*columns), mt.checkin_rounds.c, **where)
    return query.order_by(mt.checkin_rounds.c.due_at.desc(), mt.checkin_rounds.c.id)


def with_rates(rows: list[Row]) -> list[Row]:
    for row in rows:
        row["response_rate"] = round(row["answered"] / row["invited"], 4) if row["invited"] else 0.0
    return rows


def get_round(conn: Connection, round_id: str) -> Row | None:
    row = first(conn, select(mt.checkin_rounds).where(mt.checkin_rounds.c.id == round_id))
    if row is not None:
        row["response_rate"] = round(row["answered"] / row["invited"], 4) if row["invited"] else 0.0
    return row


def round_recipients(conn: Connection, round_id: str, *, answered: bool | None = None) -> list[Row]:
    """Who has and hasn't answered (with the latest answer)."""
    return rows_of(conn, recipients_query(round_id, answered=answered))


def recipients_query(round_id: str, *, answered: bool | None = None) -> Select[Any]:
    query = (
        select(mt.checkin_recipients, t.persons.c.name)
        .join(t.persons, t.persons.c.id == mt.checkin_recipients.c.person_id, isouter=True)
        .where(mt.checkin_recipients.c.round_id == round_id)
    )
    if answered is True:
        query = query.where(mt.checkin_recipients.c.revision > 0)
    elif answered is False:
        query = query.where(mt.checkin_recipients.c.revision == 0)
    return query.order_by(t.persons.c.name, mt.checkin_recipients.c.person_id)


def initiative_answers(conn: Connection, initiative_id: str) -> list[Row]:
    """Every answer given about an initiative over time (revisions included)."""
    return rows_of(conn, answers_query(initiative_id))


def answers_query(initiative_id: str) -> Select[Any]:
    return (
        select(mt.checkin_answers, mt.checkin_rounds.c.title.label("round_title"))
        .join(mt.checkin_rounds, mt.checkin_rounds.c.id == mt.checkin_answers.c.round_id)
        .where(mt.checkin_answers.c.initiative_id == initiative_id)
        .order_by(mt.checkin_answers.c.position)
    )


def response_rates(conn: Connection, *, kind: str | None = None) -> list[Row]:
    return with_rates(rows_of(conn, rates_query(kind=kind)))


def rates_query(*, kind: str | None = None) -> Select[Any]:
    query = select(
        mt.checkin_rounds.c.id,
        mt.checkin_rounds.c.title,
        mt.checkin_rounds.c.kind,
        mt.checkin_rounds.c.due_at,
        mt.checkin_rounds.c.invited,
        mt.checkin_rounds.c.answered,
    )
    if kind:
        query = query.where(mt.checkin_rounds.c.kind == kind)
    return query.order_by(mt.checkin_rounds.c.due_at, mt.checkin_rounds.c.id)


def surveys_query() -> Select[Any]:
    return select(mt.survey_plans).order_by(mt.survey_plans.c.title, mt.survey_plans.c.id)


def list_surveys(conn: Connection) -> list[Row]:
    return rows_of(conn, surveys_query())


def get_survey(conn: Connection, survey_id: str) -> Row | None:
    query = select(mt.survey_plans).where(mt.survey_plans.c.id == survey_id)
    return first(conn, query)


# -- outbox and people -----------------------------------------------------------------


def notifications(
    conn: Connection, *, state: str | None = None, limit: int | None = None
) -> list[Row]:
    return rows_of(conn, notifications_query(state=state).limit(limit))


def notifications_query(*, state: str | None = None) -> Select[Any]:
    query = select(mt.notifications)
    if state:
        query = query.where(mt.notifications.c.state == state)
    return query.order_by(mt.notifications.c.queued_at, mt.notifications.c.key)


def notification_keys(conn: Connection, prefix: str) -> set[str]:
    query = select(mt.notifications.c.key).where(
        mt.notifications.c.key.startswith(prefix, autoescape=True)
    )
    return {str(k) for k in conn.execute(query).scalars()}


def contacts(conn: Connection, person_ids: list[str]) -> dict[str, Row]:
    """Name, e-mail, Slack id, chosen language and channel of each person
    (for rendering and sending)."""
    found: dict[str, Row] = {}
    for start in range(0, len(person_ids), 500):
        chunk = person_ids[start : start + 500]
        query = select(
            t.persons.c.id,
            t.persons.c.name,
            t.persons.c.email,
            t.persons.c.slack_user_id,
            t.persons.c.language,
            t.persons.c.channel.label("reach"),
        ).where(and_(t.persons.c.id.in_(chunk)))
        for row in rows_of(conn, query):
            found[row["id"]] = row
    return found
