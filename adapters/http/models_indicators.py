"""Response bodies of the indicator routes (see models.py)."""

from __future__ import annotations

from adapters.http.models import Out, Rows, Versioned


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


class Indicator(Versioned):
    code: str
    name: str
    source: str
    unit: str
    description: str | None = None
    arena_id: str | None = None
    demo: bool = False
    target_value: str | None = None
    target_direction: str | None = None
    headline: IndicatorSeries | None = None
    links: Rows | None = None
    areas: Rows | None = None


class IndicatorFigure(Out):
    """One figure as recorded; `previous` is the one a revision replaced."""

    position: int
    indicator_id: str
    area: str
    area_name: str
    period: int
    gender: str
    age: str
    value: str
    previous: str | None = None
    recorded_at: str
    channel: str


class IndicatorImport(Out):
    values: int
    skipped: int
    indicators: int
    position: int | None = None
