"""Meeting recurrence in Europe/Stockholm: DST, New Year, Swedish holidays.

The expected dates and offsets are written out by hand from the calendar
(DST: last Sunday of March and of October; Swedish holidays from the
almanac), not computed with the code under test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.meetings.recurrence import (
    HolidayPolicy,
    Occurrence,
    OccurrenceState,
    Rule,
    holiday_name,
    make_rule,
    occurrences,
)


def rule(
    first: date, weekday: int, *, every: int = 1, time: str = "12:00", minutes: int = 30
) -> Rule:
    start = {"start_time": time, "duration_minutes": minutes}
    return make_rule(effective_from=first, interval_weeks=every, weekday=weekday, **start)


def in_stockholm(
    rules: list[Rule],
    start: date,
    end: date,
    policy: HolidayPolicy = HolidayPolicy.NEXT_WORKING_DAY,
) -> list[Occurrence]:
    return occurrences(
        rules, tz_name="Europe/Stockholm", policy=policy.value, overrides={}, start=start, end=end
    )


def occ(
    first: date,
    weekday: int,
    end: date,
    *,
    every: int = 1,
    policy: HolidayPolicy = HolidayPolicy.NEXT_WORKING_DAY,
    time: str = "12:00",
) -> list[Occurrence]:
    return in_stockholm([rule(first, weekday, every=every, time=time)], first, end, policy)


def starts(found: list[Occurrence]) -> list[str]:
    return [o.start.isoformat() for o in found if o.held]


def test_spring_2026_dst_keeps_noon_local() -> None:
    # Summer time starts Sunday 2026-03-29.
    found = occ(date(2026, 3, 10), 1, date(2026, 4, 30), every=2)
    assert starts(found) == [
        "2026-03-10T12:00:00+01:00",
        "2026-03-24T12:00:00+01:00",
        "2026-04-07T12:00:00+02:00",
        "2026-04-21T12:00:00+02:00",
    ]
    # Across the switch a fortnight is one hour short in absolute time.
    gap = found[2].start.astimezone(UTC) - found[1].start.astimezone(UTC)
    assert gap.total_seconds() == (14 * 24 - 1) * 3600
    assert [o.end.isoformat() for o in found][2] == "2026-04-07T12:30:00+02:00"


def test_autumn_2026_dst_keeps_noon_local() -> None:
    # Winter time starts Sunday 2026-10-25.
    found = occ(date(2026, 10, 15), 3, date(2026, 11, 13), every=2)
    assert starts(found) == [
        "2026-10-15T12:00:00+02:00",
        "2026-10-29T12:00:00+01:00",
        "2026-11-12T12:00:00+01:00",
    ]
    assert found[1].start.astimezone(UTC).hour == 11
    assert found[0].start.astimezone(UTC).hour == 10


def test_2027_switches() -> None:
    # 2027: summer time from Sunday 03-28, winter time from Sunday 10-31.
    spring = occ(date(2027, 3, 17), 2, date(2027, 4, 1))
    assert starts(spring) == [
        "2027-03-17T12:00:00+01:00",
        "2027-03-24T12:00:00+01:00",
        "2027-03-31T12:00:00+02:00",
    ]
    autumn = occ(date(2027, 10, 22), 4, date(2027, 11, 6))
    assert starts(autumn) == [
        "2027-10-22T12:00:00+02:00",
        "2027-10-29T12:00:00+02:00",
        "2027-11-05T12:00:00+01:00",
    ]


def test_the_fortnight_carries_over_new_year_in_a_53_week_year() -> None:
    # 2026 has ISO week 53, which is where week-number rules break.
    found = occ(date(2026, 12, 15), 1, date(2027, 2, 10), every=2)
    assert [o.start.date().isoformat() for o in found] == [
        "2026-12-15",
        "2026-12-29",
        "2027-01-12",
        "2027-01-26",
        "2027-02-09",
    ]
    assert all(o.start.hour == 12 and o.state is OccurrenceState.SCHEDULED for o in found)


def test_midsommarafton_moves_to_the_next_working_day() -> None:
    # Midsommarafton 2026 is Friday 06-19; the next working day is Monday 06-22.
    found = occ(date(2026, 6, 12), 4, date(2026, 6, 27))
    assert starts(found) == [
        "2026-06-12T12:00:00+02:00",
        "2026-06-22T12:00:00+02:00",
        "2026-06-26T12:00:00+02:00",
    ]
    moved = found[1]
    assert moved.key == date(2026, 6, 19)
    assert moved.state is OccurrenceState.MOVED
    assert moved.holiday == "Midsommarafton"


def test_jul_and_nyar_move_past_the_red_days() -> None:
    # Thursdays: julafton 2026-12-24 (juldagen Fri 25, weekend) -> Mon 12-28;
    # nyårsafton Thu 12-31 (nyårsdagen Fri 2027-01-01, weekend) -> Mon 2027-01-04.
    found = occ(date(2026, 12, 17), 3, date(2027, 1, 8))
    assert [o.start.date().isoformat() for o in found] == [
        "2026-12-17",
        "2026-12-28",
        "2027-01-04",
        "2027-01-07",
    ]
    assert [o.holiday for o in found] == ["", "Julafton", "Nyårsafton", ""]


def test_skip_policy_skips_julafton_and_midsommarafton() -> None:
    jul = occ(date(2026, 12, 17), 3, date(2027, 1, 8), policy=HolidayPolicy.SKIP)
    assert [o.start.date().isoformat() for o in jul if o.held] == ["2026-12-17", "2027-01-07"]
    skipped = [o for o in jul if o.state is OccurrenceState.SKIPPED]
    assert [o.key.isoformat() for o in skipped] == ["2026-12-24", "2026-12-31"]
    # Midsommarafton 2027 is Friday 06-25.
    summer = occ(date(2027, 6, 18), 4, date(2027, 7, 3), policy=HolidayPolicy.SKIP)
    assert [o.key.isoformat() for o in summer if o.held] == ["2027-06-18", "2027-07-02"]
    assert next(o for o in summer if not o.held).holiday == "Midsommarafton"


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 6, 19), "Midsommarafton"),
        (date(2026, 12, 24), "Julafton"),
        (date(2026, 12, 31), "Nyårsafton"),
        (date(2027, 3, 26), "Långfredagen"),
        (date(2027, 5, 6), "Kristi himmelsfärdsdag"),
        (date(2026, 6, 6), "Nationaldagen"),
    ],
)
def test_swedish_holidays_come_from_the_holidays_package(day: date, name: str) -> None:
    assert holiday_name(day) == name


def test_ordinary_sundays_and_workdays_are_not_holidays() -> None:
    assert holiday_name(date(2026, 3, 8)) is None  # a Sunday
    assert holiday_name(date(2026, 3, 10)) is None  # a Tuesday


def test_rescheduling_from_a_date_onward_keeps_earlier_meetings() -> None:
    first = rule(date(2026, 9, 1), 1, every=2)
    second = rule(date(2026, 10, 1), 3, every=3, time="11:30", minutes=45)
    found = in_stockholm([first, second], date(2026, 9, 1), date(2026, 11, 30))
    assert [o.start.strftime("%Y-%m-%d %H:%M") for o in found] == [
        "2026-09-01 12:00",
        "2026-09-15 12:00",
        "2026-09-29 12:00",
        "2026-10-01 11:30",
        "2026-10-22 11:30",
        "2026-11-12 11:30",
    ]
    assert found[-1].end - found[-1].start == datetime(2000, 1, 1, 0, 45) - datetime(2000, 1, 1)
