"""A report's rows as known at a moment, read from the live tables.

A replay of the whole log into memory (`export.replay_in_memory`) gives what the
report read at a moment, but costs the whole log. Most of what a report reads
never changes once written, so the live tables can say what it was:

- Ledger lines are only ever added, each with the log position and time of
  the event that recorded it; the one change to a line, the mark a reversal
  leaves (`reversed_by`), is left out when the reversal came later.
- Agreements never change; of a grant the report reads only what it was
  granted with (the year, the principal, the area), and a grant existed at a
  moment when its first line (`grant`) was recorded by then. Of a booking it
  reads the initiative or activity it was booked to, which never change.
- What does change, the initiatives money was booked to (their status,
  health, milestones) and their decisions, is read as it was from each one's
  own events (`projections.timetravel.Rewind`).

The moment is either a time (the events recorded by then, as `replay_in_memory`
takes them: by their time) or a log position. Everything is read from the
read tables, so they must hold every event up to the moment: `covers` says
whether they do. A report with a plan's follow-up is not read this way (the
follow-up is replayed).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Connection, select

from projections import tables as t
from projections.funds import tables as ft
from projections.funds.report import ReportQuery, Sources, live_position
from projections.source import EventLog
from projections.store import Row, rows_of
from projections.timetravel import Rewind

CHUNK = 500
# Events read at a time after the audit trail's last line before a moment.
BATCH = 20


@dataclass(frozen=True)
class Moment:
    """Where the log is cut: at a time (ISO 8601 UTC, as events' times are
    written in the read tables) or at a log position."""

    at: str | None = None
    position: int | None = None

    @staticmethod
    def of(as_of: datetime | None, position: int | None) -> Moment:
        if as_of is not None:
            return Moment(at=as_of.astimezone(UTC).isoformat())
        return Moment(position=position)

    def holds(self, position: Any, recorded_at: Any) -> ColumnElement[bool]:
        """Whether a row recorded at this position and time was known then."""
        if self.at is not None:
            return recorded_at <= self.at  # type: ignore[no-any-return]
        return position <= self.position  # type: ignore[no-any-return]


def covers(conn: Connection, log: EventLog, moment: Moment) -> bool:
    """Whether the read tables hold every event up to the moment: the first
    event they do not hold yet came after it (or there is none)."""
    held = live_position(conn)
    if moment.position is not None:
        return moment.position <= held
    for notification in log.recorder.select_notifications(start=held + 1, limit=1):
        event = log.mapper.to_domain_event(notification)
        return bool(event.timestamp.astimezone(UTC).isoformat() > str(moment.at))
    return True


def last_position(conn: Connection, log: EventLog, moment: Moment) -> int:
    """The position of the last event known at the moment (0: none): the
    last line of the audit trail recorded by then, and any events after it
    that leave no line there (a code's claim) recorded by then too."""
    if moment.position is not None:
        return moment.position
    a = t.audit_trail.c
    found = conn.execute(
        select(a.position)
        .where(a.recorded_at <= moment.at)
        .order_by(a.recorded_at.desc(), a.position.desc())
        .limit(1)
    ).scalar()
    last = int(found or 0)
    while True:
        batch = log.recorder.select_notifications(start=last + 1, limit=BATCH)
        for notification in batch:
            event = log.mapper.to_domain_event(notification)
            if event.timestamp.astimezone(UTC).isoformat() > str(moment.at):
                return last
            last = notification.id
        if len(batch) < BATCH:
            return last


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    return (ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK))


def sources_at(conn: Connection, query: ReportQuery, moment: Moment, rewind: Rewind) -> Sources:
    """The rows the report reads, as they were at the moment."""
    g, e, b = ft.fund_grants.c, ft.fund_entries.c, ft.fund_bookings.c
    known = moment.holds(e.position, e.recorded_at)
    year = rows_of(conn, select(ft.fund_grants).where(g.year == query.year))
    candidates = [r["id"] for r in year if query.wants(r)]
    existed: set[str] = set()
    entries: list[Row] = []
    bookings: list[Row] = []
    reversals: set[tuple[str, str]] = set()
    for chunk in _chunks(candidates):
        mine = (e.grant_id.in_(chunk), known)
        existed |= set(
            conn.execute(select(e.grant_id).where(*mine, e.entry_id == "grant")).scalars()
        )
        entries += rows_of(
            conn, select(ft.fund_entries).where(*mine, e.business_date <= query.last_day)
        )
        found = conn.execute(select(e.grant_id, e.entry_id).where(*mine, e.reverses.is_not(None)))
        reversals |= {(r[0], r[1]) for r in found}
        bookings += rows_of(conn, select(ft.fund_bookings).where(b.grant_id.in_(chunk)))
    for line in entries:
        if line["reversed_by"] and (line["grant_id"], line["reversed_by"]) not in reversals:
            line["reversed_by"] = None
    grants = [r for r in year if r["id"] in existed]
    # Lines only name bookings recorded before them: a later booking is read
    # by no line.
    wanted = sorted({r["initiative_id"] for r in bookings if r["initiative_id"]})
    src = Sources(
        agreements=rows_of(conn, select(ft.fund_agreements)),
        grants=grants,
        entries=entries,
        bookings=bookings,
    )
    _plan_rows(conn, src, wanted, moment, rewind)
    return src


def _plan_rows(
    conn: Connection, src: Sources, wanted: list[str], moment: Moment, rewind: Rewind
) -> None:
    """The initiatives money was booked to, their milestones and decisions,
    each as its own events had made it by the moment."""
    at = None if moment.at is None else datetime.fromisoformat(moment.at)
    for initiative_id in wanted:
        past = rewind.state(UUID(initiative_id), at=at, position=moment.position)
        if past is not None:
            src.initiatives += past.table(t.initiatives.name)
            src.milestones += past.table(t.milestones.name)
    d = t.decision_initiatives.c
    linked = set()
    for chunk in _chunks(wanted):
        linked |= set(
            conn.execute(select(d.decision_id).where(d.initiative_id.in_(chunk))).scalars()
        )
    for decision_id in sorted(linked):
        past = rewind.state(UUID(decision_id), at=at, position=moment.position)
        if past is not None:
            src.decisions += past.table(t.decisions.name)
            src.decision_links += past.table(t.decision_initiatives.name)
