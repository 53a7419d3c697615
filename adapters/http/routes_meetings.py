"""Meeting series and meetings: schedules, agendas, minutes, decisions, action items."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any
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
from adapters.http.deps import Conn, Principal, Reader, Services
from adapters.http.page_routes import PageRoute, add_page_routes
from adapters.http.responses import found, with_etag
from adapters.http.services import ApiServices
from domain.meetings import commands as m

router = APIRouter(tags=["meetings"])
SERIES = "/api/v1/meeting-series"
MINE = "Only series the caller is invited to"


# -- series ------------------------------------------------------------------------


add_page_routes(
    router,
    PageRoute(
        f"GET {SERIES}", "list_series", "meetings.series_page", out.Series,
        "Meeting series (of an arena, an initiative or a person)",
        filters={"arena_id": UUID | None, "initiative_id": UUID | None,
                 "person_id": UUID | None},
    ),
)  # fmt: skip


add_resource_route(
    router, f"GET {SERIES}/{{series_id}}", "meetings.get_series", "meeting series",
    "One series with invitees and schedule history",
)  # fmt: skip


# -- meetings ------------------------------------------------------------------------


def _window(who: Principal, s: ApiServices, filters: dict[str, Any]) -> dict[str, Any]:
    """Eight weeks ahead unless told (at most three years); the caller's own
    series when `mine`."""
    now = s.clock.now()
    last = filters.pop("until") or (now + timedelta(weeks=8)).date()
    if last > (now + timedelta(days=3 * 366)).date():
        raise HTTPException(422, "until is at most three years ahead")
    mine = filters.pop("mine")
    person = filters["person_id"] or (who.person_id if mine else None)
    return filters | {"now": now, "until": last, "person_id": person}


def _yours(who: Principal, s: ApiServices, filters: dict[str, Any]) -> dict[str, Any]:
    """The caller's own action items unless a person or a series is named."""
    if filters["person_id"] is None and filters["series_id"] is None:
        return filters | {"person_id": who.person_id}
    return filters


add_page_routes(
    router,
    PageRoute(
        "GET /api/v1/meetings/upcoming", "upcoming", "meetings.upcoming_page",
        out.UpcomingMeeting, "Coming meetings, soonest first",
        filters={"series_id": UUID | None, "person_id": UUID | None,
                 "arena_id": UUID | None, "until": date | None,
                 "mine": (Annotated[bool, Query(description=MINE)], False)},
        refine=_window,
    ),
)  # fmt: skip


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
add_page_routes(
    router,
    PageRoute(
        "GET /api/v1/action-items", "open_actions", "meetings.open_actions_page",
        out.ActionItem, "Open action items (yours unless person_id is given)",
        filters={"person_id": UUID | None, "series_id": UUID | None}, refine=_yours,
    ),
)  # fmt: skip


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
    CommandRoute(f"POST {SERIES}/{{series_id}}/evaluation", m.EvaluateSeries,
                 "Answer the evaluation prompt: continue, change or end"),
    CommandRoute(f"PUT {SERIES}/{{series_id}}/slack-channel", m.SetSlackChannel,
                 "Post reminders and round summaries to a Slack channel (none: stop)"),
    CommandRoute(f"PUT {SERIES}/{{series_id}}/teams-channel", m.SetTeamsChannel,
                 "Post reminders and round summaries to a Teams channel (none: stop)"),
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
