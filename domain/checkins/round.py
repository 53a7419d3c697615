"""Check-in rounds (incheckningar, uppföljningsfrågor): ask, collect, summarise.

A round asks its recipients a few questions between an opening and a due
time. Each answer is an event that carries its channel and source_id; a
person may revise before the due time (the latest counts, all are kept).
Closing produces a summary.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypedDict
from uuid import UUID

from eventsourcing.domain import event

from domain.base import SamverkaAggregate, derived_id
from domain.checkins.questions import (
    Question,
    QuestionKind,
    check_questions,
    clean_answers,
    overall_health,
    summarise,
)
from domain.errors import Forbidden, InvalidTransition, ValidationFailed
from domain.meta import Meta
from domain.values import require_text

MAX_RECIPIENTS = 20_000


class RoundKind(StrEnum):
    STATUS = "status"  # the fortnightly status round of a meeting series
    SURVEY = "survey"  # the yearly follow-up survey (uppföljningsfrågor)
    CUSTOM = "custom"


class RoundState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ChannelPref(StrEnum):
    SLACK = "slack"
    EMAIL = "email"
    NONE = "none"  # neither a Slack id nor an e-mail address is known


class Audience(TypedDict):
    kind: str  # initiative | arena | persons | series
    ref_id: str | None


class Link(TypedDict):
    """What the round belongs to, when anything."""

    series_id: str | None
    occurrence_date: str | None
    initiative_id: str | None
    survey_id: str | None
    year: int | None


def status_round_id(series_id: UUID, occurrence_date: date) -> UUID:
    return derived_id("status-round", f"{series_id}:{occurrence_date.isoformat()}")


def survey_round_id(survey_id: UUID, year: int) -> UUID:
    return derived_id("survey-round", f"{survey_id}:{year}")


def check_aware(answered_at: datetime) -> None:
    if answered_at.tzinfo is None:
        raise ValidationFailed("give the time with a UTC offset", field="answered_at")


def check_window(opens_at: datetime, due_at: datetime) -> None:
    if opens_at.tzinfo is None or due_at.tzinfo is None:
        raise ValidationFailed("give times with a UTC offset", field="due_at")
    if due_at <= opens_at:
        raise ValidationFailed("the due time must be after the opening time", field="due_at")


class CheckInRound(SamverkaAggregate):
    @staticmethod
    def create_id(round_id: UUID, **_: Any) -> UUID:
        return round_id

    @event("Opened")
    def __init__(
        self,
        round_id: UUID,
        kind: str,
        title: str,
        audience: Audience,
        recipients: dict[str, str],
        questions: list[Question],
        opens_at: datetime,
        due_at: datetime,
        reminders: list[int],
        link: Link,
        meta: Meta,
    ) -> None:
        self.kind = RoundKind(kind)
        self.title = title
        self.audience = audience
        self.recipients = recipients
        self.questions = questions
        self.opens_at = opens_at
        self.due_at = due_at
        self.reminders = reminders
        self.link = link
        self.state = RoundState.OPEN
        self.latest: dict[str, dict[str, Any]] = {}
        self.revisions: dict[str, int] = {}
        self.summary: dict[str, Any] | None = None

    @classmethod
    def open(
        cls,
        *,
        round_id: UUID,
        kind: str,
        title: str,
        audience: Audience,
        recipients: dict[str, str],
        questions: list[Question],
        opens_at: datetime,
        due_at: datetime,
        reminders: list[int],
        link: Link,
        meta: Meta,
    ) -> CheckInRound:
        check_window(opens_at, due_at)
        if not recipients:
            raise ValidationFailed("the round has nobody to ask", field="audience")
        if len(recipients) > MAX_RECIPIENTS:
            raise ValidationFailed(
                f"a round asks at most {MAX_RECIPIENTS} people", field="audience"
            )
        if any(not 1 <= h <= 24 * 30 for h in reminders) or len(reminders) > 5:
            raise ValidationFailed(
                "reminders are 1-5 times, 1-720 hours before due", field="reminders"
            )
        return cls(
            round_id=round_id,
            kind=kind,
            title=require_text(title, "title", max_len=300),
            audience=audience,
            recipients=recipients,
            questions=check_questions(questions),
            opens_at=opens_at,
            due_at=due_at,
            reminders=sorted(set(reminders), reverse=True),
            link=link,
            meta=meta,
        )

    def __deepcopy__(self, memo: dict[int, Any]) -> CheckInRound:
        """The library copies cached aggregates for each command; a round for
        thousands would be copied deeply per answer. Events replace the inner
        values (an answer dict, the summary) and never mutate them, and the
        recipients and questions never change, so copying the two maps of
        answers is enough to keep a failed command from touching the cache."""
        copied = object.__new__(type(self))
        state = dict(self.__dict__)
        state["latest"] = dict(self.latest)
        state["revisions"] = dict(self.revisions)
        state["_pending_events"] = list(state.get("_pending_events", []))
        copied.__dict__.update(state)
        return copied

    # -- answers ---------------------------------------------------------------

    def check_accepting(self, at: datetime) -> None:
        if self.state is RoundState.CLOSED or at >= self.due_at:
            raise InvalidTransition(
                f"the round closed at {self.due_at.isoformat()}; late answers are not accepted",
                field="answered_at",
                rule="checkin.late",
                params={"closed_at": self.due_at.isoformat()},
            )
        if at < self.opens_at:
            raise InvalidTransition(
                f"the round opens at {self.opens_at.isoformat()}", field="answered_at"
            )

    def answer(
        self, person_id: UUID, answers: dict[str, Any], *, answered_at: datetime, meta: Meta
    ) -> None:
        check_aware(answered_at)
        self.check_accepting(answered_at)
        clean = self.changed_answers(person_id, answers)
        if clean is None:
            return
        self._answered(
            person_id=person_id,
            answers=clean,
            answered_at=answered_at,
            revision=self.next_revision(person_id),
            meta=meta,
        )

    def changed_answers(self, person_id: UUID, answers: dict[str, Any]) -> dict[str, Any] | None:
        """The person's answers, checked against the questions; None when they
        are the answers the person already gave (nothing to record)."""
        if str(person_id) not in self.recipients:
            raise Forbidden(
                "the person is not asked in this round", field="person_id", rule="checkin.not_asked"
            )
        clean = clean_answers(self.questions, answers)
        return None if self.latest.get(str(person_id)) == clean else clean

    def next_revision(self, person_id: UUID) -> int:
        return self.revisions.get(str(person_id), 0) + 1

    def correct(
        self,
        person_id: UUID,
        answers: dict[str, Any],
        *,
        reason: str,
        answered_at: datetime,
        meta: Meta,
    ) -> None:
        """Someone else's answer changed by a secretary or moderator: recorded
        as a correction, with the reason, never silently as the person's own."""
        check_aware(answered_at)
        if self.state is RoundState.CLOSED:
            raise InvalidTransition("the round is closed", field="round_id")
        clean = self.changed_answers(person_id, answers)
        if clean is None:
            return
        self._answer_corrected(
            person_id=person_id,
            answers=clean,
            answered_at=answered_at,
            revision=self.next_revision(person_id),
            reason=require_text(reason, "reason", max_len=500, multiline=True),
            meta=meta,
        )

    @event("AnswerCorrected")
    def _answer_corrected(
        self,
        person_id: UUID,
        answers: dict[str, Any],
        answered_at: datetime,
        revision: int,
        reason: str,
        meta: Meta,
    ) -> None:
        self.latest[str(person_id)] = answers
        self.revisions[str(person_id)] = revision

    @event("Answered")
    def _answered(
        self,
        person_id: UUID,
        answers: dict[str, Any],
        answered_at: datetime,
        revision: int,
        meta: Meta,
    ) -> None:
        self.latest[str(person_id)] = answers
        self.revisions[str(person_id)] = revision

    # -- closing ---------------------------------------------------------------

    @property
    def health_question(self) -> str | None:
        for question in self.questions:
            if question["kind"] == QuestionKind.HEALTH:
                return question["id"]
        return None

    def close(self, closed_at: datetime, *, meta: Meta) -> None:
        if self.state is RoundState.CLOSED:
            raise InvalidTransition("the round is already closed", field="round_id")
        invited, answered = len(self.recipients), len(self.latest)
        questions = summarise(self.questions, self.latest)
        health = None
        if (qid := self.health_question) is not None:
            counts = next(q["counts"] for q in questions if q["id"] == qid)
            health = overall_health(counts)
        summary = {
            "title": self.title,
            "invited": invited,
            "answered": answered,
            "response_rate": round(answered / invited, 4) if invited else 0.0,
            "missing": sorted(set(self.recipients) - set(self.latest)),
            "questions": questions,
            "health": health,
            "early": closed_at < self.due_at,
        }
        self._closed(closed_at=closed_at, summary=summary, meta=meta)

    @event("Closed")
    def _closed(self, closed_at: datetime, summary: dict[str, Any], meta: Meta) -> None:
        self.state = RoundState.CLOSED
        self.summary = summary
