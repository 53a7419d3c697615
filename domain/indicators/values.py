"""What an indicator's value is about: the area, the period, the group, the number.

Areas are the official codes (SCB's, as Kolada writes them): `0000` the
whole country, two digits a county (`17` Värmlands län; Kolada's region id
`0017` is read as the same county), four digits a municipality whose first
two are its county (`1780` Karlstad). Groups are the sex as Kolada writes
it (`T` total, `K` women, `M` men) and an age band (`16-84`, `65+`; empty
for all ages). A value is a decimal number kept as the text it was
published as (a decimal point, no exponent), so nothing is rounded away.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from domain.errors import ValidationFailed
from domain.values import check_characters, parse_enum

COUNTRY = "0000"
# SCB's county codes (län); 02, 11, 15 and 16 are no longer in use.
COUNTIES = frozenset(
    f"{n:02d}" for n in (1, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 17, 18, 19, 20, 21, 22, 23, 24, 25)
)
_AREA = re.compile(r"^[0-9]{2}(?:[0-9]{2})?$")
_AGE = re.compile(r"^(?:[0-9]{1,3}-[0-9]{1,3}|[0-9]{1,3}\+)$")
_NUMBER = re.compile(r"^-?[0-9]{1,15}(?:\.[0-9]{1,6})?$")
# A number as check_number writes it: no leading zeros, no trailing zero
# after the point, no "-0".
_CANONICAL = re.compile(r"(?:0|-?[1-9][0-9]{0,14})(?:\.[0-9]{0,5}[1-9])?|-0\.[0-9]{0,5}[1-9]")
FIRST_YEAR, LAST_YEAR = 1900, 2100
MAX_VALUE_TEXT = 24


class Gender(StrEnum):
    """The sex a value is about, in Kolada's letters."""

    TOTAL = "T"
    WOMEN = "K"
    MEN = "M"


class AreaKind(StrEnum):
    COUNTRY = "country"
    COUNTY = "county"
    MUNICIPALITY = "municipality"


class Direction(StrEnum):
    """Which way a target is met: at least the value, or at most."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class LinkKind(StrEnum):
    """What an indicator follows: a målbild, an insatsområde, an arena's
    initiative (the plan's ids; målbilder and insatsområden by id only)."""

    GOAL = "goal"
    AREA = "area"
    INITIATIVE = "initiative"


def _refuse(message: str, field: str, rule: str, **params: object) -> ValidationFailed:
    return ValidationFailed(message, field=field, rule=rule, params=params)


def check_area(code: str, field: str = "area") -> str:
    """The area's code; Kolada's region ids (`0017`) become the county (`17`)."""
    text = check_characters(str(code).strip(), field, multiline=False)
    if not _AREA.fullmatch(text):
        raise _refuse(f"{text!r} is no area code", field, "indicator.area", value=text[:20])
    if len(text) == 4 and text.startswith("00") and text != COUNTRY:
        text = text[2:]
    if text != COUNTRY and text[:2] not in COUNTIES:
        raise _refuse(f"{text!r} is in no county", field, "indicator.area", value=text)
    return text


def area_kind(code: str) -> AreaKind:
    if code == COUNTRY:
        return AreaKind.COUNTRY
    return AreaKind.COUNTY if len(code) == 2 else AreaKind.MUNICIPALITY


def check_period(period: int | str, field: str = "period") -> int:
    """A year, 1900–2100 (Kolada's period)."""
    if type(period) is int and FIRST_YEAR <= period <= LAST_YEAR:
        return period
    text = str(period).strip()
    if not text.isascii() or not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise _refuse(f"{text[:20]!r} is no year", field, "indicator.period", value=text[:20])
    return int(text)


_GENDERS = frozenset(g.value for g in Gender)


def check_gender(gender: str, field: str = "gender") -> str:
    if gender in _GENDERS:
        return gender
    return parse_enum(Gender, str(gender).strip().upper(), field).value


def check_age(age: str | None, field: str = "age") -> str:
    """An age band (`16-84`, `65+`), or empty for all ages."""
    if not age:
        return ""
    text = check_characters((age or "").strip(), field, multiline=False)
    if text and not _AGE.fullmatch(text):
        raise _refuse(f"{text[:20]!r} is no age band", field, "indicator.age", value=text[:20])
    if "-" in text:
        low, high = (int(part) for part in text.split("-"))
        if low > high:
            raise _refuse(f"{text!r} ends before it starts", field, "indicator.age", value=text)
    return text


def check_number(value: str | int | float | Decimal, field: str = "value") -> str:
    """The number as canonical text: a decimal point, no exponent, at most 15
    digits before it and 6 after (a Swedish decimal comma is read too)."""
    if isinstance(value, bool):
        raise _refuse("a value is a number", field, "indicator.number", value=str(value))
    if type(value) is str and _CANONICAL.fullmatch(value):
        return value  # as this function returns it: nothing to change
    text = str(value).strip().replace(",", ".").replace("\u2212", "-")
    if len(text) > MAX_VALUE_TEXT:
        raise _refuse("a value is a number", field, "indicator.number", value=text[:20] + "…")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise _refuse("a value is a number", field, "indicator.number", value=text[:20])
    canonical = format(number, "f")
    if "." in canonical:
        canonical = canonical.rstrip("0").rstrip(".")
    if canonical == "-0":
        canonical = "0"
    if not _NUMBER.fullmatch(canonical):
        raise _refuse(
            "a value has at most 15 digits and 6 decimals",
            field,
            "indicator.number",
            value=text[:20],
        )
    return canonical


def value_key(period: int, gender: str, age: str) -> str:
    """One value's place in its series: `2023:T:16-84`."""
    return f"{period}:{gender}:{age}"


def target_met(latest: str | None, target: str | None, direction: str | None) -> bool | None:
    """Whether the latest value meets the target (None: nothing to judge)."""
    if latest is None or target is None or direction is None:
        return None
    if direction == Direction.AT_LEAST:
        return Decimal(latest) >= Decimal(target)
    return Decimal(latest) <= Decimal(target)
