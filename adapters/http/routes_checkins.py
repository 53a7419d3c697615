"""Check-in rounds, answers, response rates, the yearly survey and the outbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import JSONResponse
from sqlalchemy import Connection

from adapters.http.command_routes import CommandRoute, OccurrenceDate, add_command_routes
from adapters.http.deps import Auditor, Cmd, Conn, Principal, Reader
from adapters.http.responses import PageLimit, PageOffset, found, page_body
from adapters.http.schemas import AnswerIn, QuestionIn, RoundIn, SurveyIn
from domain.authority import may_read_all_answers, may_read_answers
from domain.checkins.questions import Question, make_question
from domain.checkins.round import RoundKind
from domain.handlers.checkins import status_questions
from domain.meetings import commands as m
from domain.notifications import NotificationState
from projections import meetings_queries as mq
from projections import meetings_tables as mt
from projections import member_queries as members
from projections import queries as q
from projections.queries import paged
from projections.store import Row

router = APIRouter(tags=["check-ins"])
ROUNDS = "/api/v1/checkins"


def answers_readable(
    conn: Connection, who: Principal, arena_id: str | None
) -> Callable[[str], bool]:
    """Whose answers `who` may read in a round of that arena (domain.authority)."""
    roles = members.arena_roles(conn, who.person_id)
    return lambda person_id: may_read_answers(who.authority, person_id, roles, arena_id)


def _round(conn: Connection, round_id: str) -> Row | None:
    return mq.get_round(conn, round_id)


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


@router.get(ROUNDS, summary="Check-in rounds with response rates, newest first")
def list_rounds(
    who: Reader,
    conn: Conn,
    state: Annotated[str | None, Query(pattern="^(open|closed)$")] = None,
    initiative_id: UUID | None = None,
    series_id: UUID | None = None,
    limit: PageLimit = 100,
    offset: PageOffset = 0,
) -> dict[str, Any]:
    query = mq.rounds_query(
        state=state,
        initiative_id=str(initiative_id) if initiative_id else None,
        series_id=str(series_id) if series_id else None,
    )
    return page_body(paged(conn, query, limit, offset, mq.with_rates))


@router.post(ROUNDS, status_code=201, summary="Open a check-in round")
def open_round(body: RoundIn, cmd: Cmd) -> JSONResponse:
    if body.audience_kind != "persons" and body.audience_id is None:
        raise HTTPException(422, "audience_id names the initiative or arena")
    command = m.OpenCheckInRound(
        title=body.title,
        audience_kind=body.audience_kind,
        audience_id=body.audience_id,
        person_ids=list(body.person_ids),
        questions=_questions(body.questions) if body.questions else status_questions(),
        opens_at=body.opens_at or cmd.services.clock.now(),
        due_at=body.due_at,
        reminders=list(body.reminders),
    )
    return cmd.respond(command, _round, created_at=ROUNDS)


@router.post(
    "/api/v1/meeting-series/{series_id}/meetings/{day}/status-round",
    status_code=201,
    summary="Open the status round before a meeting now (the scheduler does it by itself)",
)
def open_status_round(series_id: UUID, day: OccurrenceDate, cmd: Cmd) -> JSONResponse:
    if not 2000 <= day.year <= 2100:
        raise HTTPException(422, "give a date between 2000 and 2100")
    with cmd.services.views.connect() as conn:
        series = found(mq.get_series(conn, str(series_id)), "meeting series")
    occurrences = mq.series_occurrences(series, day, day)
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
    return cmd.respond(command, _round, created_at=ROUNDS)


@router.get(f"{ROUNDS}/response-rates", summary="Response rates per round")
def response_rates(
    who: Reader,
    conn: Conn,
    kind: RoundKind | None = None,
    limit: PageLimit = 100,
    offset: PageOffset = 0,
) -> dict[str, Any]:
    query = mq.rates_query(kind=kind.value if kind else None)
    return page_body(paged(conn, query, limit, offset, mq.with_rates))


@router.get(f"{ROUNDS}/{{round_id}}", summary="A round with its questions and summary")
def get_round(round_id: UUID, who: Reader, conn: Conn) -> Row:
    return found(mq.get_round(conn, str(round_id)), "check-in round")


@router.get(f"{ROUNDS}/{{round_id}}/recipients", summary="Who has and hasn't answered")
def recipients(
    round_id: UUID,
    who: Reader,
    conn: Conn,
    answered: bool | None = None,
    limit: PageLimit = 100,
    offset: PageOffset = 0,
) -> dict[str, Any]:
    checkin = found(mq.get_round(conn, str(round_id)), "check-in round")
    body = page_body(
        paged(conn, mq.recipients_query(str(round_id), answered=answered), limit, offset)
    )
    readable = answers_readable(conn, who, members.round_arena(conn, checkin))
    # Everyone sees who has answered; the answers only those who may read them.
    body["items"] = [
        r if readable(r["person_id"]) else {**r, "answers": None} for r in body["items"]
    ]
    return body


@router.post(f"{ROUNDS}/{{round_id}}/answers", summary="Answer (or revise) before the due time")
def answer(round_id: UUID, body: AnswerIn, cmd: Cmd) -> JSONResponse:
    command = m.AnswerCheckIn(
        round_id=round_id,
        person_id=body.person_id or UUID(cmd.who.person_id),
        answers=dict(body.answers),
        answered_at=cmd.services.clock.now(),
        reason=body.reason,
    )
    return cmd.respond(command, _round)


@router.get(
    "/api/v1/initiatives/{initiative_id}/checkin-answers",
    summary="Every check-in answer about an initiative over time",
)
def initiative_answers(
    initiative_id: UUID, who: Reader, conn: Conn, limit: PageLimit = 100, offset: PageOffset = 0
) -> dict[str, Any]:
    initiative = found(q.get_initiative(conn, str(initiative_id)), "initiative")
    query = mq.answers_query(str(initiative_id))
    roles = members.arena_roles(conn, who.person_id)
    if not may_read_all_answers(who.authority, roles, initiative["arena_id"]):
        query = query.where(mt.checkin_answers.c.person_id == who.person_id)  # their own
    return page_body(paged(conn, query, limit, offset))


@router.get("/api/v1/surveys", summary="Yearly follow-up surveys")
def list_surveys(
    who: Reader, conn: Conn, limit: PageLimit = 100, offset: PageOffset = 0
) -> dict[str, Any]:
    return page_body(paged(conn, mq.surveys_query(), limit, offset))


@router.post("/api/v1/surveys", status_code=201, summary="Plan the yearly follow-up survey")
def schedule_survey(body: SurveyIn, cmd: Cmd) -> JSONResponse:
    command = m.ScheduleSurvey(
        title=body.title,
        contacts=list(body.contacts),
        questions=_questions(body.questions),
        first_year=body.first_year,
        arena_id=body.arena_id,
        send_on=body.send_on,
        due_on=body.due_on,
    )

    return cmd.respond(command, mq.get_survey, created_at="/api/v1/surveys")


@router.get("/api/v1/notifications", summary="The outbox: what was queued, sent or skipped")
def notifications(
    who: Auditor,
    conn: Conn,
    state: NotificationState | None = None,
    limit: PageLimit = 100,
    offset: PageOffset = 0,
) -> dict[str, Any]:
    query = mq.notifications_query(state=state.value if state else None)
    return page_body(paged(conn, query, limit, offset))


add_command_routes(
    router,
    [
        CommandRoute(
            "POST",
            f"{ROUNDS}/{{round_id}}/close",
            m.CloseCheckInRound,
            _round,
            "Close the round now (records its summary)",
            params={"round_id": UUID},
            now=("closed_at",),
        )
    ],
)
