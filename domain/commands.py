"""Commands of the plan: what adapters ask the application to do.

Adapters build these with pure functions from their payloads; the
application runs each through its handler (see domain.handlers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.access import ApiRole
from domain.due import Due


@dataclass(frozen=True)
class Command:
    """Base of all commands; `expected_version` guards stale edits."""


# -- persons -------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterPerson(Command):
    name: str
    email: str | None = None
    organisation: str | None = None
    slack_user_id: str | None = None


@dataclass(frozen=True)
class RevisePerson(Command):
    person_id: UUID
    name: str | None = None
    email: str | None = None
    organisation: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class LinkSlackUser(Command):
    person_id: UUID
    slack_user_id: str


@dataclass(frozen=True)
class LinkSlackUserByEmail(Command):
    """The Slack user's confirmed e-mail address is the person's: the front door
    links them without an administrator, unless one unlinked the person."""

    person_id: UUID
    slack_user_id: str


@dataclass(frozen=True)
class UnlinkSlackUser(Command):
    person_id: UUID


# -- arenas --------------------------------------------------------------------


@dataclass(frozen=True)
class CreateArena(Command):
    code: str
    name: str
    kind: str = "delarena"
    description: str | None = None


@dataclass(frozen=True)
class ReviseArena(Command):
    arena_id: UUID
    name: str | None = None
    description: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class AddMember(Command):
    arena_id: UUID
    person_id: UUID
    role: str = "participant"


@dataclass(frozen=True)
class ChangeMemberRole(Command):
    arena_id: UUID
    person_id: UUID
    role: str
    expected_version: int | None = None


@dataclass(frozen=True)
class RemoveMember(Command):
    arena_id: UUID
    person_id: UUID
    expected_version: int | None = None


# -- initiatives ---------------------------------------------------------------


@dataclass(frozen=True)
class CreateInitiative(Command):
    arena_id: UUID
    code: str
    title: str
    background: str | None = None
    goal: str | None = None
    objectives: list[str] = field(default_factory=list)
    perspectives: list[str] = field(default_factory=list)
    status: str = "proposed"


@dataclass(frozen=True)
class ReviseInitiative(Command):
    initiative_id: UUID
    changes: dict[str, Any]
    expected_version: int | None = None


@dataclass(frozen=True)
class ChangeInitiativeStatus(Command):
    initiative_id: UUID
    status: str
    reason: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class ReportHealth(Command):
    initiative_id: UUID
    health: str
    comment: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class TagPerspectives(Command):
    initiative_id: UUID
    perspectives: list[str]
    expected_version: int | None = None


@dataclass(frozen=True)
class AddMilestone(Command):
    initiative_id: UUID
    title: str
    due: Due
    expected_version: int | None = None


@dataclass(frozen=True)
class RescheduleMilestone(Command):
    initiative_id: UUID
    milestone_id: str
    due: Due
    expected_version: int | None = None


@dataclass(frozen=True)
class CompleteMilestone(Command):
    initiative_id: UUID
    milestone_id: str
    completed_on: date
    expected_version: int | None = None


@dataclass(frozen=True)
class RemoveMilestone(Command):
    initiative_id: UUID
    milestone_id: str
    expected_version: int | None = None


@dataclass(frozen=True)
class AddLink(Command):
    initiative_id: UUID
    title: str
    url: str | None = None


@dataclass(frozen=True)
class RemoveLink(Command):
    initiative_id: UUID
    link_id: str


@dataclass(frozen=True)
class AddParticipant(Command):
    initiative_id: UUID
    person_id: UUID
    role: str = "participant"


@dataclass(frozen=True)
class RemoveParticipant(Command):
    initiative_id: UUID
    person_id: UUID


# -- decisions -----------------------------------------------------------------


@dataclass(frozen=True)
class RecordDecision(Command):
    text: str
    decision_date: date
    rationale: str | None = None
    decided_by_body: str | None = None
    meeting_id: str | None = None
    review_date: date | None = None
    arena_id: UUID | None = None
    initiative_ids: list[UUID] = field(default_factory=list)
    supersedes: UUID | None = None


@dataclass(frozen=True)
class RevokeDecision(Command):
    decision_id: UUID
    reason: str
    revoked_on: date
    expected_version: int | None = None


@dataclass(frozen=True)
class SetReviewDate(Command):
    decision_id: UUID
    review_date: date | None
    expected_version: int | None = None


@dataclass(frozen=True)
class LinkDecisionToInitiative(Command):
    decision_id: UUID
    initiative_id: UUID


# -- access --------------------------------------------------------------------


@dataclass(frozen=True)
class IssueToken(Command):
    person_id: UUID
    role: ApiRole
    token_hash: str
    label: str | None = None
    expires_at: datetime | None = None


@dataclass(frozen=True)
class RevokeToken(Command):
    token_id: UUID
