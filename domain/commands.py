"""Commands of the plan: what adapters ask the application to do.

Each command is defined once, with the limits of its fields (domain.limits):
every front door builds the same model, and the HTTP request bodies are
derived from it (adapters/http/command_routes.py). A value outside a limit is
a ValidationFailed naming the field, whichever door it came through. The
application runs each command through its handler (see domain.handlers).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from domain.access import ApiRole
from domain.due import Due
from domain.errors import ValidationFailed
from domain.limits import (
    Code,
    DecisionText,
    Email,
    Long,
    MeetingRef,
    Note,
    Objectives,
    Organisation,
    PartId,
    Reason,
    Short,
    SlackId,
    SlackUser,
    Title,
    TokenLabel,
    Url,
    Version,
)
from domain.values import ArenaKind, Health, Language, Perspective, Reach, Role, Status

# Each perspective at most once.
Perspectives = Annotated[list[Perspective], Field(max_length=len(Perspective))]


class Command(BaseModel):
    """Base of all commands; `expected_version` guards stale edits."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise invalid(error) from None

    def fields(self, *, omit: Collection[str] = ()) -> dict[str, Any]:
        """The fields by name, as they are (not dumped), but those in `omit`:
        a patch of the fields a command changes (Plan.revise)."""
        return {name: value for name, value in self if name not in omit}


def invalid(error: ValidationError) -> ValidationFailed:
    """The first problem of a command's fields, as the domain's own error: the
    rule and words domain.values gives the same problem, so every door says it
    as it says the domain's (services/i18n/errors.py)."""
    first = error.errors(include_url=False)[0]
    field = ".".join(str(part) for part in first["loc"]) or "command"
    ctx = first.get("ctx") or {}
    if first["type"] == "string_too_short":
        return ValidationFailed(f"{field} must not be empty", field=field, rule="text.empty")
    if first["type"] == "string_too_long":
        limit = ctx.get("max_length")
        message = f"{field} is longer than {limit} characters"
        return ValidationFailed(message, field=field, rule="text.too_long", params={"max": limit})
    if first["type"] == "enum":
        allowed = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        value = first.get("input")
        message = f"{value!r} is not one of: {allowed}"
        params = {"value": value, "allowed": allowed}
        return ValidationFailed(message, field=field, rule="value.not_allowed", params=params)
    return ValidationFailed(f"{field}: {first['msg']}", field=field)


class Versioned(Command):
    """An edit of one aggregate, refused when it has changed since the version
    the caller saw (from the body or If-Match)."""

    expected_version: Version | None = None


class OnPerson(Command):
    person_id: UUID


class OnArena(Command):
    arena_id: UUID


class OnInitiative(Command):
    initiative_id: UUID


class InitiativeEdit(Versioned, OnInitiative):
    """An edit of an initiative, guarded by the version its caller saw."""


class MilestoneEdit(InitiativeEdit):
    milestone_id: PartId


class OnDecision(Command):
    decision_id: UUID


class DecisionEdit(Versioned, OnDecision):
    """An edit of a decision, guarded by the version its caller saw."""


# -- persons -------------------------------------------------------------------


class RegisterPerson(Command):
    name: Short
    email: Email | None = None
    organisation: Organisation | None = None
    slack_user_id: SlackId | None = None


class RevisePerson(Versioned, OnPerson):
    name: Short | None = None
    email: Email | None = None
    organisation: Organisation | None = None


class SetPreferences(OnPerson):
    """The person's own settings: the language they read Samverka in, and
    how they are reached (Slack, Teams, e-mail, or `auto`)."""

    language: Language = Language.SV
    channel: Reach = Reach.AUTO


class LinkSlackUser(OnPerson):
    slack_user_id: SlackUser


class LinkSlackUserByEmail(OnPerson):
    """The Slack user's confirmed e-mail address is the person's: the front door
    links them without an administrator, unless one unlinked the person."""

    slack_user_id: str


class UnlinkSlackUser(OnPerson):
    """Takes the Slack link away; the person is then reached by e-mail."""


# -- arenas --------------------------------------------------------------------


class CreateArena(Command):
    code: Code
    name: Short
    kind: ArenaKind = ArenaKind.DELARENA
    description: Long | None = None


class ReviseArena(Versioned, OnArena):
    name: Short | None = None
    description: Long | None = None


class AddMember(OnArena):
    person_id: UUID
    role: Role = Role.PARTICIPANT


class ChangeMemberRole(Versioned, OnArena):
    person_id: UUID
    role: Role


class RemoveMember(Versioned, OnArena):
    person_id: UUID


# -- initiatives ---------------------------------------------------------------


class CreateInitiative(Command):
    arena_id: UUID
    code: Code
    title: Title
    background: Long | None = None
    goal: Long | None = None
    objectives: Objectives = Field(default=[])
    perspectives: Perspectives = Field(default=[])
    status: Status = Status.PROPOSED


class ReviseInitiative(InitiativeEdit):
    changes: dict[str, Any]


class ChangeInitiativeStatus(InitiativeEdit):
    status: Status
    reason: Note | None = None


class ReportHealth(InitiativeEdit):
    health: Health
    comment: Note | None = None


class TagPerspectives(InitiativeEdit):
    perspectives: Perspectives


class AddMilestone(InitiativeEdit):
    title: Title
    due: Due


class RescheduleMilestone(MilestoneEdit):
    due: Due


class CompleteMilestone(MilestoneEdit):
    completed_on: date


class RemoveMilestone(MilestoneEdit):
    """Removes the milestone; the initiative's other milestones stay."""


class AddLink(OnInitiative):
    title: Short
    url: Url | None = None


class RemoveLink(OnInitiative):
    link_id: PartId


class AddParticipant(OnInitiative):
    person_id: UUID
    role: Role = Role.PARTICIPANT


class RemoveParticipant(OnInitiative):
    person_id: UUID


# -- decisions -----------------------------------------------------------------


class RecordDecision(Command):
    text: DecisionText
    decision_date: date
    rationale: Long | None = None
    decided_by_body: Short | None = Field(default=None, description="The body that decided")
    meeting_id: MeetingRef | None = None
    review_date: date | None = None
    arena_id: UUID | None = None
    initiative_ids: Annotated[list[UUID], Field(max_length=50)] = Field(default=[])
    supersedes: UUID | None = None


class RevokeDecision(DecisionEdit):
    reason: Reason
    revoked_on: date


class SetReviewDate(DecisionEdit):
    review_date: date | None


class LinkDecisionToInitiative(OnDecision):
    initiative_id: UUID


# -- access --------------------------------------------------------------------


class IssueToken(Command):
    person_id: UUID
    role: ApiRole
    token_hash: str
    label: TokenLabel | None = None
    expires_at: datetime | None = None


class RevokeToken(Command):
    token_id: UUID
