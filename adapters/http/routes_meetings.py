"""Meeting series and meetings: schedules, agendas, minutes, decisions, action items."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy import Connection

from adapters.http.deps import Cmd, Conn, Reader, Services
from adapters.http.responses import PageLimit, PageOffset, found, page_body, with_etag
from adapters.http.schemas_meetings import (
    ActionDoneIn,
    ActionItemIn,
    AgendaItemIn,
    AttendanceIn,
    CancelIn,
    EndIn,
    InviteeIn,
    MoveIn,
    NotesIn,
    RuleIn,
    SeriesIn,
)
from domain.meetings import commands as m
from domain.meetings.meeting import meeting_id
from projections import meetings_queries as mq
from projections.queries import page_of, paged
from projections.store import Row
from services.ports import today

router = APIRouter(tags=["meetings"])
SERIES = "/api/v1/meeting-series"
OccurrenceDate = Annotated[date, Path(description="The meeting's date in the series (YYYY-MM-DD)")]
ItemId = Annotated[str, Path(min_length=1, max_length=32)]


def _day(value: date) -> date:
    if not 2000 <= value.year <= 2100:
        raise HTTPException(422, "give a date between 2000 and 2100")
    return value


def _series(conn: Connection, series_id: str) -> Row | None:
    return mq.get_series(conn, series_id)


def _page(conn: Connection, mid: str) -> Row | None:
    return mq.meeting_page(conn, mid)


# -- series ------------------------------------------------------------------------


@router.get(SERIES, summary="Meeting series (of an arena, an initiative or a person)")
def list_series(
    who: Reader,
    conn: Conn,
    arena_id: UUID | None = None,
    initiative_id: UUID | None = None,
    person_id: UUID | None = None,
    limit: PageLimit = 100,
    offset: PageOffset = 0,
) -> dict[str, Any]:
    query = mq.series_query(
        arena_id=str(arena_id) if arena_id else None,
        initiative_id=str(initiative_id) if initiative_id else None,
        person_id=str(person_id) if person_id else None,
    )
    return page_body(paged(conn, query, limit, offset))


@router.post(SERIES, status_code=201, summary="Schedule a meeting series")
def schedule_series(body: SeriesIn, cmd: Cmd) -> JSONResponse:
    command = m.ScheduleSeries(
        title=body.title,
        moderator_id=body.moderator_id,
        starts_on=body.starts_on,
        weekday=body.weekday,
        start_time=body.start_time,
        duration_minutes=body.duration_minutes,
        interval_weeks=body.interval_weeks,
        arena_id=body.arena_id,
        initiative_id=body.initiative_id,
        secretary_id=body.secretary_id,
        invitees=list(body.invitees),
        holiday_policy=body.holiday_policy,
        until=body.until,
        location=body.location,
        video_link=body.video_link,
        slack_channel=body.slack_channel,
        agenda_template=list(body.agenda_template),
        evaluate_after=body.evaluate_after,
        status_round_days=body.status_round_days,
    )
    return cmd.respond(command, _series, created_at=SERIES)


@router.get(f"{SERIES}/{{series_id}}", summary="One series with invitees and schedule history")
def get_series(series_id: UUID, who: Reader, conn: Conn) -> JSONResponse:
    return with_etag(found(mq.get_series(conn, str(series_id)), "meeting series"))


@router.post(f"{SERIES}/{{series_id}}/reschedule", summary="A new rule from a date onward")
def reschedule(series_id: UUID, body: RuleIn, cmd: Cmd) -> JSONResponse:
    command = m.RescheduleSeries(
        series_id=series_id,
        effective_from=body.effective_from,
        weekday=body.weekday,
        start_time=body.start_time,
        duration_minutes=body.duration_minutes,
        interval_weeks=body.interval_weeks,
        expected_version=body.expected_version,
    )
    return cmd.respond(command, _series)


@router.post(f"{SERIES}/{{series_id}}/invitees", summary="Invite a person to the series")
def add_invitee(series_id: UUID, body: InviteeIn, cmd: Cmd) -> JSONResponse:
    return cmd.respond(m.AddInvitee(series_id=series_id, person_id=body.person_id), _series)


@router.delete(f"{SERIES}/{{series_id}}/invitees/{{person_id}}", summary="Remove an invitee")
def remove_invitee(series_id: UUID, person_id: UUID, cmd: Cmd) -> JSONResponse:
    return cmd.respond(m.RemoveInvitee(series_id=series_id, person_id=person_id), _series)


@router.post(f"{SERIES}/{{series_id}}/meetings/{{day}}/cancel", summary="Cancel one meeting")
def cancel(series_id: UUID, day: OccurrenceDate, body: CancelIn, cmd: Cmd) -> JSONResponse:
    command = m.CancelOccurrence(series_id=series_id, occurrence_date=_day(day), reason=body.reason)
    return cmd.respond(command, _series)


@router.post(f"{SERIES}/{{series_id}}/meetings/{{day}}/move", summary="Move one meeting")
def move(series_id: UUID, day: OccurrenceDate, body: MoveIn, cmd: Cmd) -> JSONResponse:
    command = m.MoveOccurrence(
        series_id=series_id,
        occurrence_date=_day(day),
        starts_local=body.starts_local,
        duration_minutes=body.duration_minutes,
        reason=body.reason,
    )
    return cmd.respond(command, _series)


@router.post(f"{SERIES}/{{series_id}}/end", summary="End the series after a day")
def end(series_id: UUID, body: EndIn, cmd: Cmd) -> JSONResponse:
    command = m.EndSeries(series_id=series_id, last_day=body.last_day, reason=body.reason)
    return cmd.respond(command, _series)


# -- meetings ------------------------------------------------------------------------


@router.get("/api/v1/meetings/upcoming", summary="Coming meetings, soonest first")
def upcoming(
    who: Reader,
    conn: Conn,
    s: Services,
    series_id: UUID | None = None,
    person_id: UUID | None = None,
    arena_id: UUID | None = None,
    until: date | None = None,
    mine: Annotated[bool, Query(description="Only series the caller is invited to")] = False,
    limit: PageLimit = 100,
    offset: PageOffset = 0,
) -> dict[str, Any]:
    now = s.clock.now()
    last = until or (now + timedelta(weeks=8)).date()
    if last > (now + timedelta(days=3 * 366)).date():
        raise HTTPException(422, "until is at most three years ahead")
    person = str(person_id) if person_id else (who.person_id if mine else None)
    items = mq.upcoming(
        conn,
        now=now,
        until=last,
        series_id=str(series_id) if series_id else None,
        person_id=person,
        arena_id=str(arena_id) if arena_id else None,
    )
    return page_body(page_of(items, limit, offset))


@router.get(f"{SERIES}/{{series_id}}/meetings/{{day}}", summary="A meeting's page")
def meeting_by_date(series_id: UUID, day: OccurrenceDate, who: Reader, conn: Conn) -> JSONResponse:
    mid = str(meeting_id(series_id, day))
    return with_etag(found(mq.meeting_page(conn, mid), "planned meeting on that date"))


@router.get("/api/v1/meetings/{meeting_id}", summary="A meeting's page by id")
def get_meeting(meeting_id: UUID, who: Reader, conn: Conn) -> JSONResponse:
    return with_etag(found(mq.meeting_page(conn, str(meeting_id)), "meeting"))


@router.post(f"{SERIES}/{{series_id}}/meetings/{{day}}/agenda", summary="Add an agenda item")
def add_agenda_item(
    series_id: UUID, day: OccurrenceDate, body: AgendaItemIn, cmd: Cmd
) -> JSONResponse:
    command = m.AddAgendaItem(
        series_id=series_id,
        occurrence_date=_day(day),
        title=body.title,
        note=body.note,
    )
    return cmd.respond(command, _page)


@router.delete(
    f"{SERIES}/{{series_id}}/meetings/{{day}}/agenda/{{item_id}}", summary="Withdraw an agenda item"
)
def withdraw_agenda_item(
    series_id: UUID, day: OccurrenceDate, item_id: ItemId, cmd: Cmd
) -> JSONResponse:
    command = m.WithdrawAgendaItem(
        series_id=series_id,
        occurrence_date=_day(day),
        item_id=item_id,
    )
    return cmd.respond(command, _page)


@router.put(f"{SERIES}/{{series_id}}/meetings/{{day}}/attendance", summary="Record attendance")
def attendance(series_id: UUID, day: OccurrenceDate, body: AttendanceIn, cmd: Cmd) -> JSONResponse:
    command = m.RecordAttendance(
        series_id=series_id,
        occurrence_date=_day(day),
        present=list(body.present),
        absent=list(body.absent),
    )
    return cmd.respond(command, _page)


@router.put(f"{SERIES}/{{series_id}}/meetings/{{day}}/notes", summary="Write the minutes")
def notes(series_id: UUID, day: OccurrenceDate, body: NotesIn, cmd: Cmd) -> JSONResponse:
    command = m.WriteNotes(series_id=series_id, occurrence_date=_day(day), text=body.text)
    return cmd.respond(command, _page)


@router.post(f"{SERIES}/{{series_id}}/meetings/{{day}}/actions", summary="Record an action item")
def add_action(series_id: UUID, day: OccurrenceDate, body: ActionItemIn, cmd: Cmd) -> JSONResponse:
    command = m.AssignActionItem(
        series_id=series_id,
        occurrence_date=_day(day),
        text=body.text,
        assignee_id=body.assignee_id,
        due=body.due,
    )
    return cmd.respond(command, _page)


@router.post(
    f"{SERIES}/{{series_id}}/meetings/{{day}}/close", summary="Close the meeting (minutes)"
)
def close(series_id: UUID, day: OccurrenceDate, cmd: Cmd) -> JSONResponse:
    command = m.CloseMeeting(
        series_id=series_id, occurrence_date=_day(day), closed_at=cmd.services.clock.now()
    )
    return cmd.respond(command, _page)


@router.post(
    "/api/v1/meetings/{meeting_id}/actions/{item_id}/done",
    summary="Mark an action item done (your own, or any as moderator)",
)
def action_done(meeting_id: UUID, item_id: ItemId, body: ActionDoneIn, cmd: Cmd) -> JSONResponse:
    done_on = body.done_on or today(cmd.services.clock)
    command = m.CompleteActionItem(
        meeting_id=meeting_id,
        item_id=item_id,
        done_on=done_on,
    )
    return cmd.respond(command, _page)


@router.get("/api/v1/action-items", summary="Open action items (yours unless person_id is given)")
def open_actions(
    who: Reader,
    conn: Conn,
    person_id: UUID | None = None,
    series_id: UUID | None = None,
    limit: PageLimit = 100,
    offset: PageOffset = 0,
) -> dict[str, Any]:
    person = str(person_id) if person_id else (None if series_id else who.person_id)
    query = mq.open_actions_query(person_id=person, series_id=str(series_id) if series_id else None)
    return page_body(paged(conn, query, limit, offset))
