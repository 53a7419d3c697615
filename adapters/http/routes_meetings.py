"""Meeting series and meetings: schedules, agendas, minutes, decisions, action items."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import JSONResponse
from sqlalchemy import Connection

from adapters.http.command_routes import (
    CommandRoute,
    OccurrenceDate,
    PartId,
    add_command_routes,
)
from adapters.http.deps import Conn, Reader, Services
from adapters.http.responses import PageLimit, PageOffset, found, page_body, with_etag
from domain.meetings import commands as m
from domain.meetings.meeting import meeting_id
from projections import meetings_queries as mq
from projections.queries import page_of, paged
from projections.store import Row

router = APIRouter(tags=["meetings"])
SERIES = "/api/v1/meeting-series"


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


@router.get(f"{SERIES}/{{series_id}}", summary="One series with invitees and schedule history")
def get_series(series_id: UUID, who: Reader, conn: Conn) -> JSONResponse:
    return with_etag(found(mq.get_series(conn, str(series_id)), "meeting series"))


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


SERIES_ID = {"series_id": UUID}
MEETING = {"series_id": UUID, "day": OccurrenceDate}
ON_DAY = {"occurrence_date": "day"}
ON = f"{SERIES}/{{series_id}}/meetings/{{day}}"

# fmt: off
COMMANDS = [
    CommandRoute(
        "POST", SERIES, m.ScheduleSeries, _series, "Schedule a meeting series",
        created_at=SERIES, hidden=("timezone",),
    ),
    CommandRoute(
        "POST", f"{SERIES}/{{series_id}}/reschedule", m.RescheduleSeries, _series,
        "A new rule from a date onward", params=SERIES_ID,
    ),
    CommandRoute(
        "POST", f"{SERIES}/{{series_id}}/invitees", m.AddInvitee, _series,
        "Invite a person to the series", params=SERIES_ID,
    ),
    CommandRoute(
        "DELETE", f"{SERIES}/{{series_id}}/invitees/{{person_id}}", m.RemoveInvitee, _series,
        "Remove an invitee", params={"series_id": UUID, "person_id": UUID},
    ),
    CommandRoute(
        "POST", f"{ON}/cancel", m.CancelOccurrence, _series, "Cancel one meeting",
        params=MEETING, renamed=ON_DAY,
    ),
    CommandRoute(
        "POST", f"{ON}/move", m.MoveOccurrence, _series, "Move one meeting",
        params=MEETING, renamed=ON_DAY,
    ),
    CommandRoute(
        "POST", f"{SERIES}/{{series_id}}/end", m.EndSeries, _series, "End the series after a day",
        params=SERIES_ID,
    ),
    CommandRoute(
        "POST", f"{ON}/agenda", m.AddAgendaItem, _page, "Add an agenda item",
        params=MEETING, renamed=ON_DAY,
    ),
    CommandRoute(
        "DELETE", f"{ON}/agenda/{{item_id}}", m.WithdrawAgendaItem, _page,
        "Withdraw an agenda item", params={**MEETING, "item_id": PartId}, renamed=ON_DAY,
    ),
    CommandRoute(
        "PUT", f"{ON}/attendance", m.RecordAttendance, _page, "Record attendance",
        params=MEETING, renamed=ON_DAY,
    ),
    CommandRoute(
        "PUT", f"{ON}/notes", m.WriteNotes, _page, "Write the minutes",
        params=MEETING, renamed=ON_DAY,
    ),
    CommandRoute(
        "POST", f"{ON}/actions", m.AssignActionItem, _page, "Record an action item",
        params=MEETING, renamed=ON_DAY,
    ),
    CommandRoute(
        "POST", f"{ON}/close", m.CloseMeeting, _page, "Close the meeting (minutes)",
        params=MEETING, renamed=ON_DAY, now=("closed_at",),
    ),
    CommandRoute(
        "POST", "/api/v1/meetings/{meeting_id}/actions/{item_id}/done", m.CompleteActionItem,
        _page, "Mark an action item done (your own, or any as moderator)",
        params={"meeting_id": UUID, "item_id": PartId}, today=("done_on",),
    ),
]
# fmt: on
add_command_routes(router, COMMANDS)
