"""Commands for meeting series, meetings, check-in rounds, surveys, notifications.

A meeting is named by its series and the occurrence's original date. Who may
run each is decided by its handler from the actor's roles (domain.authority):
the series' moderator and secretary, its arena's secretaries and moderators,
those invited, or an action item's assignee, as the rule asks.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import Field

from domain.checkins.questions import Question
from domain.commands import Command, Versioned
from domain.limits import (
    ActionText,
    AgendaNote,
    AudienceKind,
    Clock,
    Contacts,
    Day,
    Duration,
    IntervalWeeks,
    MeetingReason,
    MinutesText,
    MonthDay,
    Note,
    PartId,
    Place,
    Recipients,
    Reminders,
    Title,
    Url,
    Weekday,
    Year,
)
from domain.meetings.recurrence import HolidayPolicy

Questions = Annotated[list[Question], Field(min_length=1, max_length=50)]


class OfOccurrence(Command):
    """A command on one occurrence of a series: its meeting, or its absence."""

    series_id: UUID
    occurrence_date: date


# -- series --------------------------------------------------------------------


class ScheduleSeries(Command):
    title: Title
    moderator_id: UUID
    starts_on: Day
    weekday: Weekday
    start_time: Clock = "12:00"
    duration_minutes: Duration = 30
    interval_weeks: IntervalWeeks = 2
    arena_id: UUID | None = None
    initiative_id: UUID | None = None
    secretary_id: UUID | None = None
    invitees: Annotated[list[UUID], Field(max_length=1000)] = Field(default_factory=list)
    timezone: str = "Europe/Stockholm"
    holiday_policy: HolidayPolicy = HolidayPolicy.NEXT_WORKING_DAY
    until: Day | None = None
    location: Place | None = None
    video_link: Url | None = None
    slack_channel: Annotated[str, Field(max_length=80)] | None = None
    teams_channel: Annotated[str, Field(max_length=200)] | None = Field(
        default=None,
        description="A Teams channel's conversation id (19:...@thread.tacv2) to post to",
    )
    agenda_template: Annotated[list[Note], Field(max_length=30)] = Field(default_factory=list)
    evaluate_after: Annotated[int, Field(ge=1, le=100)] | None = 3
    status_round_days: Annotated[int, Field(ge=1, le=14)] | None = 3


class RescheduleSeries(Versioned):
    series_id: UUID
    effective_from: Day
    weekday: Annotated[int, Field(ge=0, le=6)]
    start_time: Clock = "12:00"
    duration_minutes: Duration = 30
    interval_weeks: IntervalWeeks = 2


class AddInvitee(Command):
    series_id: UUID
    person_id: UUID


class RemoveInvitee(Command):
    series_id: UUID
    person_id: UUID


class CancelOccurrence(OfOccurrence):
    reason: MeetingReason | None = None


class MoveOccurrence(OfOccurrence):
    starts_local: Annotated[datetime, Field(description="New local start, without offset")]
    duration_minutes: Duration | None = None
    reason: MeetingReason | None = None


class EvaluateSeries(Command):
    """The answer to the evaluation prompt after the first meetings."""

    series_id: UUID
    verdict: Annotated[str, Field(description="continue, change or end")]
    comment: Note | None = None


class SetTeamsChannel(Command):
    """The Teams channel (its conversation id) the series' reminders and round
    summaries are posted to; none stops posting there."""

    series_id: UUID
    conversation_id: Annotated[str, Field(max_length=200)] | None = None


class SetSlackChannel(Command):
    """The Slack channel (`#name` or its id) the series' reminders and round
    summaries are posted to; none stops posting there."""

    series_id: UUID
    channel: Annotated[str, Field(max_length=80)] | None = None


class EndSeries(Command):
    series_id: UUID
    last_day: Day
    reason: MeetingReason | None = None


# -- meetings ------------------------------------------------------------------


class PlanMeeting(OfOccurrence):
    """Creates the meeting of an occurrence (or notes that a holiday skips it)."""


class AddAgendaItem(OfOccurrence):
    title: Title
    note: AgendaNote | None = None


class WithdrawAgendaItem(OfOccurrence):
    item_id: PartId


class RecordAttendance(OfOccurrence):
    present: Annotated[list[UUID], Field(max_length=500)] = Field(default_factory=list)
    absent: Annotated[list[UUID], Field(max_length=500)] = Field(default_factory=list)


class WriteNotes(OfOccurrence):
    text: MinutesText


class AssignActionItem(OfOccurrence):
    text: ActionText
    assignee_id: UUID
    due: Day | None = None


class CompleteActionItem(Command):
    meeting_id: UUID
    item_id: PartId
    done_on: Day


class CloseMeeting(OfOccurrence):
    closed_at: datetime


# -- check-in rounds -----------------------------------------------------------


class OpenCheckInRound(Command):
    """A round for an initiative's participants, an arena's members or a list."""

    title: Title
    audience_kind: AudienceKind
    questions: Questions
    opens_at: datetime
    due_at: datetime
    audience_id: UUID | None = None
    person_ids: Recipients = Field(default_factory=list)
    reminders: Reminders = Field(default_factory=lambda: [24])
    round_id: UUID | None = None


class OpenStatusRound(OfOccurrence):
    """The status round before one meeting of a series (id from series + date)."""

    opens_at: datetime
    due_at: datetime


class AnswerCheckIn(Command):
    """A person's answer; someone else's answer is changed only by the
    round's secretaries and moderators, with a reason (a correction)."""

    round_id: UUID
    person_id: UUID
    answers: dict[str, Any]
    answered_at: datetime
    reason: MeetingReason | None = Field(
        default=None, description="Why someone else's answer is corrected"
    )


class CloseCheckInRound(Command):
    round_id: UUID
    closed_at: datetime


class ScheduleSurvey(Command):
    title: Title
    contacts: Contacts
    questions: Questions
    first_year: Year
    arena_id: UUID | None = None
    send_on: MonthDay = "12-01"
    due_on: MonthDay = "01-20"
    timezone: str = "Europe/Stockholm"


class OnSurvey(Command):
    survey_id: UUID


class AddSurveyContact(OnSurvey):
    person_id: UUID


class RemoveSurveyContact(OnSurvey):
    person_id: UUID


class EndSurvey(OnSurvey):
    """Ends the survey: no round of it opens after this."""


class OpenSurveyRound(OnSurvey):
    year: int


# -- notifications -------------------------------------------------------------


class QueueNotification(Command):
    key: str
    kind: str
    person_ids: list[UUID]
    subject: str
    text: str
    data: dict[str, Any] = Field(default_factory=dict)
    not_after: datetime | None = None


class OnNotification(Command):
    key: str


class MarkNotificationSent(OnNotification):
    sent_at: datetime
    channels: dict[str, str] = Field(default_factory=dict)


class RecordDeliveryOutcome(OnNotification):
    """Part of a notification reached its recipients, part never will."""

    sent_at: datetime
    delivered: dict[str, str] = Field(default_factory=dict)
    unreachable: dict[str, str] = Field(default_factory=dict)


class SkipNotification(OnNotification):
    reason: str


class FailNotification(OnNotification):
    error: str
