"""Occurrences of a meeting series, in local wall-clock time.

A series is a list of rules, each valid from a date onward ("every 2 weeks on
Tuesday at 12:00 for 30 minutes, from 2026-03-03"). Occurrences are computed
with dateutil's rrule on naive local times and only then given the series'
time zone, so 12:00 stays 12:00 across daylight-saving changes and the
fortnight never breaks at New Year. Swedish public holidays and the de-facto
holidays (midsommarafton, julafton, nyårsafton) come from the `holidays`
package; an occurrence on one is skipped or moved to the next working day
according to the series' policy. Everything here is pure: no clock, no I/O.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TypedDict
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from dateutil.rrule import WEEKLY, rrule

from domain.errors import ValidationFailed

DEFAULT_TZ = "Europe/Stockholm"
MAX_OCCURRENCES = 2000  # a guard against asking for centuries of meetings
# A meeting moves at most this far from its original date, by hand or for a
# holiday. Whoever looks for the meetings taking place from a day on looks
# this far back for their original dates (a meeting keeps its date as its key).
MAX_MOVE = timedelta(days=60)


class HolidayPolicy(StrEnum):
    SKIP = "skip"
    NEXT_WORKING_DAY = "next-working-day"
    KEEP = "keep"


class OccurrenceState(StrEnum):
    SCHEDULED = "scheduled"
    MOVED = "moved"  # by hand or for a holiday
    SKIPPED = "skipped"  # a holiday, under the skip policy
    CANCELLED = "cancelled"


class Rule(TypedDict):
    """One recurrence, valid from `effective_from` until the next rule."""

    effective_from: str  # ISO date
    interval_weeks: int
    weekday: int  # 0 = Monday
    start_time: str  # "HH:MM", local
    duration_minutes: int


class Override(TypedDict):
    """A change to one occurrence, keyed by its original date."""

    state: str  # "cancelled" or "moved"
    starts_local: str | None  # ISO local date-time without offset
    duration_minutes: int | None
    reason: str


@dataclass(frozen=True)
class Occurrence:
    key: date  # the date the rule gives; the meeting's identity
    start: datetime  # aware, in the series' zone
    end: datetime
    state: OccurrenceState
    reason: str = ""
    holiday: str = ""

    @property
    def held(self) -> bool:
        return self.state in (OccurrenceState.SCHEDULED, OccurrenceState.MOVED)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationFailed(f"unknown time zone {name!r}", field="timezone") from None


def parse_hhmm(value: str, field: str = "start_time") -> time:
    try:
        parsed = time.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailed(f"{value!r} is not a time like 12:00", field=field) from None
    if parsed.second or parsed.microsecond or parsed.tzinfo:
        raise ValidationFailed("give the local time as HH:MM", field=field)
    return parsed


def check_day(day: date, field: str) -> date:
    """Meetings are planned within this century (and the holiday tables know it)."""
    if not 2000 <= day.year <= 2100:
        raise ValidationFailed("give a date between 2000 and 2100", field=field)
    return day


def make_rule(
    *,
    effective_from: date,
    interval_weeks: int,
    weekday: int,
    start_time: str,
    duration_minutes: int,
) -> Rule:
    if not 1 <= interval_weeks <= 12:
        raise ValidationFailed("interval_weeks is 1-12", field="interval_weeks")
    if not 0 <= weekday <= 6:
        raise ValidationFailed("weekday is 0 (Monday) to 6 (Sunday)", field="weekday")
    if not 5 <= duration_minutes <= 600:
        raise ValidationFailed("duration_minutes is 5-600", field="duration_minutes")
    clock = parse_hhmm(start_time)
    check_day(effective_from, "starts_on")
    return Rule(
        effective_from=effective_from.isoformat(),
        interval_weeks=interval_weeks,
        weekday=weekday,
        start_time=clock.strftime("%H:%M"),
        duration_minutes=duration_minutes,
    )


@functools.lru_cache(maxsize=64)
def _holidays_of(year: int) -> dict[date, str]:
    found = holidays.country_holidays(
        "SE", years=year, categories=("public", "de_facto"), language="sv"
    )
    return dict(found.items())


def holiday_name(day: date) -> str | None:
    """The Swedish holiday on this day (public or de facto), if any."""
    return _holidays_of(day.year).get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def next_working_day(day: date) -> date:
    following = day + timedelta(days=1)
    while not is_working_day(following):
        following += timedelta(days=1)
    return following


def _first_on_or_after(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def _rule_dates(rule: Rule, until: date) -> Iterator[datetime]:
    first = _first_on_or_after(date.fromisoformat(rule["effective_from"]), rule["weekday"])
    if first > until:
        return
    clock = parse_hhmm(rule["start_time"])
    dates = rrule(
        WEEKLY,
        interval=rule["interval_weeks"],
        dtstart=datetime.combine(first, clock),
        until=datetime.combine(until, time(23, 59)),
    )
    yield from itertools.islice(dates, MAX_OCCURRENCES)


def _aware(local: datetime, tz: ZoneInfo) -> datetime:
    # Wall time first, zone second: 12:00 is 12:00 in winter and in summer.
    return local.replace(tzinfo=tz)


def occurrences(
    rules: list[Rule],
    *,
    tz_name: str,
    policy: str,
    overrides: dict[str, Override],
    start: date,
    end: date,
    until: date | None = None,
) -> list[Occurrence]:
    """Occurrences whose original date lies in [start, end] (and not after `until`)."""
    tz = zone(tz_name)
    last = min(end, until) if until else end
    ordered = sorted(rules, key=lambda r: r["effective_from"])
    found: list[Occurrence] = []
    for index, rule in enumerate(ordered):
        limit = last
        if index + 1 < len(ordered):
            limit = min(
                limit, date.fromisoformat(ordered[index + 1]["effective_from"]) - timedelta(days=1)
            )
        for local in _rule_dates(rule, limit):
            if local.date() < start:
                continue
            found.append(_one(local, rule, tz, policy, overrides))
            if len(found) >= MAX_OCCURRENCES:
                return found
    return found


def _one(
    local: datetime, rule: Rule, tz: ZoneInfo, policy: str, overrides: dict[str, Override]
) -> Occurrence:
    key = local.date()
    duration = timedelta(minutes=rule["duration_minutes"])
    override = overrides.get(key.isoformat())
    if override is not None:
        if override["state"] == OccurrenceState.CANCELLED:
            return Occurrence(
                key, _aware(local, tz), _aware(local + duration, tz),
                OccurrenceState.CANCELLED, override["reason"],
            )  # fmt: skip
        moved = datetime.fromisoformat(override["starts_local"] or local.isoformat())
        length = timedelta(minutes=override["duration_minutes"] or rule["duration_minutes"])
        return Occurrence(
            key, _aware(moved, tz), _aware(moved + length, tz),
            OccurrenceState.MOVED, override["reason"],
        )  # fmt: skip
    holiday = holiday_name(key)
    if holiday is None or policy == HolidayPolicy.KEEP:
        return Occurrence(
            key, _aware(local, tz), _aware(local + duration, tz), OccurrenceState.SCHEDULED
        )
    if policy == HolidayPolicy.SKIP:
        return Occurrence(
            key, _aware(local, tz), _aware(local + duration, tz),
            OccurrenceState.SKIPPED, f"helgdag: {holiday}", holiday,
        )  # fmt: skip
    moved_local = datetime.combine(next_working_day(key), local.time())
    return Occurrence(
        key, _aware(moved_local, tz), _aware(moved_local + duration, tz),
        OccurrenceState.MOVED, f"flyttat från {key.isoformat()} ({holiday})", holiday,
    )  # fmt: skip


def is_rule_date(rules: list[Rule], day: date, until: date | None) -> bool:
    """Whether the rules give an occurrence on this original date."""
    return any(o.key == day for o in occurrences(
        rules, tz_name=DEFAULT_TZ, policy=HolidayPolicy.KEEP, overrides={},
        start=day, end=day, until=until,
    ))  # fmt: skip
