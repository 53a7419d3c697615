"""The yearly follow-up survey (uppföljningsfrågor): one round per year.

As in Värmland's plan: sent to contact persons at the end of the year, one
set of questions per insatsområde, compiled in January. The plan says when;
each year's round is a CheckInRound the scheduler opens and closes.
"""

from __future__ import annotations

from datetime import date, datetime, time
from uuid import UUID

from eventsourcing.domain import event

from domain.base import SamverkaAggregate
from domain.checkins.questions import Question, check_questions
from domain.errors import Duplicate, InvalidTransition, NotFound, ValidationFailed
from domain.meetings.commands import ScheduleSurvey
from domain.meetings.recurrence import zone
from domain.meta import Meta
from domain.plans.commands import SchedulePlanSurvey
from domain.values import require_text


def _month_day(value: str, field: str) -> str:
    try:
        date.fromisoformat(f"2024-{value}")  # a leap year accepts 02-29
    except ValueError:
        raise ValidationFailed(
            f"{value!r} is not a month and day like 12-01", field=field
        ) from None
    return value


def survey_window(send_on: str, due_on: str, tz_name: str, year: int) -> tuple[datetime, datetime]:
    """When year `year`'s survey is sent and when it is due (09:00 local).

    A due day that comes before the send day in the calendar falls in the
    next year: sent 12-01, due 01-20 the January after. 02-29 in a year
    without it is the 28th.
    """
    tz = zone(tz_name)

    def day(y: int, month_day: str) -> date:
        month, dom = (int(x) for x in month_day.split("-"))
        try:
            return date(y, month, dom)
        except ValueError:
            return date(y, month, dom - 1)

    due_year = year + 1 if due_on <= send_on else year
    return (
        datetime.combine(day(year, send_on), time(9), tz),
        datetime.combine(day(due_year, due_on), time(9), tz),
    )


class SurveyPlan(SamverkaAggregate):
    @event("Scheduled")
    def __init__(
        self,
        title: str,
        arena_id: UUID | None,
        contacts: list[str],
        questions: list[Question],
        send_on: str,
        due_on: str,
        timezone: str,
        first_year: int,
        meta: Meta,
    ) -> None:
        self.title = title
        self.arena_id = arena_id
        self.contacts = contacts
        self.questions = questions
        self.send_on = send_on
        self.due_on = due_on
        self.timezone = timezone
        self.first_year = first_year
        self.ended = False
        self.plan_id: str | None = None  # a plan's survey asks the plan's questions

    @classmethod
    def schedule(cls, cmd: ScheduleSurvey, *, meta: Meta) -> SurveyPlan:
        return cls._scheduled(
            cmd, arena_id=cmd.arena_id, contacts=cmd.contacts, questions=cmd.questions, meta=meta
        )

    @classmethod
    def schedule_for_plan(
        cls,
        cmd: SchedulePlanSurvey,
        *,
        arena_id: UUID | None,
        contacts: list[UUID],
        questions: list[Question],
        meta: Meta,
    ) -> SurveyPlan:
        """A plan's survey: it asks the plan's `questions` of the `contacts`
        of the organisations taking part, in the plan's arena."""
        survey = cls._scheduled(
            cmd, arena_id=arena_id, contacts=contacts, questions=questions, meta=meta
        )
        survey.link_plan(cmd.plan_id, meta=meta)
        return survey

    @classmethod
    def _scheduled(
        cls,
        cmd: ScheduleSurvey | SchedulePlanSurvey,
        *,
        arena_id: UUID | None,
        contacts: list[UUID],
        questions: list[Question],
        meta: Meta,
    ) -> SurveyPlan:
        zone(cmd.timezone)
        if not 2000 <= cmd.first_year <= 2200:
            raise ValidationFailed("first_year is 2000-2200", field="first_year")
        unique = list(dict.fromkeys(str(c) for c in contacts))
        if not unique:
            raise ValidationFailed("a survey needs contact persons", field="contacts")
        return cls(
            title=require_text(cmd.title, "title", max_len=300),
            arena_id=arena_id,
            contacts=unique,
            questions=check_questions(questions),
            send_on=_month_day(cmd.send_on, "send_on"),
            due_on=_month_day(cmd.due_on, "due_on"),
            timezone=cmd.timezone,
            first_year=cmd.first_year,
            meta=meta,
        )

    def window(self, year: int) -> tuple[datetime, datetime]:
        return survey_window(self.send_on, self.due_on, self.timezone, year)

    def check_active(self) -> None:
        if self.ended:
            raise InvalidTransition("the survey plan has ended", field="survey_id")

    def add_contact(self, person_id: UUID, *, meta: Meta) -> None:
        self.check_active()
        if str(person_id) in self.contacts:
            raise Duplicate("the person is already a contact", field="person_id")
        self._contact_added(person_id=person_id, meta=meta)

    @event("ContactAdded")
    def _contact_added(self, person_id: UUID, meta: Meta) -> None:
        self.contacts = [*self.contacts, str(person_id)]

    def remove_contact(self, person_id: UUID, *, meta: Meta) -> None:
        if str(person_id) not in self.contacts:
            raise NotFound("the person is not a contact", field="person_id")
        self._contact_removed(person_id=person_id, meta=meta)

    @event("ContactRemoved")
    def _contact_removed(self, person_id: UUID, meta: Meta) -> None:
        self.contacts = [c for c in self.contacts if c != str(person_id)]

    def link_plan(self, plan_id: UUID, *, meta: Meta) -> None:
        """Each year's round asks the plan's uppföljningsfrågor of the
        contact persons of the organisations taking part in it then."""
        if self.plan_id is not None:
            raise Duplicate("the survey already follows a plan", field="plan_id")
        self._linked_to_plan(plan_id=plan_id, meta=meta)

    @event("LinkedToPlan")
    def _linked_to_plan(self, plan_id: UUID, meta: Meta) -> None:
        self.plan_id = str(plan_id)

    def end(self, *, meta: Meta) -> None:
        self.check_active()
        self._ended(meta=meta)

    @event("Ended")
    def _ended(self, meta: Meta) -> None:
        self.ended = True
