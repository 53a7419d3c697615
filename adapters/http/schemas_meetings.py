"""Request bodies for meetings and check-ins. Shapes and sizes here; rules in the domain."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import Field

from adapters.http.schemas import Body
from domain.checkins.questions import QuestionKind
from domain.meetings.recurrence import HolidayPolicy

Day = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))]
Moment = Annotated[datetime, Field(description="ISO 8601 with a UTC offset")]
Clock = Annotated[str, Field(pattern=r"^\d{2}:\d{2}$", description="Local time, HH:MM")]


class SeriesIn(Body):
    title: Annotated[str, Field(min_length=1, max_length=300)]
    moderator_id: UUID
    starts_on: Day
    weekday: Annotated[int, Field(ge=0, le=6, description="0 = Monday")]
    start_time: Clock = "12:00"
    duration_minutes: Annotated[int, Field(ge=5, le=600)] = 30
    interval_weeks: Annotated[int, Field(ge=1, le=12)] = 2
    arena_id: UUID | None = None
    initiative_id: UUID | None = None
    secretary_id: UUID | None = None
    invitees: Annotated[list[UUID], Field(max_length=1000)] = Field(default_factory=list)
    holiday_policy: HolidayPolicy = HolidayPolicy.NEXT_WORKING_DAY
    until: Day | None = None
    location: Annotated[str, Field(max_length=300)] | None = None
    video_link: Annotated[str, Field(max_length=2000)] | None = None
    slack_channel: Annotated[str, Field(max_length=80)] | None = None
    agenda_template: Annotated[
        list[Annotated[str, Field(max_length=2000)]], Field(max_length=30)
    ] = Field(default_factory=list)
    evaluate_after: Annotated[int, Field(ge=1, le=100)] | None = 3
    status_round_days: Annotated[int, Field(ge=1, le=14)] | None = 3


class RuleIn(Body):
    effective_from: Day
    weekday: Annotated[int, Field(ge=0, le=6)]
    start_time: Clock = "12:00"
    duration_minutes: Annotated[int, Field(ge=5, le=600)] = 30
    interval_weeks: Annotated[int, Field(ge=1, le=12)] = 2
    expected_version: Annotated[int, Field(ge=1, le=10**9)] | None = None


class InviteeIn(Body):
    person_id: UUID


class CancelIn(Body):
    reason: Annotated[str, Field(max_length=500)] | None = None


class MoveIn(Body):
    starts_local: Annotated[datetime, Field(description="New local start, without offset")]
    duration_minutes: Annotated[int, Field(ge=5, le=600)] | None = None
    reason: Annotated[str, Field(max_length=500)] | None = None


class EndIn(Body):
    last_day: Day
    reason: Annotated[str, Field(max_length=500)] | None = None


class AgendaItemIn(Body):
    title: Annotated[str, Field(min_length=1, max_length=300)]
    note: Annotated[str, Field(max_length=5000)] | None = None


class AttendanceIn(Body):
    present: Annotated[list[UUID], Field(max_length=500)] = Field(default_factory=list)
    absent: Annotated[list[UUID], Field(max_length=500)] = Field(default_factory=list)


class NotesIn(Body):
    text: Annotated[str, Field(max_length=50_000)]


class ActionItemIn(Body):
    text: Annotated[str, Field(min_length=1, max_length=2000)]
    assignee_id: UUID
    due: Day | None = None


class ActionDoneIn(Body):
    done_on: Day | None = None


class QuestionIn(Body):
    id: Annotated[str, Field(min_length=1, max_length=40)]
    text: Annotated[str, Field(min_length=1, max_length=1000)]
    kind: QuestionKind
    choices: Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=20)] = Field(
        default_factory=list
    )
    minimum: float | None = None
    maximum: float | None = None
    required: bool = False
    area: Annotated[str, Field(max_length=200)] | None = None


class RoundIn(Body):
    title: Annotated[str, Field(min_length=1, max_length=300)]
    audience_kind: Annotated[str, Field(pattern="^(initiative|arena|persons)$")]
    audience_id: UUID | None = None
    person_ids: Annotated[list[UUID], Field(max_length=20_000)] = Field(default_factory=list)
    questions: Annotated[list[QuestionIn], Field(min_length=1, max_length=50)] | None = None
    opens_at: Moment | None = None
    due_at: Moment
    reminders: Annotated[list[Annotated[int, Field(ge=1, le=720)]], Field(max_length=5)] = Field(
        default_factory=lambda: [24]
    )


Answer = str | float | None


class AnswerIn(Body):
    answers: Annotated[
        dict[Annotated[str, Field(max_length=40)], Answer], Field(min_length=1, max_length=50)
    ]
    person_id: UUID | None = Field(
        default=None,
        description="Someone else's answer: the round's secretaries and moderators correct "
        "it, giving the reason",
    )
    reason: Annotated[str, Field(max_length=500)] | None = Field(
        default=None, description="Why someone else's answer is corrected"
    )


class SurveyIn(Body):
    title: Annotated[str, Field(min_length=1, max_length=300)]
    contacts: Annotated[list[UUID], Field(min_length=1, max_length=5000)]
    questions: Annotated[list[QuestionIn], Field(min_length=1, max_length=50)]
    first_year: Annotated[int, Field(ge=2000, le=2100)]
    arena_id: UUID | None = None
    send_on: Annotated[str, Field(pattern=r"^\d{2}-\d{2}$")] = "12-01"
    due_on: Annotated[str, Field(pattern=r"^\d{2}-\d{2}$")] = "01-20"
