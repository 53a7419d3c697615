"""Approximate due dates as the plans write them: "Oktober?", "Vår 2021?".

A milestone keeps the words it was given and, where they allow, a best
estimate of the date (the last day of the period named) and how precise it
is, so that plans can be sorted and overdue milestones found without
pretending to know more than the plan says.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from enum import StrEnum

from typing_extensions import TypedDict  # pydantic validates it on Python 3.11

from domain.errors import ValidationFailed


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    SEASON = "season"
    HALF_YEAR = "half-year"
    YEAR = "year"
    UNKNOWN = "unknown"


class Due(TypedDict):
    text: str
    date: str | None
    precision: str
    approximate: bool


_MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "february": 2,
    "mars": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "maj": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "augusti": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
# Season -> (last month, whether it ends in the following year).
_SEASONS = {
    "vår": (5, False), "våren": (5, False), "spring": (5, False),
    "sommar": (8, False), "sommaren": (8, False), "summer": (8, False),
    "höst": (11, False), "hösten": (11, False), "autumn": (11, False), "fall": (11, False),
    "vinter": (2, True), "vintern": (2, True), "winter": (2, True),
}  # fmt: skip
_HALVES = {"första halvåret": 6, "andra halvåret": 12, "h1": 6, "h2": 12}
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*\??\s*$")
_ISO_MONTH = re.compile(r"^\s*(\d{4})-(\d{2})\s*\??\s*$")
_YEAR = re.compile(r"\b(20\d{2}|19\d{2})\b")
_QUARTER = re.compile(r"\b(?:q|kvartal\s*)([1-4])\b")
_WORD = re.compile(r"[a-zåäö]+")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _due(text: str, when: date | None, precision: Precision, approximate: bool) -> Due:
    return Due(
        text=text,
        date=when.isoformat() if when else None,
        precision=precision.value,
        approximate=approximate or precision is not Precision.DAY,
    )


def parse_due(text: str, *, default_year: int | None = None) -> Due:
    """Reads a due date written by people; never guesses a year it was not given.

    >>> parse_due("Oktober?", default_year=2020)["date"]
    '2020-10-31'
    """
    original = text.strip()
    if not original:
        raise ValidationFailed("due must not be empty", field="due", rule="text.empty")
    if len(original) > 100:
        raise ValidationFailed(
            "due is longer than 100 characters",
            field="due",
            rule="text.too_long",
            params={"max": 100},
        )
    hedged = "?" in original
    if m := _ISO_DAY.match(original):
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise ValidationFailed(f"{original!r} is not a real date", field="due") from None
        return _due(original, day, Precision.DAY, hedged)
    if m := _ISO_MONTH.match(original):
        month = int(m[2])
        if not 1 <= month <= 12:
            raise ValidationFailed(f"{original!r} is not a real month", field="due")
        return _due(original, _month_end(int(m[1]), month), Precision.MONTH, hedged)

    lowered = original.lower()
    year_match = _YEAR.search(lowered)
    year = int(year_match[1]) if year_match else default_year
    words = _WORD.findall(lowered)
    for half, month in _HALVES.items():
        if half in lowered and year:
            return _due(original, _month_end(year, month), Precision.HALF_YEAR, hedged)
    if (q := _QUARTER.search(lowered)) and year:
        return _due(original, _month_end(year, int(q[1]) * 3), Precision.QUARTER, hedged)
    for word in words:
        if word in _MONTHS and year:
            return _due(original, _month_end(year, _MONTHS[word]), Precision.MONTH, hedged)
        if word in _SEASONS and year:
            month, next_year = _SEASONS[word]
            end = _month_end(year + 1 if next_year else year, month)
            return _due(original, end, Precision.SEASON, hedged)
    if year_match and lowered.strip(" ?") == year_match[1]:
        return _due(original, date(int(year_match[1]), 12, 31), Precision.YEAR, hedged)
    return _due(original, None, Precision.UNKNOWN, True)
