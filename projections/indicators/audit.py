"""What the indicators say in the audit trail (the sentences are in
services/i18n/audit.py)."""

from __future__ import annotations

from typing import Any

from domain.indicators.areas import area_name
from domain.indicators.indicator import Indicator, IndicatorSeries
from projections.audit import Line, cut, describes, line
from projections.framework import Ctx
from projections.indicators import tables as it
from projections.store import RowStore


def _code(rows: RowStore, indicator_id: str) -> str | None:
    row = rows.get(it.indicators, indicator_id)
    return row["code"] if row else None


@describes(Indicator, "Defined")
def _defined(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("indicator.defined", code=e.code, name=cut(e.name))


@describes(Indicator, "TargetSet")
def _target(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    code = _code(rows, ctx.aggregate_id)
    if not e.target:
        return line("indicator.target_removed", code=code)
    return line("indicator.target_set", code=code, value=e.target["value"])


@describes(Indicator, "LinkedToGoal", "LinkedToArea", "LinkedToInitiative")
def _linked(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("indicator.linked", code=_code(rows, ctx.aggregate_id))


@describes(Indicator, "Unlinked")
def _unlinked(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("indicator.unlinked", code=_code(rows, ctx.aggregate_id))


@describes(IndicatorSeries, "Started")
def _started(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line(
        "indicator.series_started",
        code=_code(rows, str(e.indicator_id)),
        area=area_name(e.area),
    )


@describes(IndicatorSeries, "ValueRecorded")
def _recorded(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    series = rows.get(it.indicator_series, ctx.aggregate_id)
    code = _code(rows, series["indicator_id"]) if series else None
    area = area_name(series["area"]) if series else None
    return line(
        "indicator.value_recorded",
        code=code,
        area=area,
        period=e.period,
        gender=e.gender,
        value=e.value,
    )
