"""Response bodies of the indicator routes (see models.py)."""

from __future__ import annotations

from adapters.http.models import STAMPS, Out, Rows, Versioned
from adapters.http.models_derived import from_table
from services.queries import rows


class IndicatorPoint(Out):
    period: int
    value: str  # as published: a decimal point, no exponent
    number: float
    revisions: int


class IndicatorSeries(Out):
    area: str
    area_name: str
    gender: str
    age: str
    points: list[IndicatorPoint]
    latest: IndicatorPoint | None = None
    trend: str | None = None  # up, down, flat
    target_met: bool | None = None


@from_table(rows.indicators, omit=STAMPS, optional=("description",))
class Indicator(Versioned):
    demo: bool = False
    headline: IndicatorSeries | None = None
    links: Rows | None = None
    areas: Rows | None = None


@from_table(rows.indicator_value_history, omit=("actor_id",), after={"area_name": "area"})
class IndicatorFigure(Out):
    """One figure as recorded; `previous` is the one a revision replaced."""

    area_name: str


class IndicatorImport(Out):
    values: int
    skipped: int
    indicators: int
    position: int | None = None
