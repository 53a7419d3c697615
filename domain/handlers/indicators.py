"""Handlers of the indicators: define, target, link, record values.

Who may: the plan's coordinators (the global role `plan_coordinator`) and
admins; for an indicator kept by an arena, that arena's moderators too.
"""

from __future__ import annotations

from collections import defaultdict
from uuid import UUID

from domain.arena import Arena
from domain.authority import MODERATOR, GlobalRole
from domain.errors import Duplicate
from domain.handlers.registry import acts_on, handles
from domain.indicators import commands as i
from domain.indicators.indicator import Indicator, IndicatorSeries, Value, indicator_id, series_id
from domain.indicators.values import LinkKind, check_area
from domain.initiative import Initiative
from domain.meta import Meta
from domain.uow import UnitOfWork


def allow_on_indicators(uow: UnitOfWork, arena_id: UUID | None) -> None:
    """Plan coordinators and admins; an arena's moderators for its own."""
    keeper = arena_id is not None and uow.holds(arena_id, MODERATOR)
    uow.allow(
        keeper or uow.authority.has(GlobalRole.PLAN_COORDINATOR),
        "this needs the role plan_coordinator, or moderator of the indicator's arena",
        rule="access.role",
        params={"role": GlobalRole.PLAN_COORDINATOR.value},
    )


def _kept_indicator(uow: UnitOfWork, cmd: i.OnIndicator) -> Indicator:
    indicator = uow.get(Indicator, cmd.indicator_id, field="indicator_id")
    allow_on_indicators(uow, indicator.arena_id)
    return indicator


@handles(i.DefineIndicator)
def define_indicator(uow: UnitOfWork, cmd: i.DefineIndicator, meta: Meta) -> Indicator:
    uow.check_named(Arena, cmd.arena_id, field="arena_id")
    allow_on_indicators(uow, cmd.arena_id)
    if uow.exists(indicator_id(cmd.code)):
        raise Duplicate(
            f"an indicator with the code {cmd.code} exists",
            field="code",
            rule="indicator.code_taken",
            params={"code": cmd.code},
        )
    return uow.created(Indicator.define(cmd, meta=meta))


@acts_on(i.SetIndicatorTarget, _kept_indicator)
def set_indicator_target(indicator: Indicator, cmd: i.SetIndicatorTarget, meta: Meta) -> None:
    indicator.set_target(cmd.value, cmd.direction, meta=meta)


@handles(i.LinkIndicator)
def link_indicator(uow: UnitOfWork, cmd: i.LinkIndicator, meta: Meta) -> Indicator:
    indicator = _kept_indicator(uow, cmd)
    if cmd.kind == LinkKind.INITIATIVE:
        uow.get(Initiative, cmd.target_id, field="target_id")
    indicator.link(cmd.kind, cmd.target_id, meta=meta)
    return indicator


@acts_on(i.UnlinkIndicator, _kept_indicator)
def unlink_indicator(indicator: Indicator, cmd: i.UnlinkIndicator, meta: Meta) -> None:
    indicator.unlink(cmd.kind, cmd.target_id, meta=meta)


@handles(i.RecordIndicatorValues)
def record_indicator_values(uow: UnitOfWork, cmd: i.RecordIndicatorValues, meta: Meta) -> Indicator:
    """Every value, in one save: a refusal anywhere records nothing."""
    by_series: dict[tuple[UUID, str], list[Value]] = defaultdict(list)
    indicators: dict[UUID, Indicator] = {}
    for given in cmd.values:
        if given.indicator_id not in indicators:
            indicator = uow.get(Indicator, given.indicator_id, field="indicator_id")
            allow_on_indicators(uow, indicator.arena_id)
            indicators[given.indicator_id] = indicator
        area = check_area(given.area)
        by_series[(given.indicator_id, area)].append(
            Value(period=given.period, gender=given.gender, age=given.age, value=given.value)
        )
    for (indicator_key, area), values in by_series.items():
        key = series_id(indicator_key, area)
        if uow.exists(key):
            series = uow.get(IndicatorSeries, key)
        else:
            series = IndicatorSeries.start(indicator_key, area, meta=meta)
            uow.add(series)
        series.record(values, meta=meta)
    return indicators[cmd.values[0].indicator_id]
