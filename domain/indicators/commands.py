"""Commands of the indicators."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.commands import Command
from domain.indicators.values import Direction, Gender, LinkKind
from domain.limits import Code, Long, text

IndicatorName = Annotated[str, text(300, min_length=1)]
SourceName = Annotated[str, text(300, min_length=1)]
Unit = Annotated[str, text(60, min_length=1)]
AreaCode = Annotated[str, Field(min_length=2, max_length=4, pattern=r"^[0-9]+$")]
Period = Annotated[int, Field(ge=1900, le=2100)]
AgeBand = Annotated[str, text(8)]
Number = Annotated[str, text(24, min_length=1)]
# The most values one command (one import) records.
MAX_VALUES = 200_000


class DefineIndicator(Command):
    code: Code
    name: IndicatorName
    source: SourceName
    unit: Unit
    description: Long | None = None
    arena_id: UUID | None = None
    demo: bool = False


class OnIndicator(Command):
    indicator_id: UUID


class SetIndicatorTarget(OnIndicator):
    value: Number | None = None
    direction: Direction = Direction.AT_LEAST


class OnIndicatorLink(OnIndicator):
    """What the indicator follows (see LinkKind)."""

    kind: LinkKind
    target_id: UUID


class LinkIndicator(OnIndicatorLink):
    """Links the indicator to a målbild, an insatsområde or an initiative."""


class UnlinkIndicator(OnIndicatorLink):
    """Takes such a link away."""


class IndicatorValue(BaseModel):
    """One value in a RecordIndicatorValues."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    indicator_id: UUID
    area: AreaCode
    period: Period
    gender: Gender = Gender.TOTAL
    age: AgeBand = ""
    value: Number


class RecordIndicatorValues(Command):
    """Values of one or more indicators, recorded together or not at all."""

    values: Annotated[list[IndicatorValue], Field(min_length=1, max_length=MAX_VALUES)]
