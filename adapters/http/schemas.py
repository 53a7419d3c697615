"""The request bodies that are not a command's own fields, and the body fields
shaped otherwise than the command's.

Most command endpoints take the command's fields as their body (see
command_routes.py). These few differ in shape: a patch of named changes, a
due date in the plan's words, a token's lifetime in days, a report the server
builds; and some fields do (questions given field by field, answers by
question id, a moment with its offset). Their limits come from domain.limits,
as the commands' do.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import Field

from adapters.http.command_routes import Body
from adapters.http.models_derived import patch_of
from domain import commands as c
from domain.access import ApiRole
from domain.checkins.questions import QuestionKind
from domain.limits import Area, Short, Title, TokenLabel, Version, Year, text

DueText = Annotated[str, text(100, min_length=1)]
DueYear = Annotated[int, Field(ge=1990, le=2100)]
Moment = Annotated[datetime, Field(description="ISO 8601 with a UTC offset")]


@patch_of(c.CreateInitiative, "title", "background", "goal", "objectives")
class InitiativePatch(Body):
    expected_version: Version | None = None


class MilestoneIn(Body):
    title: Title
    due: DueText = Field(
        description='When, as the plan says it: "2021-03-31", "Oktober?", "Vår 2021?"'
    )
    year: DueYear | None = Field(
        default=None, description="The year meant when `due` names no year (default: this year)"
    )
    expected_version: Version | None = None


class RescheduleIn(Body):
    due: DueText
    year: DueYear | None = None
    expected_version: Version | None = None


class TokenIn(Body):
    person_id: UUID
    role: ApiRole = ApiRole.MEMBER
    label: TokenLabel | None = None
    expires_in_days: Annotated[int, Field(ge=1, le=3650)] | None = Field(
        default=None,
        description="Days until the token stops working (default SAMVERKA_TOKEN_DAYS, "
        "at most SAMVERKA_TOKEN_MAX_DAYS)",
    )


class SubmissionIn(Body):
    year: Year
    principal: Short | None = None
    area: Area | None = None
    submitted_on: date | None = None
    recipient: Short | None = None
    plan: Annotated[str, text(100, min_length=1)] | None = None  # code or id: with its follow-up


class QuestionIn(Body):
    id: Annotated[str, text(40, min_length=1)]
    text: Annotated[str, text(1000, min_length=1)]
    kind: QuestionKind
    choices: Annotated[list[Annotated[str, text(100)]], Field(max_length=20)] = Field(
        default_factory=list
    )
    minimum: float | None = None
    maximum: float | None = None
    required: bool = False
    area: Annotated[str, text(200)] | None = None


Questions = Annotated[list[QuestionIn], Field(min_length=1, max_length=50)]


# Check-in answers as the client gives them: by question id.
Answers = Annotated[
    dict[Annotated[str, text(40)], str | float | None], Field(min_length=1, max_length=50)
]
