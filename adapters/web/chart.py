"""An indicator's series as an inline SVG line chart, laid out here and
drawn by the template (`indicator_chart.html.j2`): no script, no inline
style (the pages' Content-Security-Policy allows neither), text from the
template, and the same numbers in a table beside it for screen readers
and anyone who wants them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    period: int
    value: str


@dataclass(frozen=True)
class Tick:
    at: float
    text: str


@dataclass(frozen=True)
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    points: list[Point] = field(default_factory=list)
    line: str = ""  # the polyline's points
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    target_y: float | None = None
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def _nice_step(span: float) -> float:
    """A round step giving about five ticks over `span`."""
    raw = span / 5 or 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    return next(float(m * power) for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _number(value: float, decimal: str) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", decimal)


def layout(points: list[dict[str, Any]], target: str | None, decimal: str = ",") -> Chart:
    """Where each year's value goes, the axes' ticks and the target's line."""
    if not points:
        return Chart()
    numbers = [float(p["number"]) for p in points]
    if target is not None:
        numbers.append(float(target))
    low, high = min(0.0, *numbers), max(numbers)
    step = _nice_step(high - low)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    if high == low:
        high = low + step
    first, last = int(points[0]["period"]), int(points[-1]["period"])
    span_x = max(last - first, 1)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(period: int) -> float:
        if last == first:
            return LEFT + inner_w / 2
        return round(LEFT + (period - first) / span_x * inner_w, 1)

    def y_of(value: float) -> float:
        return round(TOP + (high - value) / (high - low) * inner_h, 1)

    placed = [
        Point(x_of(p["period"]), y_of(float(p["number"])), p["period"], p["value"]) for p in points
    ]
    every = max(1, math.ceil(len(points) / 8))
    x_ticks = [Tick(p.x, str(p.period)) for p in placed[::every]]
    y_ticks = []
    value = low
    while value <= high + step / 1000:
        y_ticks.append(Tick(y_of(value), _number(value, decimal)))
        value += step
    return Chart(
        points=placed,
        line=" ".join(f"{p.x},{p.y}" for p in placed),
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        target_y=y_of(float(target)) if target is not None else None,
    )
