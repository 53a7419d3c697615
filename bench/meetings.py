"""Check-in rounds at scale and the scheduler with many series.

- checkins: open a round for N people and record N answers through the
  application (one command each, with a source_id as Slack would send),
  next to eventsourcing's own Application.save() of the same events.
- scheduler: 1,000 active series — start-up (leader lock, APScheduler with
  the SQL job store, deriving and storing every job), memory, and computing
  the next year of occurrences — next to APScheduler storing the same number
  of jobs on its own and dateutil's rrule computing the same dates bare.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from dateutil.rrule import WEEKLY, rrule
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from bench.backends import fresh_database, library_env
from bench.report import Line
from domain import commands as c
from domain.handlers.checkins import status_questions
from domain.meetings import commands as m
from domain.meta import make_meta
from projections.meetings import queries as mq
from samverka.bootstrap import bootstrap, leader_lock
from samverka.settings import ProjectorSettings, Settings
from scheduler.config import SchedulerConfig
from scheduler.service import SchedulerService
from services.application import Samverka
from services.notifications import FakeNotifier


class Round(Aggregate):
    @event("Opened")
    def __init__(self, recipients: dict[str, str], meta: dict[str, Any]) -> None:
        self.recipients = recipients
        self.answers: dict[str, Any] = {}

    @event("Answered")
    def answer(self, person_id: str, answers: dict[str, Any], meta: dict[str, Any]) -> None:
        self.answers[person_id] = answers


def _meta(actor: str = "system", source_id: str | None = None) -> Any:
    return make_meta(actor=actor, channel="slack", source_id=source_id)


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def register_contacts(app: Samverka, count: int, name: str = "Kontakt") -> list[UUID]:
    """`count` persons reached by e-mail: Kontakt 0, k0@example.se, ...
    (with `name` "Moderator": Moderator 0, m0@example.se, ...)."""
    mailbox = name[0].lower()
    return [
        app.execute(
            c.RegisterPerson(name=f"{name} {n}", email=f"{mailbox}{n}@example.se"), _meta()
        ).aggregate_id
        for n in range(count)
    ]


def open_status_round(
    app: Samverka, people: list[UUID], opens_at: datetime, due_at: datetime
) -> UUID:
    """A status round asking `people`; its id."""
    command = m.OpenCheckInRound(
        title="Statusrunda",
        audience_kind="persons",
        person_ids=people,
        questions=status_questions(),
        opens_at=opens_at,
        due_at=due_at,
    )
    return app.execute(command, _meta()).aggregate_id


def library_round(backend: str, people: Sequence[object]) -> tuple[float, float]:
    """The library's own store, in a fresh database of `backend`: seconds to
    save the opening event; events/s saving one answer per save."""
    ids = [str(p) for p in people]
    with fresh_database(backend) as url:
        app = Application(env=library_env(url))
        try:
            recipients = dict.fromkeys(ids, "email")
            started = time.perf_counter()
            checkin = Round(recipients=recipients, meta=dict(_meta()))
            app.save(checkin)
            opened = time.perf_counter() - started
            started = time.perf_counter()
            for n, person in enumerate(ids):
                meta = dict(_meta(person, f"slack:E{n}"))
                checkin.answer(person, {"health": "on-track"}, meta=meta)
                app.save(checkin)
            return opened, len(ids) / (time.perf_counter() - started)
        finally:
            app.close()


def bench_checkins(backend: str, people: int = 5000) -> list[Line]:
    with fresh_database(backend) as url:
        k = bootstrap(Settings(database_url=url))
        try:
            app = k.app
            ids = register_contacts(app, people)
            now = datetime.now(UTC)
            started = time.perf_counter()
            round_id = open_status_round(app, ids, now, now + timedelta(days=3))
            opened = time.perf_counter() - started
            before = app.recorder.max_notification_id() or 0
            started = time.perf_counter()
            for n, person in enumerate(ids):
                app.execute(
                    m.AnswerCheckIn(
                        round_id=round_id,
                        person_id=person,
                        answers={"health": "på spår" if n % 3 else "risk"},
                        answered_at=now + timedelta(seconds=1),
                    ),
                    _meta(str(person), f"slack:E{n}"),
                )
            answering = time.perf_counter() - started
            events = (app.recorder.max_notification_id() or 0) - before
            started = time.perf_counter()
            projected = k.projector.catch_up()
            projecting = time.perf_counter() - started
            lib_open, lib_rate = library_round(backend, ids)
        finally:
            k.close()
    return [
        Line(
            name=f"open a check-in round for {people:,} people ({backend})",
            ours=opened,
            reference=lib_open,
            unit="s",
            reference_name="library save of the same opening event",
            lower_is_better=True,
        ),
        Line(
            name=f"record {people:,} answers, one command each ({backend})",
            ours=people / answering,
            reference=lib_rate,
            unit="answers/s",
            reference_name="library Application.save, one answer event per save",
            note=f"{events / answering:,.0f} events/s incl. receipts".replace(",", " "),
        ),
        Line(
            name=f"project those {projected:,} events ({backend})",
            ours=projected / projecting,
            reference=None,
            unit="events/s",
        ),
    ]


def _seed_series(k: Any, count: int) -> None:
    app = k.app
    people = register_contacts(app, 20, "Moderator")
    arena = app.execute(c.CreateArena(code="B", name="Bench"), _meta()).aggregate_id
    start = date.today() + timedelta(days=30)
    for n in range(count):
        app.execute(
            m.ScheduleSeries(
                title=f"Samordningsmöte {n}",
                moderator_id=people[n % 20],
                invitees=people[(n % 20) : (n % 20) + 3],
                arena_id=arena,
                starts_on=start + timedelta(days=n % 14),
                weekday=n % 5,
                start_time=f"{11 + n % 4}:{'00' if n % 2 else '30'}",
                interval_weeks=1 + n % 3,
            ),
            _meta(),
        )
    k.projector.catch_up()


def _library_store(url: str, k: Any, jobs: int) -> float:
    """APScheduler alone: store the same number of date jobs in the same kind of table."""
    store = SQLAlchemyJobStore(engine=k.engines.write, tablename="bench_jobs")
    scheduler = BackgroundScheduler(jobstores={"default": store}, timezone=UTC)
    scheduler.start(paused=True)
    started = time.perf_counter()
    run_at = datetime.now(UTC) + timedelta(days=10)
    for n in range(jobs):
        scheduler.add_job(
            print, "date", run_date=run_at + timedelta(minutes=n), args=[n], id=f"j{n}"
        )
    elapsed = time.perf_counter() - started
    scheduler.shutdown(wait=False)
    return elapsed


def bench_scheduler(backend: str, series: int = 1000) -> list[Line]:
    with fresh_database(backend) as url:
        k = bootstrap(Settings(database_url=url, projector=ProjectorSettings(in_process=False)))
        try:
            _seed_series(k, series)
            today = date.today()
            with k.engines.read.connect() as conn:
                rows = mq.list_series(conn)
            started = time.perf_counter()
            total = sum(
                len(mq.series_occurrences(row, today, today + timedelta(days=365))) for row in rows
            )
            ours_year = time.perf_counter() - started
            started = time.perf_counter()
            bare = 0
            for row in rows:
                rule = row["rules"][0]
                first = date.fromisoformat(rule["effective_from"])
                bare += len(
                    list(
                        rrule(
                            WEEKLY,
                            interval=rule["interval_weeks"],
                            dtstart=datetime.combine(first, datetime.min.time()),
                            until=datetime.combine(
                                today + timedelta(days=365), datetime.min.time()
                            ),
                        )
                    )
                )
            bare_year = time.perf_counter() - started

            # The reference first, while nothing else runs: APScheduler alone
            # storing as many jobs as series x the kinds we derive for them.
            reference = _library_store(url, k, 4 * series)
            rss_before = _rss_mb()

            def new_service() -> SchedulerService:
                return SchedulerService(
                    k.app,
                    k.engines,
                    k.projector,
                    FakeNotifier(),
                    leader_lock(k.settings, k.engines),
                    k.clock,
                    SchedulerConfig(),
                )

            service = new_service()
            started = time.perf_counter()
            service.tick()
            startup = time.perf_counter() - started
            jobs = len(service.scheduled())
            rss_after = _rss_mb()
            service.stop()
            restart_service = new_service()
            started = time.perf_counter()
            restart_service.tick()
            restart = time.perf_counter() - started
            restart_service.stop()
        finally:
            k.close()
    return [
        Line(
            name=f"scheduler start-up with {series:,} series, {jobs:,} jobs stored ({backend})",
            ours=startup,
            reference=reference,
            unit="s",
            reference_name=f"APScheduler alone storing {4 * series:,} jobs",
            lower_is_better=True,
            note=f"restart with the jobs stored: {restart:.2f} s; RSS {rss_after:.0f} MB (+{rss_after - rss_before:.0f} MB)",
        ),
        Line(
            name=f"next year of occurrences for {series:,} series: {total:,} ({backend})",
            ours=ours_year,
            reference=bare_year,
            unit="s",
            reference_name="bare dateutil rrule, no zone or holidays",
            lower_is_better=True,
        ),
    ]
