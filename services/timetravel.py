"""Tidsresa: one initiative or grant as it was at a moment, what changed
since (field by field, and who changed it, when and through which door), and
its history event by event with the state after each.

Built from the aggregate's own events (`projections.timetravel.Rewind`),
never a replay of the whole log; the rows are those the live pages show, so
the web door shows a past state with its own templates. The web door, the
API and the CLI use this one service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Connection

from projections import past as p
from projections.plan import queries as q
from projections.plan.queries import AuditFilter
from projections.source import EventLog
from projections.store import Row
from projections.timetravel import Past, Rewind
from services.queries.audit import trail_page
from services.queries.base import Facade
from services.views import Views

# Lines of the trail shown as "changed since"; the rest are in the Händelselogg.
CHANGES_SHOWN = 25


@dataclass(frozen=True)
class AsOf:
    """A thing as it was at `at` (its last event then: `version`, `position`),
    what the difference needs of it now (an initiative's row and parts; a
    grant's balances and its ledger lines since), and what differs."""

    then: Row
    now: Row
    at: datetime
    version: int
    position: int
    recorded_at: datetime  # when the last event before `at` was recorded
    diff: list[Row] = field(default_factory=list)
    extra: Row = field(default_factory=dict)


def _uuid(text: str) -> UUID | None:
    try:
        return UUID(text)
    except ValueError:
        return None


class TimeTravel(Facade):
    def __init__(self, log: EventLog, views: Views, rewind: Rewind | None = None) -> None:
        super().__init__(views)
        self._rewind = rewind or Rewind(log)

    def _past(self, thing_id: str, at: datetime) -> Past | None:
        key = _uuid(thing_id)
        if key is None:
            return None
        if at.tzinfo is None:
            raise ValueError("a moment in time needs its time zone")
        return self._rewind.state(key, at=at)

    def _as_of(
        self,
        thing_id: str,
        at: datetime,
        shape: Callable[[Connection, Past], Row | None],
        now: Callable[[Connection, str], Row | None],
        diff: Callable[[Row, Row], list[Row]],
        conn: Connection | None,
    ) -> AsOf | None:
        past = self._past(thing_id, at)
        if past is None:
            return None
        with self._reading(conn) as c:
            then = shape(c, past)
            current = now(c, thing_id)
        if then is None or current is None:
            return None
        return AsOf(then, current, at, past.version, past.position, past.at, diff(then, current))

    def initiative(
        self, initiative_id: str, at: datetime, *, health: int = 12, conn: Connection | None = None
    ) -> AsOf | None:
        """The initiative as it was at `at` (None: it did not exist yet), with
        its latest `health` reports then (`extra["history"]`)."""
        found = self._as_of(
            initiative_id,
            at,
            p.initiative_then,
            p.initiative_now,
            p.initiative_diff,
            conn,
        )
        if found is not None:
            history = self._read(conn, q.health_history, initiative_id, health, upto=found.version)
            found.extra["history"] = history
        return found

    def arena(self, arena_id: str, at: datetime, *, conn: Connection | None = None) -> AsOf | None:
        """The arena with its members then, and the initiatives it had."""
        return self._as_of(arena_id, at, p.arena_then, q.get_arena, p.arena_diff, conn)

    def series(
        self, series_id: str, at: datetime, *, conn: Connection | None = None
    ) -> AsOf | None:
        """The meeting series: its rules, who runs it and who is invited."""
        return self._as_of(series_id, at, p.series_then, p.series_now, p.series_diff, conn)

    def grant(
        self,
        grant_id: str,
        at: datetime,
        *,
        before: int | None = None,
        conn: Connection | None = None,
    ) -> AsOf | None:
        """The grant with its bookings as at `at`, and a page of its ledger
        then (running balance): the latest lines, or those before log
        position `before` (`then["older"]`: the cursor for the lines before)."""
        past = self._past(grant_id, at)
        if past is None:
            return None
        with self._reading(conn) as c:
            then = p.grant_then(c, past, before)
            now = p.grant_now(c, grant_id, past.position, CHANGES_SHOWN)
        if then is None or now is None:
            return None
        found = AsOf(then, now, at, past.version, past.position, past.at, p.grant_diff(then, now))
        found.extra["unlisted"] = now["lines_since"] - len(now["lines"])
        return found

    def changes_since(
        self,
        thing_id: str,
        at: datetime,
        *,
        limit: int = CHANGES_SHOWN,
        lang: str | None = None,
        conn: Connection | None = None,
    ) -> tuple[list[Row], bool]:
        """The audit trail of the thing after `at`, oldest first: who changed
        what, when and through which door; and whether there is more."""
        since = (at + timedelta(microseconds=1)).isoformat()
        where = AuditFilter(aggregate_id=thing_id, since=since)
        rows, more = self._read(conn, trail_page, where, limit=limit, lang=lang)
        return rows, more is not None

    def timeline(
        self,
        thing_id: str,
        kind: str,
        *,
        after: int | None = None,
        limit: int = 50,
        lang: str | None = None,
        conn: Connection | None = None,
    ) -> tuple[list[Row], int | None]:
        """A page of the thing's events in order (after log position `after`):
        each the audit trail's line, with the state after it (`state`);
        and the cursor for the next page."""
        key = _uuid(thing_id)
        if key is None:
            return [], None
        looks = {"grant": p.grant_look, "arena": p.arena_look, "series": p.series_look}
        look = looks.get(kind, p.initiative_look)
        where = AuditFilter(aggregate_id=thing_id, after=after)
        rows, cursor = self._read(conn, trail_page, where, limit=limit, lang=lang)
        if not rows:
            return [], None
        first = int(rows[0]["aggregate_version"])
        last = int(rows[-1]["aggregate_version"])
        states: dict[int, Any] = {
            event.originator_version: state
            for (_, event), state in self._rewind.steps(
                key, after=first - 1, limit=last - first + 1, look=look
            )
        }
        for row in rows:
            row["state"] = states.get(int(row["aggregate_version"]))
        return rows, cursor
