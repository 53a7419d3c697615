"""Commands of plans and organisations (see docs/adding-a-command.md)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field

from domain.commands import Command
from domain.limits import Code, Long, MonthDay, Note, Short, Title, Version, Year, text
from domain.plans.values import OrganisationKind, PlanScope, QuestionKind
from domain.values import Perspective

Items = Annotated[list[Annotated[str, text(1000, min_length=1)]], Field(max_length=30)]
Ids = Annotated[list[UUID], Field(max_length=200)]
Narrative = Annotated[str, text(20_000)]
Description = Annotated[str, text(5000)]
AreaCode = Annotated[str, Field(pattern=r"^\d{2}(\d{2})?$", description="SCB county/kommun code")]


# -- organisations -------------------------------------------------------------------


class RegisterOrganisation(Command):
    code: Code
    name: Short
    kind: OrganisationKind
    county: Short | None = None
    area_code: AreaCode | None = None
    parent_id: UUID | None = None
    arena_id: UUID | None = Field(default=None, description="The arena whose moderators keep it")


class OnOrganisation(Command):
    organisation_id: UUID


class ReviseOrganisation(OnOrganisation):
    name: Short | None = None
    county: Short | None = None
    expected_version: Version | None = None


class AddOrganisationPerson(OnOrganisation):
    person_id: UUID
    contact: bool = Field(default=False, description="A contact person gets the yearly survey")


class SetOrganisationContact(OnOrganisation):
    person_id: UUID
    contact: bool


class RemoveOrganisationPerson(OnOrganisation):
    person_id: UUID


# -- the plan ------------------------------------------------------------------------


class CreatePlan(Command):
    code: Code
    title: Title
    goal: Annotated[str, text(1000, min_length=1)]
    first_year: Year
    last_year: Year
    scope: PlanScope = PlanScope.REGIONAL
    county: Short | None = None
    purpose: Long | None = None
    arena_id: UUID | None = Field(default=None, description="The arena whose moderators run it")


class OnPlan(Command):
    plan_id: UUID


class RevisePlan(OnPlan):
    title: Title | None = None
    goal: Annotated[str, text(1000, min_length=1)] | None = None
    purpose: Long | None = None
    first_year: Year | None = None
    last_year: Year | None = None
    expected_version: Version | None = None


class AddPlanPart(OnPlan):
    """A part of the plan named by its code, with a title and a description."""

    code: Code
    title: Title
    description: Description | None = None


class AddTarget(AddPlanPart):
    """A målbild."""


class AddDirection(AddPlanPart):
    """A strategic direction (strategisk inriktning)."""


class AddFocusArea(OnPlan):
    """An insatsområde with its utmaningsfrågor."""

    code: Code
    title: Title
    direction_id: UUID | None = None
    description: Description | None = None
    challenges: Items = Field(default_factory=list)


class ReviseFocusArea(OnPlan):
    area_id: UUID
    title: Title | None = None
    description: Description | None = None
    challenges: Items | None = None


class AddFollowUpQuestion(OnPlan):
    """An uppföljningsfråga of an insatsområde, asked in the yearly survey."""

    area_id: UUID
    text: Annotated[str, text(1000, min_length=1)]
    kind: QuestionKind = QuestionKind.CHOICE
    perspective: Perspective | None = None


class WithdrawFollowUpQuestion(OnPlan):
    area_id: UUID
    number: Annotated[int, Field(ge=1, le=1000)]


class SetPerspectiveGoal(OnPlan):
    """A goal for a perspective, for the plan or one insatsområde (empty: none)."""

    perspective: Perspective
    goal: Note
    area_id: UUID | None = None


class AddActivity(OnPlan):
    code: Code
    title: Annotated[str, text(500, min_length=1)]
    area_id: UUID
    description: Description | None = None
    target_ids: Ids = Field(default_factory=list)
    organisation_ids: Ids = Field(default_factory=list)
    initiative_id: UUID | None = None


class LinkActivity(OnPlan):
    activity_id: UUID
    target_ids: Ids = Field(default_factory=list)
    organisation_ids: Ids = Field(default_factory=list)


class AddressPerspective(OnPlan):
    """How an activity addresses a perspective (empty: it no longer says)."""

    activity_id: UUID
    perspective: Perspective
    how: Note


class AddPlanOrganisation(OnPlan):
    organisation_id: UUID


class RemovePlanOrganisation(OnPlan):
    organisation_id: UUID


class SchedulePlanSurvey(OnPlan):
    """The yearly survey of the plan's uppföljningsfrågor to the contact
    persons of the organisations taking part."""

    title: Title
    first_year: Year
    send_on: MonthDay = "12-01"
    due_on: MonthDay = "01-20"
    timezone: str = "Europe/Stockholm"


class WriteNarrative(OnPlan):
    """What was done, what effect it had and what comes next, per insatsområde and year."""

    area_id: UUID
    year: Year
    done: Narrative | None = None
    effect: Narrative | None = None
    next: Narrative | None = None
