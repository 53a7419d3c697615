"""Value types of plans and organisations, and the ids of a plan's parts.

A plan's målbilder (targets), strategic directions, insatsområden (focus
areas) and activities are entities of the plan, each with a UUID derived
from the plan's id and the part's code, so the same code names the same part
in every database and other features (indicators) can refer to them.
"""

from __future__ import annotations

import re
from enum import StrEnum
from uuid import UUID

from domain.base import derived_id
from domain.errors import ValidationFailed
from domain.values import Perspective, optional_pattern, parse_enum, text_list


class OrganisationKind(StrEnum):
    REGION = "region"
    KOMMUN = "kommun"
    FORVALTNING = "forvaltning"
    MYNDIGHET = "myndighet"
    FORENING = "forening"


class PlanScope(StrEnum):
    REGIONAL = "regional"
    NATIONAL = "national"


class QuestionKind(StrEnum):
    """An uppföljningsfråga is answered ja / delvis / nej, or in free text."""

    CHOICE = "choice"
    TEXT = "text"


# The answers to a choice question: input vocabulary, as the seed's
# questions are put ("Finns ett utvecklat föräldraskapsstöd?").
CHOICES = ["ja", "delvis", "nej"]
_AREA_CODE = re.compile(r"^\d{2}(\d{2})?$")


def organisation_id(code: str) -> UUID:
    return derived_id("organisation", code.casefold())


def plan_id(code: str) -> UUID:
    return derived_id("plan", code.casefold())


def target_id(plan: UUID, code: str) -> UUID:
    """A målbild's id: `target_id(plan_id, "M1")`."""
    return derived_id("plan-target", f"{plan}:{code.casefold()}")


def direction_id(plan: UUID, code: str) -> UUID:
    return derived_id("plan-direction", f"{plan}:{code.casefold()}")


def focus_area_id(plan: UUID, code: str) -> UUID:
    """An insatsområde's id: `focus_area_id(plan_id, "IO1")`."""
    return derived_id("plan-focus-area", f"{plan}:{code.casefold()}")


def activity_id(plan: UUID, code: str) -> UUID:
    return derived_id("plan-activity", f"{plan}:{code.casefold()}")


def question_id(area_code: str, number: int) -> str:
    """The survey question an uppföljningsfråga becomes: "IO1-2"."""
    return f"{area_code}-{number}"


# SCB's county (2 digits) or municipality code (4 digits), as Kolada uses.
check_area_code = optional_pattern(
    _AREA_CODE, "area_code", "a county code is 2 digits, a municipality code 4 (e.g. 1780)"
)


def perspective(value: str) -> str:
    return parse_enum(Perspective, value, "perspective").value


def text_items(values: list[str], field: str, *, max_items: int = 30) -> list[str]:
    """A plan's lists (utmaningsfrågor): shorter than other lists of texts."""
    return text_list(values, field, max_items=max_items, max_len=1000)


def check_years(first: int, last: int) -> None:
    if not 2000 <= first <= last <= 2100:
        raise ValidationFailed(
            "the plan runs between 2000 and 2100, first to last", field="last_year"
        )
