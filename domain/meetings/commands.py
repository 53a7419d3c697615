"""Commands for meeting series, meetings, check-in rounds, surveys, notifications.

A meeting is named by its series and the occurrence's original date. Who may
run each is decided by its handler from the actor's roles (domain.authority):
the series' moderator and secretary, its arena's secretaries and moderators,
those invited, or an action item's assignee, as the rule asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.checkins.questions import Question
from domain.commands import Command

# -- series --------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleSeries(Command):
    title: str
    moderator_id: UUID
    starts_on: date
    weekday: int
    start_time: str = "12:00"
    duration_minutes: int = 30
    interval_weeks: int = 2
    arena_id: UUID | None = None
    initiative_id: UUID | None = None
    secretary_id: UUID | None = None
    invitees: list[UUID] = field(default_factory=list)
    timezone: str = "Europe/Stockholm"
    holiday_policy: str = "next-working-day"
    until: date | None = None
    location: str | None = None
    video_link: str | None = None
    slack_channel: str | None = None
    agenda_template: list[str] = field(default_factory=list)
    evaluate_after: int | None = 3
    status_round_days: int | None = 3


@dataclass(frozen=True)
class RescheduleSeries(Command):
    series_id: UUID
    effective_from: date
    weekday: int
    start_time: str
    duration_minutes: int
    interval_weeks: int
    expected_version: int | None = None


@dataclass(frozen=True)
class AddInvitee(Command):
    series_id: UUID
    person_id: UUID


@dataclass(frozen=True)
class RemoveInvitee(Command):
    series_id: UUID
    person_id: UUID


@dataclass(frozen=True)
class CancelOccurrence(Command):
    series_id: UUID
    occurrence_date: date
    reason: str | None = None


@dataclass(frozen=True)
class MoveOccurrence(Command):
    series_id: UUID
    occurrence_date: date
    starts_local: datetime
    duration_minutes: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class EndSeries(Command):
    series_id: UUID
    last_day: date
    reason: str | None = None


# -- meetings ------------------------------------------------------------------


@dataclass(frozen=True)
class PlanMeeting(Command):
    """Creates the meeting of an occurrence (or notes that a holiday skips it)."""

    series_id: UUID
    occurrence_date: date


@dataclass(frozen=True)
class AddAgendaItem(Command):
    series_id: UUID
    occurrence_date: date
    title: str
    note: str | None = None


@dataclass(frozen=True)
class WithdrawAgendaItem(Command):
    series_id: UUID
    occurrence_date: date
    item_id: str


@dataclass(frozen=True)
class RecordAttendance(Command):
    series_id: UUID
    occurrence_date: date
    present: list[UUID] = field(default_factory=list)
    absent: list[UUID] = field(default_factory=list)


@dataclass(frozen=True)
class WriteNotes(Command):
    series_id: UUID
    occurrence_date: date
    text: str


@dataclass(frozen=True)
class AssignActionItem(Command):
    series_id: UUID
    occurrence_date: date
    text: str
    assignee_id: UUID
    due: date | None = None


@dataclass(frozen=True)
class CompleteActionItem(Command):
    meeting_id: UUID
    item_id: str
    done_on: date


@dataclass(frozen=True)
class CloseMeeting(Command):
    series_id: UUID
    occurrence_date: date
    closed_at: datetime


# -- check-in rounds -----------------------------------------------------------


@dataclass(frozen=True)
class OpenCheckInRound(Command):
    """A round for an initiative's participants, an arena's members or a list."""

    title: str
    audience_kind: str  # initiative | arena | persons
    questions: list[Question]
    opens_at: datetime
    due_at: datetime
    audience_id: UUID | None = None
    person_ids: list[UUID] = field(default_factory=list)
    reminders: list[int] = field(default_factory=lambda: [24])
    round_id: UUID | None = None


@dataclass(frozen=True)
class OpenStatusRound(Command):
    """The status round before one meeting of a series (id from series + date)."""

    series_id: UUID
    occurrence_date: date
    opens_at: datetime
    due_at: datetime


@dataclass(frozen=True)
class AnswerCheckIn(Command):
    """A person's answer; someone else's answer is changed only by the
    round's secretaries and moderators, with a reason (a correction)."""

    round_id: UUID
    person_id: UUID
    answers: dict[str, Any]
    answered_at: datetime
    reason: str | None = None


@dataclass(frozen=True)
class CloseCheckInRound(Command):
    round_id: UUID
    closed_at: datetime


@dataclass(frozen=True)
class ScheduleSurvey(Command):
    title: str
    contacts: list[UUID]
    questions: list[Question]
    first_year: int
    arena_id: UUID | None = None
    send_on: str = "12-01"
    due_on: str = "01-20"
    timezone: str = "Europe/Stockholm"


@dataclass(frozen=True)
class AddSurveyContact(Command):
    survey_id: UUID
    person_id: UUID


@dataclass(frozen=True)
class RemoveSurveyContact(Command):
    survey_id: UUID
    person_id: UUID


@dataclass(frozen=True)
class EndSurvey(Command):
    survey_id: UUID


@dataclass(frozen=True)
class OpenSurveyRound(Command):
    survey_id: UUID
    year: int


# -- notifications -------------------------------------------------------------


@dataclass(frozen=True)
class QueueNotification(Command):
    key: str
    kind: str
    person_ids: list[UUID]
    subject: str
    text: str
    data: dict[str, Any] = field(default_factory=dict)
    not_after: datetime | None = None


@dataclass(frozen=True)
class MarkNotificationSent(Command):
    key: str
    sent_at: datetime
    channels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordDeliveryOutcome(Command):
    """Part of a notification reached its recipients, part never will."""

    key: str
    sent_at: datetime
    delivered: dict[str, str] = field(default_factory=dict)
    unreachable: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SkipNotification(Command):
    key: str
    reason: str


@dataclass(frozen=True)
class FailNotification(Command):
    key: str
    error: str
