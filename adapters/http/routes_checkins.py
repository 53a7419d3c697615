"""Check-in rounds, answers, response rates, the yearly survey and the outbox."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from adapters.http import models as out
from adapters.http.command_routes import (
    BodyField,
    CommandRoute,
    OccurrenceDate,
    add_command_routes,
)
from adapters.http.deps import Auditor, Cmd, CommandContext, Conn, Reader, Services
from adapters.http.page_routes import PageRoute, add_page_routes
from adapters.http.responses import found
from adapters.http.schemas import Answers, Moment, QuestionIn, Questions
from domain.checkins.questions import Question, make_question
from domain.checkins.round import RoundKind
from domain.handlers.checkins import status_questions
from domain.meetings import commands as m
from domain.notifications import NotificationState
from services.queries import Row

router = APIRouter(tags=["check-ins"])
ROUNDS = "/api/v1/checkins"


ROUND = "checkins.get_round"


def _questions(items: list[QuestionIn]) -> list[Question]:
    return [
        make_question(
            q.id,
            q.text,
            q.kind.value,
            choices=list(q.choices),
            minimum=q.minimum,
            maximum=q.maximum,
            required=q.required,
            area=q.area,
        )
        for q in items
    ]


# fmt: off
LISTS = [
    PageRoute(f"GET {ROUNDS}", "list_rounds", "checkins.rounds_page", out.Round,
              "Check-in rounds with response rates, newest first",
              filters={"state": Annotated[str | None, Query(pattern="^(open|closed)$")],
                       "initiative_id": UUID | None, "series_id": UUID | None}),
    PageRoute(f"GET {ROUNDS}/response-rates", "response_rates", "checkins.response_rates_page",
              out.Round, "Response rates per round", filters={"kind": RoundKind | None}),
    PageRoute("GET /api/v1/surveys", "list_surveys", "checkins.surveys_page", out.Survey,
              "Yearly follow-up surveys"),
    PageRoute("GET /api/v1/notifications", "notifications", "checkins.notifications_page",
              out.Notification, "The outbox: what was queued, sent or skipped", who=Auditor,
              filters={"state": NotificationState | None}),
]
# Everyone sees who has answered; the answers only those who may read them.
ANSWERS = [
    PageRoute(f"GET {ROUNDS}/{{round_id}}/recipients", "recipients",
              "checkins.recipients_page_seen_by", out.Recipient, "Who has and hasn't answered",
              filters={"answered": bool | None}, seen_by=True, what="check-in round"),
    PageRoute("GET /api/v1/initiatives/{initiative_id}/checkin-answers", "initiative_answers",
              "checkins.initiative_answers_seen_by", out.Recipient,
              "Every check-in answer about an initiative over time", seen_by=True,
              what="initiative"),
]
# fmt: on
add_page_routes(router, *LISTS)


@router.post(
    "/api/v1/meeting-series/{series_id}/meetings/{day}/status-round",
    status_code=201,
    summary="Open the status round before a meeting now (the scheduler does it by itself)",
    response_model=out.Round,
)
def open_status_round(series_id: UUID, day: OccurrenceDate, cmd: Cmd) -> JSONResponse:
    if not 2000 <= day.year <= 2100:
        raise HTTPException(422, "give a date between 2000 and 2100")
    meetings = cmd.services.meetings
    series = found(meetings.get_series(str(series_id)), "meeting series")
    occurrences = meetings.occurrences(series, day, day)
    if not occurrences:
        raise HTTPException(404, "the series has no meeting that day")
    close_before = timedelta(seconds=cmd.services.limits.status_close_before)
    command = m.OpenStatusRound(
        series_id=series_id,
        occurrence_date=day,
        opens_at=min(
            cmd.services.clock.now(), occurrences[0].start - close_before - timedelta(minutes=1)
        ),
        due_at=occurrences[0].start - close_before,
    )
    return cmd.respond(command, cmd.services.checkins.get_round, created_at=ROUNDS)


@router.get(
    f"{ROUNDS}/{{round_id}}",
    summary="A round with its questions and summary",
    response_model=out.Round,
)
def get_round(round_id: UUID, who: Reader, s: Services, conn: Conn) -> Row:
    return found(s.checkins.get_round(str(round_id), conn=conn), "check-in round")


add_page_routes(router, *ANSWERS)


def _round(body: BaseModel, cmd: CommandContext) -> dict[str, Any]:
    """A round opens now unless told; without questions it asks the status ones."""
    fields = dict(body)
    if fields["audience_kind"] != "persons" and fields["audience_id"] is None:
        raise HTTPException(422, "audience_id names the initiative or arena")
    given = fields["questions"]
    fields["questions"] = _questions(given) if given else status_questions()
    fields["opens_at"] = fields["opens_at"] or cmd.services.clock.now()
    return fields


def _answer(body: BaseModel, cmd: CommandContext) -> dict[str, Any]:
    """The caller's own answer unless it names someone else's (a correction)."""
    fields = dict(body)
    return fields | {"person_id": fields["person_id"] or UUID(cmd.who.person_id)}


# Where the rounds' bodies differ from their commands.
ROUND_FIELDS = {
    "questions": BodyField(Questions | None, None),
    "opens_at": BodyField(Moment | None, None),
    "due_at": BodyField(Moment),
}
ANSWER_FIELDS = {
    "answers": BodyField(Answers),
    "person_id": BodyField(
        UUID | None,
        Field(
            default=None,
            description="Someone else's answer: the round's secretaries and moderators "
            "correct it, giving the reason",
        ),
    ),
}
ROUND_DOC = """OpenCheckInRound, with questions given field by field (default: the
status questions) and opening now unless told otherwise."""


# fmt: off
ROUNDS_COMMANDS = [
    CommandRoute(f"POST {ROUNDS}", m.OpenCheckInRound, "Open a check-in round", created=True,
                 hidden=("round_id",), fields=ROUND_FIELDS, convert=_round, doc=ROUND_DOC),
    CommandRoute(f"POST {ROUNDS}/{{round_id}}/answers", m.AnswerCheckIn,
                 "Answer (or revise) before the due time", now=("answered_at",),
                 fields=ANSWER_FIELDS, convert=_answer),
    CommandRoute(f"POST {ROUNDS}/{{round_id}}/close", m.CloseCheckInRound,
                 "Close the round now (records its summary)", now=("closed_at",)),
]
SURVEYS = [
    CommandRoute("POST /api/v1/surveys", m.ScheduleSurvey, "Plan the yearly follow-up survey",
                 created=True, hidden=("timezone",),
                 fields={"questions": BodyField(Questions, convert=_questions)}),
]
# fmt: on
add_command_routes(router, ROUNDS_COMMANDS, reads=ROUND)
add_command_routes(router, SURVEYS, reads="checkins.get_survey")
