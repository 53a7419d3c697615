"""Decisions (beslut): who decided what, when, and what later replaced it."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TypedDict
from uuid import UUID

from eventsourcing.domain import event

from domain.base import SamverkaAggregate
from domain.commands import RecordDecision
from domain.errors import Duplicate, InvalidTransition, ValidationFailed
from domain.meetings.minutes import DecideInMeeting
from domain.meta import Meta
from domain.values import optional_text, require_text


class DecisionState(StrEnum):
    IN_FORCE = "in-force"
    SUPERSEDED = "superseded"
    REVOKED = "revoked"


class DecidedBy(TypedDict):
    """A meeting (by id) or a named body such as "Länschefsnätverket"."""

    kind: str
    name: str
    meeting_id: str | None


def decided_by(*, body: str | None, meeting_id: str | None, meeting_title: str | None) -> DecidedBy:
    if meeting_id:
        return DecidedBy(
            kind="meeting",
            name=require_text(meeting_title or "möte", "decided_by"),
            meeting_id=meeting_id,
        )
    if body:
        return DecidedBy(kind="body", name=require_text(body, "decided_by"), meeting_id=None)
    raise ValidationFailed("say which meeting or body decided", field="decided_by")


def _each_once(initiative_ids: list[UUID]) -> None:
    if len(set(initiative_ids)) != len(initiative_ids):
        raise Duplicate("an initiative is linked twice", field="initiative_ids")


def _text(text: str) -> str:
    return require_text(text, "text", max_len=5000, multiline=True)


class Decision(SamverkaAggregate):
    @event("Recorded")
    def __init__(
        self,
        text: str,
        rationale: str,
        decided_by: DecidedBy,
        decision_date: date,
        review_date: date | None,
        arena_id: UUID | None,
        initiative_ids: list[UUID],
        supersedes: UUID | None,
        meta: Meta,
    ) -> None:
        self.text = text
        self.rationale = rationale
        self.decided_by = decided_by
        self.decision_date = decision_date
        self.review_date = review_date
        self.arena_id = arena_id
        self.initiative_ids = initiative_ids
        self.supersedes = supersedes
        self.state = DecisionState.IN_FORCE
        self.superseded_by: UUID | None = None

    @classmethod
    def record(cls, cmd: RecordDecision, *, by: DecidedBy, meta: Meta) -> Decision:
        """`by`: the body the command names, or the meeting the handler found."""
        cls.check_review_after_decision(cmd.decision_date, cmd.review_date)
        _each_once(cmd.initiative_ids)
        return cls(
            text=_text(cmd.text),
            rationale=optional_text(cmd.rationale, "rationale"),
            decided_by=by,
            decision_date=cmd.decision_date,
            review_date=cmd.review_date,
            arena_id=cmd.arena_id,
            initiative_ids=cmd.initiative_ids,
            supersedes=cmd.supersedes,
            meta=meta,
        )

    @classmethod
    def record_in_meeting(
        cls,
        cmd: DecideInMeeting,
        *,
        by: DecidedBy,
        decision_date: date,
        arena_id: UUID | None,
        initiative_ids: list[UUID],
        meta: Meta,
    ) -> Decision:
        """A meeting's decision: `by` the meeting, on its day, in its series'
        arena, about `initiative_ids` (the command's, else the series'); it
        has no review date and replaces no decision."""
        _each_once(initiative_ids)
        return cls(
            text=_text(cmd.text),
            rationale=optional_text(cmd.rationale, "rationale"),
            decided_by=by,
            decision_date=decision_date,
            review_date=None,
            arena_id=arena_id,
            initiative_ids=initiative_ids,
            supersedes=None,
            meta=meta,
        )

    @staticmethod
    def check_review_after_decision(decision_date: date, review_date: date | None) -> None:
        if review_date is not None and review_date < decision_date:
            raise ValidationFailed(
                "the review date cannot be before the decision date", field="review_date"
            )

    def check_in_force(self) -> None:
        if self.state is not DecisionState.IN_FORCE:
            raise InvalidTransition(
                f"the decision is already {self.state.value}", field="decision_id"
            )

    def supersede(self, by_decision_id: UUID, *, meta: Meta) -> None:
        self.check_in_force()
        if by_decision_id == self.id:
            raise ValidationFailed("a decision cannot supersede itself", field="supersedes")
        self._superseded(by_decision_id=by_decision_id, meta=meta)

    @event("Superseded")
    def _superseded(self, by_decision_id: UUID, meta: Meta) -> None:
        self.state = DecisionState.SUPERSEDED
        self.superseded_by = by_decision_id

    def revoke(self, *, reason: str, revoked_on: date, meta: Meta) -> None:
        self.check_in_force()
        if revoked_on < self.decision_date:
            raise ValidationFailed(
                "a decision cannot be revoked before it was made", field="revoked_on"
            )
        self._revoked(
            reason=require_text(reason, "reason", max_len=2000, multiline=True),
            revoked_on=revoked_on,
            meta=meta,
        )

    @event("Revoked")
    def _revoked(self, reason: str, revoked_on: date, meta: Meta) -> None:
        self.state = DecisionState.REVOKED

    def set_review_date(self, review_date: date | None, *, meta: Meta) -> None:
        self.check_in_force()
        self.check_review_after_decision(self.decision_date, review_date)
        if review_date != self.review_date:
            self._review_date_set(review_date=review_date, meta=meta)

    @event("ReviewDateSet")
    def _review_date_set(self, review_date: date | None, meta: Meta) -> None:
        self.review_date = review_date

    def link_initiative(self, initiative_id: UUID, *, meta: Meta) -> None:
        if initiative_id in self.initiative_ids:
            raise Duplicate("the initiative is already linked", field="initiative_id")
        self._initiative_linked(initiative_id=initiative_id, meta=meta)

    @event("InitiativeLinked")
    def _initiative_linked(self, initiative_id: UUID, meta: Meta) -> None:
        self.initiative_ids = [*self.initiative_ids, initiative_id]
