"""Request bodies. Shapes and sizes are checked here; rules in the domain."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.access import ApiRole
from domain.values import ArenaKind, Health, Perspective, Role, Status

Short = Annotated[str, Field(min_length=1, max_length=200)]
Code = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^\S+$")]
Long = Annotated[str, Field(max_length=10_000)]
Version = Annotated[int, Field(ge=1, le=10**9)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PersonIn(Body):
    name: Short
    email: Annotated[str, Field(max_length=254)] | None = None
    organisation: Annotated[str, Field(max_length=200)] | None = None
    slack_user_id: Annotated[str, Field(max_length=32)] | None = None


class PersonPatch(Body):
    name: Short | None = None
    email: Annotated[str, Field(max_length=254)] | None = None
    organisation: Annotated[str, Field(max_length=200)] | None = None
    expected_version: Version | None = None


class SlackLinkIn(Body):
    slack_user_id: Annotated[str, Field(min_length=1, max_length=32)]


class ArenaIn(Body):
    code: Code
    name: Short
    kind: ArenaKind = ArenaKind.DELARENA
    description: Long | None = None


class ArenaPatch(Body):
    name: Short | None = None
    description: Long | None = None
    expected_version: Version | None = None


class MemberIn(Body):
    person_id: UUID
    role: Role = Role.PARTICIPANT


class RoleIn(Body):
    role: Role
    expected_version: Version | None = None


class InitiativeIn(Body):
    arena_id: UUID
    code: Code
    title: Annotated[str, Field(min_length=1, max_length=300)]
    background: Long | None = None
    goal: Long | None = None
    objectives: Annotated[list[Annotated[str, Field(max_length=2000)]], Field(max_length=50)] = []
    perspectives: Annotated[list[Perspective], Field(max_length=7)] = []
    status: Status = Status.PROPOSED


class InitiativePatch(Body):
    title: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    background: Long | None = None
    goal: Long | None = None
    objectives: (
        Annotated[list[Annotated[str, Field(max_length=2000)]], Field(max_length=50)] | None
    ) = None
    expected_version: Version | None = None


class StatusIn(Body):
    status: Status
    reason: Annotated[str, Field(max_length=2000)] | None = None
    expected_version: Version | None = None


class HealthIn(Body):
    health: Health
    comment: Annotated[str, Field(max_length=2000)] | None = None
    expected_version: Version | None = None


class PerspectivesIn(Body):
    perspectives: Annotated[list[Perspective], Field(max_length=7)]
    expected_version: Version | None = None


class MilestoneIn(Body):
    title: Annotated[str, Field(min_length=1, max_length=300)]
    due: Annotated[str, Field(min_length=1, max_length=100)] = Field(
        description='When, as the plan says it: "2021-03-31", "Oktober?", "Vår 2021?"'
    )
    year: Annotated[int, Field(ge=1990, le=2100)] | None = Field(
        default=None, description="The year meant when `due` names no year (default: this year)"
    )
    expected_version: Version | None = None


class RescheduleIn(Body):
    due: Annotated[str, Field(min_length=1, max_length=100)]
    year: Annotated[int, Field(ge=1990, le=2100)] | None = None
    expected_version: Version | None = None


class CompleteIn(Body):
    completed_on: date | None = None
    expected_version: Version | None = None


class LinkIn(Body):
    title: Short
    url: Annotated[str, Field(max_length=2000)] | None = None


class ParticipantIn(Body):
    person_id: UUID
    role: Role = Role.PARTICIPANT


class DecisionIn(Body):
    text: Annotated[str, Field(min_length=1, max_length=5000)]
    decision_date: date
    rationale: Long | None = None
    decided_by: Short | None = Field(default=None, description="The body that decided")
    meeting_id: Annotated[str, Field(max_length=64)] | None = None
    review_date: date | None = None
    arena_id: UUID | None = None
    initiative_ids: Annotated[list[UUID], Field(max_length=50)] = []
    supersedes: UUID | None = None


class RevokeIn(Body):
    reason: Annotated[str, Field(min_length=1, max_length=2000)]
    revoked_on: date | None = None
    expected_version: Version | None = None


class ReviewDateIn(Body):
    review_date: date | None
    expected_version: Version | None = None


class DecisionLinkIn(Body):
    initiative_id: UUID


class TokenIn(Body):
    person_id: UUID
    role: ApiRole = ApiRole.MEMBER
    label: Annotated[str, Field(max_length=100)] | None = None
    expires_in_days: Annotated[int, Field(ge=1, le=3650)] | None = Field(
        default=None,
        description="Days until the token stops working (default SAMVERKA_TOKEN_DAYS, "
        "at most SAMVERKA_TOKEN_MAX_DAYS)",
    )
