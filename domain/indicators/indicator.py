"""Indicators and their values.

An `Indicator` is what is followed ("Andel unga som uppger gott psykiskt
välbefinnande", Liv & Hälsa; "Suicid per 100 000 invånare"): its code (a
Kolada KPI id such as `N00945`, or one of the plan's own), name, source,
unit, an optional target, and what it follows — målbilder and insatsområden
of a plan by id, initiatives of an arena. Its values are kept per area in an
`IndicatorSeries` (one per indicator and area, so an import touches small
aggregates and a county's history loads without the country's): each value
is a `ValueRecorded` event, and a revised figure is a new event for the same
period and group, so every earlier figure stays in the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict
from uuid import UUID

from eventsourcing.domain import event

from domain.base import SamverkaAggregate, derived_id
from domain.errors import Duplicate, ValidationFailed
from domain.indicators.commands import DefineIndicator
from domain.indicators.values import (
    Direction,
    LinkKind,
    check_age,
    check_area,
    check_gender,
    check_number,
    check_period,
    value_key,
)
from domain.meta import Meta
from domain.values import optional_text, parse_enum, require_code, require_text


def indicator_id(code: str) -> UUID:
    return derived_id("indicator", code.strip().casefold())


def series_id(indicator: UUID, area: str) -> UUID:
    return derived_id("indicator-series", f"{indicator}:{area}")


class Target(TypedDict):
    value: str
    direction: str


class Indicator(SamverkaAggregate):
    @staticmethod
    def create_id(code: str) -> UUID:
        return indicator_id(code)

    @event("Defined")
    def __init__(
        self,
        code: str,
        name: str,
        source: str,
        unit: str,
        description: str,
        arena_id: UUID | None,
        demo: bool,
        meta: Meta,
    ) -> None:
        self.code = code
        self.name = name
        self.source = source
        self.unit = unit
        self.description = description
        self.arena_id = arena_id
        self.demo = demo
        self.target: Target | None = None
        self.links: dict[str, list[str]] = {kind.value: [] for kind in LinkKind}

    @classmethod
    def define(cls, cmd: DefineIndicator, *, meta: Meta) -> Indicator:
        return cls(
            code=require_code(cmd.code),
            name=require_text(cmd.name, "name", max_len=300),
            source=require_text(cmd.source, "source", max_len=300),
            unit=require_text(cmd.unit, "unit", max_len=60),
            description=optional_text(cmd.description, "description", max_len=5000),
            arena_id=cmd.arena_id,
            demo=bool(cmd.demo),
            meta=meta,
        )

    def set_target(self, value: str | None, direction: str, *, meta: Meta) -> None:
        """A target to reach (None takes it away); no event when unchanged."""
        target: Target | None = None
        if value is not None and str(value).strip():
            target = Target(
                value=check_number(value, "target"),
                direction=parse_enum(Direction, direction, "direction").value,
            )
        if target != self.target:
            self._target_set(target=target, meta=meta)

    @event("TargetSet")
    def _target_set(self, target: Target | None, meta: Meta) -> None:
        self.target = target

    def link(self, kind: str, target_id: UUID, *, meta: Meta) -> None:
        """Follows a målbild (`goal`), an insatsområde (`area`) or an initiative."""
        kind = parse_enum(LinkKind, kind, "kind").value
        linked = self.links[kind]
        if str(target_id) in linked:
            return
        if len(linked) >= 200:
            raise ValidationFailed("an indicator follows at most 200 of each", field="target_id")
        if kind == LinkKind.GOAL:
            self._linked_to_goal(goal_id=target_id, meta=meta)
        elif kind == LinkKind.AREA:
            self._linked_to_area(area_id=target_id, meta=meta)
        else:
            self._linked_to_initiative(initiative_id=target_id, meta=meta)

    def unlink(self, kind: str, target_id: UUID, *, meta: Meta) -> None:
        kind = parse_enum(LinkKind, kind, "kind").value
        if str(target_id) in self.links[kind]:
            self._unlinked(kind=kind, target_id=target_id, meta=meta)

    @event("LinkedToGoal")
    def _linked_to_goal(self, goal_id: UUID, meta: Meta) -> None:
        self.links[LinkKind.GOAL.value].append(str(goal_id))

    @event("LinkedToArea")
    def _linked_to_area(self, area_id: UUID, meta: Meta) -> None:
        self.links[LinkKind.AREA.value].append(str(area_id))

    @event("LinkedToInitiative")
    def _linked_to_initiative(self, initiative_id: UUID, meta: Meta) -> None:
        self.links[LinkKind.INITIATIVE.value].append(str(initiative_id))

    @event("Unlinked")
    def _unlinked(self, kind: str, target_id: UUID, meta: Meta) -> None:
        self.links[kind].remove(str(target_id))


class Value(TypedDict):
    """One published figure, as a command or an import gives it."""

    period: int
    gender: str
    age: str
    value: str


def check_value(period: int | str, gender: str, age: str | None, value: str | int | float) -> Value:
    """A value checked field by field (each refusal names its field)."""
    return Value(
        period=check_period(period),
        gender=check_gender(gender),
        age=check_age(age),
        value=check_number(value),
    )


class IndicatorSeries(SamverkaAggregate):
    """An indicator's values for one area: county, municipality or the country."""

    @staticmethod
    def create_id(indicator_id: UUID, area: str) -> UUID:
        return series_id(indicator_id, area)

    @event("Started")
    def __init__(self, indicator_id: UUID, area: str, meta: Meta) -> None:
        self.indicator_id = indicator_id
        self.area = area
        self.values: dict[str, str] = {}

    @classmethod
    def start(cls, indicator_id: UUID, area: str, *, meta: Meta) -> IndicatorSeries:
        return cls(indicator_id=indicator_id, area=check_area(area), meta=meta)

    def record(self, values: Iterable[Value], *, meta: Meta) -> int:
        """Records each value that is new or differs from the one recorded for
        its period and group (a revision); returns how many were recorded.
        The same period and group twice in one batch is refused."""
        seen: set[str] = set()
        recorded = 0
        for given in values:
            value = check_value(given["period"], given["gender"], given["age"], given["value"])
            key = value_key(value["period"], value["gender"], value["age"])
            if key in seen:
                raise Duplicate(
                    f"{key} is given twice for area {self.area}",
                    field="values",
                    rule="indicator.twice",
                    params={"area": self.area, "key": key},
                )
            seen.add(key)
            if self.values.get(key) != value["value"]:
                self._value_recorded(**value, meta=meta)
                recorded += 1
        return recorded

    @event("ValueRecorded")
    def _value_recorded(self, period: int, gender: str, age: str, value: str, meta: Meta) -> None:
        self.values[value_key(period, gender, age)] = value
