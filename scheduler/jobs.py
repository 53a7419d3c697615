"""The jobs: thin, idempotent, each named by its idempotency key.

A job reads the read model, decides whether it is still useful (a reminder
for a meeting that already started is not) and issues one command: plan a
meeting, open or close a round, or queue a notification under its key.
Running a job twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import structlog

from domain.commands import Command
from domain.errors import DomainError, IdempotencyKeyReused
from domain.meetings import commands as m
from domain.meetings.meeting import meeting_id
from domain.meta import SYSTEM_ACTOR, Channel, make_meta
from domain.values import made_storable
from projections.db import Engines
from projections.meetings import queries as mq
from projections.meetings.queries import nth_held
from projections.runner import Projector
from scheduler import compose
from scheduler.config import SchedulerConfig
from services.application import CommandResult, Samverka

log = structlog.get_logger(__name__)

Clock = Callable[[], datetime]


@dataclass(eq=False)
class JobRunner:
    """Runs one job by its key (the scheduler's, or a test's)."""

    app: Samverka
    engines: Engines
    projector: Projector
    now: Clock
    cfg: SchedulerConfig
    on_queued: Callable[[], None] = lambda: None

    def run(self, key: str) -> str:
        """Runs the job named `key`; returns what happened (for logs and tests)."""
        self.projector.catch_up()
        parts = key.split(":")
        try:
            if parts[0] == "meeting":
                outcome = self._meeting(UUID(parts[1]), date.fromisoformat(parts[2]), parts[3], key)
            elif parts[0] == "series":
                outcome = self._series(UUID(parts[1]), parts[2:], key)
            elif parts[0] == "round":
                outcome = self._round(UUID(parts[1]), parts[2:], key)
            elif parts[0] == "survey":
                self._do(m.OpenSurveyRound(survey_id=UUID(parts[1]), year=int(parts[2])), key)
                outcome = "opened"
            else:
                outcome = self._skip(key, "unknown job")
        except IdempotencyKeyReused:
            outcome = "already done"
        except DomainError as error:
            outcome = self._skip(key, f"{error.code}: {error.message}")
        log.info("scheduler.job_ran", key=key, outcome=outcome)
        return outcome

    # -- helpers ---------------------------------------------------------------

    def _do(self, command: Command, key: str) -> CommandResult:
        meta = make_meta(actor=SYSTEM_ACTOR, channel=Channel.SCHEDULER, source_id=f"sched:{key}")
        return self.app.execute(command, meta)

    def _skip(self, key: str, reason: str) -> str:
        log.info("scheduler.job_skipped", key=key, reason=reason)
        return f"skipped: {reason}"

    def _queue(
        self,
        key: str,
        kind: str,
        people: list[str],
        message: compose.Message,
        not_after: datetime | None = None,
    ) -> str:
        if not people:
            return self._skip(key, "nobody to tell")
        subject, text, data = message
        command = m.QueueNotification(
            key=key,
            kind=kind,
            person_ids=[UUID(p) for p in people],
            # Titles stored before text was checked may hold line breaks or
            # control characters: the message still goes out.
            subject=made_storable(subject, multiline=False),
            text=made_storable(text, multiline=True),
            data=data,
            not_after=not_after,
        )
        result = self._do(command, key)
        if result.replayed or result.position is None:
            return "already done"
        self.on_queued()
        return "queued"

    def _series_row(self, series_id: UUID) -> dict[str, Any] | None:
        with self.engines.read.connect() as conn:
            return mq.get_series(conn, str(series_id))

    # -- meetings ----------------------------------------------------------------

    def _meeting(self, series_id: UUID, day: date, kind: str, key: str) -> str:
        series = self._series_row(series_id)
        if series is None:
            return self._skip(key, "no such series")
        found = mq.series_occurrences(series, day, day)
        if not found:
            return self._skip(key, "the series has no meeting that day")
        occurrence, now = found[0], self.now()
        if kind == "cancel":
            if occurrence.state.value != "cancelled":
                return self._skip(key, f"the meeting is {occurrence.state.value}")
            if now >= occurrence.start:
                return self._skip(key, "the meeting would already have happened")
            people = invitees(series)
            message = compose.occurrence_cancelled(series, occurrence, now)
            return self._queue(key, "occurrence-cancelled", people, message)
        if kind == "minutes":
            return self._minutes(series, day, key)
        if kind == "plan":
            if occurrence.held and now >= occurrence.start:
                return self._skip(key, "the meeting has already started")
            self._do(m.PlanMeeting(series_id=series_id, occurrence_date=day), key)
            return "planned"
        if not occurrence.held:
            return self._skip(key, f"the meeting is {occurrence.state.value}")
        if kind == "remind":
            if now >= occurrence.start:
                return self._skip(key, "the meeting already happened")
            self._do(m.PlanMeeting(series_id=series_id, occurrence_date=day), f"{key}:plan")
            self.projector.catch_up()
            with self.engines.read.connect() as conn:
                page = mq.meeting_page(conn, str(meeting_id(series_id, day)))
            if page is None:
                return self._skip(key, "the meeting is not planned")
            people = invitees(series)
            message = compose.reminder(series, page)
            return self._queue(key, "reminder", people, message, not_after=occurrence.start)
        if kind == "status-open":
            due = occurrence.start - timedelta(seconds=self.cfg.status_close_before)
            if now >= due:
                return self._skip(key, "too late for a status round")
            command = m.OpenStatusRound(
                series_id=series_id, occurrence_date=day, opens_at=now, due_at=due
            )
            self._do(command, key)
            return "opened"
        return self._skip(key, "unknown meeting job")

    def _minutes(self, series: dict[str, Any], day: date, key: str) -> str:
        with self.engines.read.connect() as conn:
            page = mq.meeting_page(conn, str(meeting_id(UUID(series["id"]), day)))
        if page is None or page["state"] != "closed" or not page["summary"]:
            return self._skip(key, "the meeting is not closed")
        people = invitees(series)
        return self._queue(key, "minutes", people, compose.minutes(series, page))

    # -- series ------------------------------------------------------------------

    def _series(self, series_id: UUID, rest: list[str], key: str) -> str:
        series = self._series_row(series_id)
        if series is None:
            return self._skip(key, "no such series")
        now = self.now()
        if rest[0] == "end":
            if series["ended_on"] is None:
                return self._skip(key, "the series has not ended")
            people = invitees(series)
            return self._queue(key, "series-ended", people, compose.series_ended(series, now))
        if series["ended_on"] is not None:
            return self._skip(key, "the series has ended")
        if rest[0] == "invite":
            everyone = invitees(series)
            people = [rest[1][1:]] if rest[1].startswith("p") else everyone
            return self._queue(key, "invitation", people, compose.invitation(series, now))
        if rest[0] == "evaluate":
            managers = [p for p in (series["moderator_id"], series["secretary_id"]) if p]
            held = series["evaluate_after"] or 0
            nth = nth_held(series, held) if held else None
            if nth is None or now < nth.end:
                return self._skip(key, "not yet")
            return self._queue(
                key, "evaluation-prompt", managers, compose.evaluation_prompt(series, held)
            )
        return self._skip(key, "unknown series job")

    # -- rounds ------------------------------------------------------------------

    def _round(self, round_id: UUID, rest: list[str], key: str) -> str:
        with self.engines.read.connect() as conn:
            checkin = mq.get_round(conn, str(round_id))
            missing = [
                r["person_id"] for r in mq.round_recipients(conn, str(round_id), answered=False)
            ]
            everyone = [r["person_id"] for r in mq.round_recipients(conn, str(round_id))]
        if checkin is None:
            return self._skip(key, "no such round")
        now, due = self.now(), datetime.fromisoformat(checkin["due_at"])
        if rest[0] == "close":
            if checkin["state"] == "closed":
                return "already closed"
            self._do(m.CloseCheckInRound(round_id=round_id, closed_at=max(now, due)), key)
            self.projector.catch_up()
            return self._summary(round_id, f"round:{round_id}:summary")
        if checkin["state"] == "closed" or now >= due:
            return self._skip(key, "the round has closed")
        if rest[0] == "notice":
            return self._queue(key, "checkin-open", everyone, compose.round_notice(checkin), due)
        if rest[0] == "remind":
            message = compose.round_notice(checkin, reminder_of=int(rest[1]))
            return self._queue(key, "checkin-reminder", missing, message, due)
        return self._skip(key, "unknown round job")

    def _summary(self, round_id: UUID, key: str) -> str:
        with self.engines.read.connect() as conn:
            checkin = mq.get_round(conn, str(round_id))
            everyone = [r["person_id"] for r in mq.round_recipients(conn, str(round_id))]
            series = (
                mq.get_series(conn, checkin["series_id"])
                if checkin and checkin["series_id"]
                else None
            )
        if checkin is None:
            return self._skip(key, "no such round")
        people = everyone
        if series is not None:
            people = [p for p in (series["moderator_id"], series["secretary_id"]) if p]
        message = compose.round_summary(checkin)
        if series is not None and series["slack_channel"]:
            message[2]["slack_channel"] = series["slack_channel"]
        if series is not None and series["teams_channel"]:
            message[2]["teams_channel"] = series["teams_channel"]
        return self._queue(key, "round-summary", people, message)


def invitees(series: dict[str, Any]) -> list[str]:
    return [p["person_id"] for p in series["invitees"]]


# The runner of this process's active scheduler; APScheduler stores jobs as a
# reference to `run_job` and the key, so they survive restarts.
RUNTIME: dict[str, JobRunner] = {}


def run_job(key: str) -> str:
    runner = RUNTIME.get("runner")
    if runner is None:
        log.warning("scheduler.no_runner", key=key)
        return "no runner"
    return runner.run(key)
