"""A clock for tests: it stands still until the test moves it.

Every test that builds a world relative to "now" takes this clock (through the
`clock` fixture or `bootstrap(clock=...)`), so the suite passes on any date.
Tests marked `any_date` also run with the clock at each of `AWKWARD_DATES`
(see `pytest_generate_tests` in tests/conftest.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# A plain Tuesday in early November: no holiday within weeks, no DST change.
DEFAULT_NOW = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)

# Moments a calendar makes awkward (Stockholm time in the comments). Tests
# marked `any_date` build their world from the clock and must pass at each.
AWKWARD_DATES: dict[str, datetime] = {
    # Friday 10:30: a week from Christmas; julafton and juldagen are Thursday
    # and Friday, so meetings of the coming weeks move.
    "christmas-week": datetime(2026, 12, 18, 9, 30, tzinfo=UTC),
    # Thursday 23:30 on nyårsafton, in ISO week 53 (2026 has 53 weeks).
    "new-years-eve": datetime(2026, 12, 31, 22, 30, tzinfo=UTC),
    # Friday 00:30 on nyårsdagen 2027, still 2026-12-31 in UTC (and ISO week
    # 2026-W53): the local and the UTC date differ, in different years.
    "new-year-night": datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
    # Friday 10:30 on nyårsdagen: the month began today, and nyårsafton's
    # meeting is held next week.
    "new-years-day": datetime(2027, 1, 1, 9, 30, tzinfo=UTC),
    # Sunday 01:30 (+01:00), half an hour before summer time: 02:00-03:00 is
    # skipped tonight, and the day is 23 hours long.
    "dst-spring": datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
    # Sunday 02:30 (+01:00), the second time: 02:00-03:00 happens twice
    # tonight, and the day is 25 hours long.
    "dst-autumn": datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
    # Tuesday 10:30, 29 February 2028.
    "leap-day": datetime(2028, 2, 29, 9, 30, tzinfo=UTC),
}


@dataclass
class FixedClock:
    moment: datetime = DEFAULT_NOW

    def now(self) -> datetime:
        return self.moment

    def set(self, moment: datetime) -> None:
        self.moment = moment

    def advance(self, delta: timedelta) -> datetime:
        self.moment += delta
        return self.moment
