"""Indicator projections: definitions, links, current values and their history."""

from __future__ import annotations

from typing import Any

from domain.indicators.indicator import Indicator, IndicatorSeries
from projections.framework import PROJECTION, Ctx, touch
from projections.indicators import tables as it
from projections.store import RowStore, fields, optional_id, require

on = PROJECTION.on


@on(Indicator, "Defined")
def defined(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(
        it.indicators,
        ctx.new_row(
            {
                **fields(e, "code", "name", "source", "unit", "description", "demo"),
                "arena_id": optional_id(e.arena_id),
                "target_value": None,
                "target_direction": None,
            },
        ),
    )


@on(Indicator, "TargetSet")
def target_set(e: Any, ctx: Ctx, rows: RowStore) -> None:
    target = e.target or {}
    value, direction = target.get("value"), target.get("direction")
    touch(rows, it.indicators, ctx, target_value=value, target_direction=direction)


# The kind of target each link event names, and the attribute with its id.
_LINKS = {
    "LinkedToGoal": ("goal", "goal_id"),
    "LinkedToArea": ("area", "area_id"),
    "LinkedToInitiative": ("initiative", "initiative_id"),
}


@on(Indicator, *_LINKS)
def linked(e: Any, ctx: Ctx, rows: RowStore) -> None:
    kind, target = _LINKS[type(e).__name__]
    touch(rows, it.indicators, ctx)
    rows.put(
        it.indicator_links,
        {
            "indicator_id": ctx.aggregate_id,
            "target_id": str(getattr(e, target)),
            "kind": kind,
            "linked_at": ctx.at,
        },
    )


PROJECTION.removes(
    Indicator, it.indicators, Unlinked=(it.indicator_links, lambda e: str(e.target_id))
)


@on(IndicatorSeries, "Started")
def series_started(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(
        it.indicator_series,
        {
            "id": ctx.aggregate_id,
            "indicator_id": str(e.indicator_id),
            "area": e.area,
            "figures": {},
        },
    )


@on(IndicatorSeries, "ValueRecorded")
def value_recorded(e: Any, ctx: Ctx, rows: RowStore) -> None:
    series = require(rows, it.indicator_series, ctx.aggregate_id)
    indicator, area = series["indicator_id"], series["area"]
    key = f"{e.period}:{e.gender}:{e.age}"
    earlier = series["figures"].get(key)  # [value, revisions]
    revisions = earlier[1] + 1 if earlier else 0
    rows.put(
        it.indicator_series,
        {**series, "figures": {**series["figures"], key: [e.value, revisions]}},
    )
    rows.put(
        it.indicator_values,
        {
            "indicator_id": indicator,
            "area": area,
            "gender": e.gender,
            "age": e.age,
            "period": e.period,
            "value": e.value,
            "number": float(e.value),
            "revisions": revisions,
            "position": ctx.position,
            "recorded_at": ctx.at,
        },
    )
    rows.append(
        it.indicator_value_history,
        {
            "position": ctx.position,
            "indicator_id": indicator,
            "area": area,
            "period": e.period,
            "gender": e.gender,
            "age": e.age,
            "value": e.value,
            "previous": earlier[0] if earlier else None,
            "recorded_at": ctx.at,
            **ctx.by_whom(),
        },
    )
