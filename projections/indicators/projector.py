"""Indicator projections: definitions, links, current values and their history."""

from __future__ import annotations

from typing import Any

from domain.indicators.indicator import Indicator, IndicatorSeries
from projections.framework import PROJECTION, Ctx
from projections.indicators import tables as it
from projections.store import RowStore, fields, require

on = PROJECTION.on


@on(Indicator, "Defined")
def defined(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(
        it.indicators,
        ctx.new_row(
            {
                **fields(e, "code", "name", "source", "unit", "description", "demo"),
                "arena_id": str(e.arena_id) if e.arena_id else None,
                "target_value": None,
                "target_direction": None,
            },
        ),
    )


def _touch(rows: RowStore, ctx: Ctx, **changes: Any) -> None:
    row = require(rows, it.indicators, ctx.aggregate_id)
    rows.put(it.indicators, {**row, **changes, "version": ctx.version, "updated_at": ctx.at})


@on(Indicator, "TargetSet")
def target_set(e: Any, ctx: Ctx, rows: RowStore) -> None:
    target = e.target or {}
    _touch(rows, ctx, target_value=target.get("value"), target_direction=target.get("direction"))


def _linked(kind: str, target: Any, ctx: Ctx, rows: RowStore) -> None:
    _touch(rows, ctx)
    rows.put(
        it.indicator_links,
        {
            "indicator_id": ctx.aggregate_id,
            "target_id": str(target),
            "kind": kind,
            "linked_at": ctx.at,
        },
    )


@on(Indicator, "LinkedToGoal")
def linked_to_goal(e: Any, ctx: Ctx, rows: RowStore) -> None:
    _linked("goal", e.goal_id, ctx, rows)


@on(Indicator, "LinkedToArea")
def linked_to_area(e: Any, ctx: Ctx, rows: RowStore) -> None:
    _linked("area", e.area_id, ctx, rows)


@on(Indicator, "LinkedToInitiative")
def linked_to_initiative(e: Any, ctx: Ctx, rows: RowStore) -> None:
    _linked("initiative", e.initiative_id, ctx, rows)


@on(Indicator, "Unlinked")
def unlinked(e: Any, ctx: Ctx, rows: RowStore) -> None:
    _touch(rows, ctx)
    rows.delete(it.indicator_links, ctx.aggregate_id, str(e.target_id))


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
