"""A clock for tests: it stands still until the test moves it.

Every test that builds a world relative to "now" takes this clock (through the
`clock` fixture or `bootstrap(clock=...)`), so the suite passes on any date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# A plain Tuesday in early November: no holiday within weeks, no DST change.
DEFAULT_NOW = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)


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
