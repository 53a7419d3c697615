"""The schedule, derived from the read model: which job should run when.

Nothing here is remembered between runs. Each job's id is its idempotency
key (series + occurrence + kind), so deriving again after a restart or a
rebuild of the projections yields the same jobs, and a job whose work is
already done (its notification queued, its round opened or closed) is left
out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, select

from domain.checkins.round import survey_round_id
from domain.checkins.survey import survey_window
from domain.meetings.recurrence import MAX_MOVE, Occurrence
from projections.meetings import queries as mq
from projections.meetings import tables as mt
from scheduler.config import SchedulerConfig


@dataclass(frozen=True, order=True)
class Planned:
    run_at: datetime  # UTC
    key: str


@dataclass
class Done:
    """What has happened already, read in bulk once per derivation."""

    notifications: set[str]
    meetings: set[tuple[str, str]]
    rounds: dict[tuple[str, str], str]
    skips: set[tuple[str, str]]
    # Invitees who joined after the series was scheduled: series id -> person ids.
    joined: dict[str, list[str]]
    # Cancelled meetings (series id -> dates), ended series and closed meetings,
    # with when that was recorded: each is told to the invitees once.
    cancelled: dict[str, list[str]] = field(default_factory=dict)
    ended: dict[str, datetime] = field(default_factory=dict)
    closed: dict[tuple[str, str], datetime] = field(default_factory=dict)

    @classmethod
    def read(cls, conn: Connection) -> Done:
        keys = {str(k) for k in conn.execute(select(mt.notifications.c.key)).scalars()}
        meetings = {
            (r.series_id, r.occurrence_date)
            for r in conn.execute(select(mt.meetings.c.series_id, mt.meetings.c.occurrence_date))
        }
        rounds = {
            (r.series_id, r.occurrence_date): r.state
            for r in conn.execute(
                select(
                    mt.checkin_rounds.c.series_id,
                    mt.checkin_rounds.c.occurrence_date,
                    mt.checkin_rounds.c.state,
                ).where(mt.checkin_rounds.c.series_id.is_not(None))
            )
        }
        skips = {
            (r.series_id, r.occurrence_date)
            for r in conn.execute(
                select(mt.series_events.c.series_id, mt.series_events.c.occurrence_date).where(
                    mt.series_events.c.kind == "holiday-skipped"
                )
            )
        }
        joined: dict[str, list[str]] = {}
        query = (
            select(mt.series_invitees.c.series_id, mt.series_invitees.c.person_id)
            .join(mt.meeting_series, mt.meeting_series.c.id == mt.series_invitees.c.series_id)
            .where(mt.series_invitees.c.since != mt.meeting_series.c.created_at)
        )
        for r in conn.execute(query):
            joined.setdefault(r.series_id, []).append(r.person_id)
        cancelled: dict[str, list[str]] = {}
        ended: dict[str, datetime] = {}
        history = select(
            mt.series_events.c.series_id,
            mt.series_events.c.kind,
            mt.series_events.c.occurrence_date,
        ).where(mt.series_events.c.kind.in_(("cancelled", "ended")))
        for r in conn.execute(history):
            if r.kind == "cancelled":
                cancelled.setdefault(r.series_id, []).append(r.occurrence_date)
            else:  # the last day, as the series' business date (noon, to be safe)
                ended[r.series_id] = _moment(f"{r.occurrence_date}T12:00:00+00:00")
        closed = {
            (r.series_id, r.occurrence_date): _moment(r.starts_at)
            for r in conn.execute(
                select(
                    mt.meetings.c.series_id, mt.meetings.c.occurrence_date, mt.meetings.c.starts_at
                ).where(mt.meetings.c.state == "closed")
            )
        }
        return cls(keys, meetings, rounds, skips, joined, cancelled, ended, closed)


def _moment(iso: str) -> datetime:
    found = datetime.fromisoformat(iso)
    return found if found.tzinfo else found.replace(tzinfo=UTC)


# How long after a series' last day, or after a meeting, the news (the series
# withdrawn from calendars, the minutes) is still worth sending. Business dates,
# not recording times, so replaying an old log sends nothing.
NEWS_WINDOW = timedelta(days=30)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def derive(conn: Connection, now: datetime, cfg: SchedulerConfig) -> list[Planned]:
    done = Done.read(conn)
    out: list[Planned] = []
    for series in mq.list_series(conn, active_on=now.date()):
        out += _series_jobs(conn, series, now, cfg, done)
    out += _news_jobs(now, done)
    for checkin in mq.list_rounds(conn, state="open", limit=100_000):
        out += _round_jobs(checkin, done)
    for survey in mq.list_surveys(conn):
        out += _survey_jobs(conn, survey, now, cfg, done)
    return sorted(out)


def _series_jobs(
    conn: Connection, series: dict[str, Any], now: datetime, cfg: SchedulerConfig, done: Done
) -> list[Planned]:
    sid = series["id"]
    out: list[Planned] = []
    invite = f"series:{sid}:invite:r{series['schedule_revision']}"
    if invite not in done.notifications:
        out.append(Planned(_utc(now), invite))
    ahead = timedelta(seconds=cfg.plan_ahead)
    window = series_window(series, now, ahead)
    # Soonest first: the window is in order of original dates, and a meeting
    # moved later may start after the next one.
    upcoming = sorted((o for o in window if o.held and o.start > now), key=lambda o: o.start)
    recent = now.date() - SKIPS_NOTED_BACK
    for occurrence in window:
        key = (sid, occurrence.key.isoformat())
        if occurrence.key < recent:
            continue
        if not occurrence.held and occurrence.holiday and key not in done.skips:
            out.append(Planned(_utc(now), f"meeting:{sid}:{key[1]}:plan"))
    if upcoming:
        nxt = upcoming[0]
        day = nxt.key.isoformat()
        base = f"meeting:{sid}:{day}"
        if (sid, day) not in done.meetings:
            out.append(Planned(_utc(max(nxt.start - ahead, now)), f"{base}:plan"))
        if f"{base}:remind" not in done.notifications:
            out.append(
                Planned(_utc(nxt.start - timedelta(seconds=cfg.reminder_lead)), f"{base}:remind")
            )
        days = series["status_round_days"]
        if days and (sid, day) not in done.rounds:
            out.append(Planned(_utc(nxt.start - timedelta(days=days)), f"{base}:status-open"))
    evaluate = f"series:{sid}:evaluate"
    if series["evaluate_after"] and evaluate not in done.notifications:
        nth = mq.nth_held(series, series["evaluate_after"])
        if nth is not None:
            out.append(Planned(_utc(nth.end), evaluate))
    for person_id in done.joined.get(sid, []):
        personal = f"series:{sid}:invite:p{person_id}"
        if personal not in done.notifications:
            out.append(Planned(_utc(now), personal))
    for day in done.cancelled.get(sid, []):
        cancel = f"meeting:{sid}:{day}:cancel"
        if day >= now.date().isoformat() and cancel not in done.notifications:
            out.append(Planned(_utc(now), cancel))
    return out


def _news_jobs(now: datetime, done: Done) -> list[Planned]:
    """A series that ended and meetings that were closed (their minutes), recently."""
    out = []
    for sid, at in done.ended.items():
        key = f"series:{sid}:end"
        if now - at <= NEWS_WINDOW and key not in done.notifications:
            out.append(Planned(_utc(now), key))
    for (sid, day), at in done.closed.items():
        key = f"meeting:{sid}:{day}:minutes"
        if now - at <= NEWS_WINDOW and key not in done.notifications:
            out.append(Planned(_utc(now), key))
    return out


# Holiday skips are noted (an event in the log) for this far back.
SKIPS_NOTED_BACK = timedelta(days=7)


def series_window(series: dict[str, Any], now: datetime, ahead: timedelta) -> list[Occurrence]:
    # A meeting moved by hand starts up to MAX_MOVE after its original date:
    # look that far back (a week missed one moved from three weeks ago).
    start = now.date() - MAX_MOVE
    return mq.series_occurrences(series, start, (now + ahead).date() + timedelta(days=31))


def _round_jobs(checkin: dict[str, Any], done: Done) -> list[Planned]:
    rid = checkin["id"]
    opens, due = (
        datetime.fromisoformat(checkin["opens_at"]),
        datetime.fromisoformat(checkin["due_at"]),
    )
    out = []
    if f"round:{rid}:notice" not in done.notifications:
        out.append(Planned(_utc(opens), f"round:{rid}:notice"))
    for hours in checkin["reminders"]:
        at = due - timedelta(hours=hours)
        key = f"round:{rid}:remind:{hours}"
        if at > opens and key not in done.notifications:
            out.append(Planned(_utc(at), key))
    out.append(Planned(_utc(due), f"round:{rid}:close"))
    return out


def _survey_jobs(
    conn: Connection, survey: dict[str, Any], now: datetime, cfg: SchedulerConfig, done: Done
) -> list[Planned]:
    if survey["ended"]:
        return []
    out = []
    for year in (now.year - 1, now.year):
        if year < survey["first_year"]:
            continue
        sent, due = survey_window(survey["send_on"], survey["due_on"], survey["timezone"], year)
        rid = str(survey_round_id(UUID(survey["id"]), year))
        if due > now and mq.get_round(conn, rid) is None:
            out.append(Planned(_utc(sent), f"survey:{survey['id']}:{year}:open"))
    return out
