"""Meeting series and meetings: schedules, agendas, minutes, decisions, action items."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import JSONResponse

from adapters.http import models as out
from adapters.http.command_routes import (
    CommandRoute,
    OccurrenceDate,
    add_command_routes,
    add_resource_route,
)
from adapters.http.deps import Conn, Reader, Services
from adapters.http.page_routes import PageRoute, add_page_routes
from adapters.http.responses import PageLimit, PageOffset, found, page_body, with_etag
from domain.meetings import commands as m

router = APIRouter(tags=["meetings"])
SERIES = "/api/v1/meeting-series"


# -- series ------------------------------------------------------------------------


add_page_routes(
    router,
    [
        PageRoute(
            f"GET {SERIES}", "list_series", "meetings.series_page", out.Series,
            "Meeting series (of an arena, an initiative or a person)",
            filters={"arena_id": UUID | None, "initiative_id": UUID | None,
                     "person_id": UUID | None},
        )
    ],
)  # fmt: skip


add_resource_route(
    router, f"GET {SERIES}/{{series_id}}", "meetings.get_series", "meeting series",
    "One series with invitees and schedule history",
)  # fmt: skip


# -- meetings ------------------------------------------------------------------------


@router.get(
    "/api/v1/meetings/upcoming",
    summary="Coming meetings, soonest first",
    response_model=out.Page[out.UpcomingMeeting],
)
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
) -> JSONResponse:
    now = s.clock.now()
    last = until or (now + timedelta(weeks=8)).date()
    if last > (now + timedelta(days=3 * 366)).date():
        raise HTTPException(422, "until is at most three years ahead")
    person = str(person_id) if person_id else (who.person_id if mine else None)
    page = s.meetings.upcoming_page(
        now=now,
        until=last,
        limit=limit,
        offset=offset,
        series_id=str(series_id) if series_id else None,
        person_id=person,
        arena_id=str(arena_id) if arena_id else None,
        conn=conn,
    )
    return page_body(page)


@router.get(
    f"{SERIES}/{{series_id}}/meetings/{{day}}",
    summary="A meeting's page",
    response_model=out.MeetingPage,
)
def meeting_by_date(
    series_id: UUID, day: OccurrenceDate, who: Reader, s: Services, conn: Conn
) -> JSONResponse:
    page = s.meetings.meeting_on(series_id, day, conn=conn)
    return with_etag(found(page, "planned meeting on that date"))


add_resource_route(
    router, "GET /api/v1/meetings/{meeting_id}", "meetings.meeting_page", "meeting",
    "A meeting's page by id",
)  # fmt: skip


@router.get(
    "/api/v1/action-items",
    summary="Open action items (yours unless person_id is given)",
    response_model=out.Page[out.ActionItem],
)
def open_actions(
    who: Reader,
    s: Services,
    conn: Conn,
    person_id: UUID | None = None,
    series_id: UUID | None = None,
    limit: PageLimit = 100,
    offset: PageOffset = 0,
) -> JSONResponse:
    person = str(person_id) if person_id else (None if series_id else who.person_id)
    page = s.meetings.open_actions_page(
        limit=limit,
        offset=offset,
        person_id=person,
        series_id=str(series_id) if series_id else None,
        conn=conn,
    )
    return page_body(page)


ON_DAY = {"occurrence_date": "day"}
ON = f"{SERIES}/{{series_id}}/meetings/{{day}}"

# fmt: off
SCHEDULES = [
    CommandRoute(f"POST {SERIES}", m.ScheduleSeries, "Schedule a meeting series", created=True,
                 hidden=("timezone",)),
    CommandRoute(f"POST {SERIES}/{{series_id}}/reschedule", m.RescheduleSeries,
                 "A new rule from a date onward"),
    CommandRoute(f"POST {SERIES}/{{series_id}}/invitees", m.AddInvitee,
                 "Invite a person to the series"),
    CommandRoute(f"DELETE {SERIES}/{{series_id}}/invitees/{{person_id}}", m.RemoveInvitee,
                 "Remove an invitee"),
    CommandRoute(f"POST {ON}/cancel", m.CancelOccurrence, "Cancel one meeting", renamed=ON_DAY),
    CommandRoute(f"POST {ON}/move", m.MoveOccurrence, "Move one meeting", renamed=ON_DAY),
    CommandRoute(f"POST {SERIES}/{{series_id}}/end", m.EndSeries, "End the series after a day"),
]
MEETINGS = [
    CommandRoute(f"POST {ON}/agenda", m.AddAgendaItem, "Add an agenda item", renamed=ON_DAY),
    CommandRoute(f"DELETE {ON}/agenda/{{item_id}}", m.WithdrawAgendaItem,
                 "Withdraw an agenda item", renamed=ON_DAY),
    CommandRoute(f"PUT {ON}/attendance", m.RecordAttendance, "Record attendance",
                 renamed=ON_DAY),
    CommandRoute(f"PUT {ON}/notes", m.WriteNotes, "Write the minutes", renamed=ON_DAY),
    CommandRoute(f"POST {ON}/actions", m.AssignActionItem, "Record an action item",
                 renamed=ON_DAY),
    CommandRoute(f"POST {ON}/close", m.CloseMeeting, "Close the meeting (minutes)",
                 renamed=ON_DAY, now=("closed_at",)),
    CommandRoute("POST /api/v1/meetings/{meeting_id}/actions/{item_id}/done",
                 m.CompleteActionItem, "Mark an action item done (your own, or any as moderator)",
                 today=("done_on",)),
]
# fmt: on
add_command_routes(router, SCHEDULES, reads="meetings.get_series")
add_command_routes(router, MEETINGS, reads="meetings.meeting_page")
