"""The scheduler service: leader election, APScheduler, sync and dispatch.

Every instance runs this loop; only the one holding the leader lock runs
APScheduler (jobs in the `scheduler_jobs` table of the same database) and
the outbox dispatcher. The others wait and take over when the lock frees.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, JobEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger

from projections.daemon import Daemon
from projections.db import Engines
from projections.runner import Projector
from scheduler import jobs
from scheduler.config import SchedulerConfig
from scheduler.derive import Planned, derive
from scheduler.dispatch import Dispatcher
from scheduler.leader import LeaderLock
from services.application import Samverka
from services.notifications import Notifier

log = structlog.get_logger(__name__)
JOB_TABLE = "scheduler_jobs"
BUSY_MARGIN = timedelta(seconds=5)
# APScheduler logs each added job at INFO; ours are many and self-describing.
logging.getLogger("apscheduler").setLevel(logging.WARNING)


@dataclass(eq=False)
class SchedulerService:
    """Leads (or waits to), runs the jobs the read model calls for and
    dispatches the outbox; `last_error` is the last tick's failure, if any."""

    app: Samverka
    engines: Engines
    projector: Projector
    notifier: Notifier
    lock: LeaderLock
    clock: Any
    config: SchedulerConfig = field(default_factory=SchedulerConfig)
    last_error: str | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        shared = (self.app, self.engines, self.projector)
        self.runner = jobs.JobRunner(*shared, self.now, self.config, on_queued=self.wake)
        self.dispatcher = Dispatcher(*shared, self.notifier, self.now, self.config)
        self._scheduler: BackgroundScheduler | None = None
        self._daemon = Daemon("scheduler")
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._last_sync = 0.0
        self._resync = True
        self._missed_logged: set[str] = set()
        # Runs finished (or missed) while leading: key -> the time it was due.
        self._finished: dict[str, datetime] = {}

    def now(self) -> datetime:
        found: datetime = self.clock.now()
        return found.astimezone(UTC)

    @property
    def leading(self) -> bool:
        return self._scheduler is not None

    # -- lifecycle ---------------------------------------------------------------

    def start(self) -> None:
        if self._daemon.started:
            return
        self._stop.clear()
        self.projector.on_advance(self._events_arrived)
        self._daemon.start(self._loop)

    def stop(self, timeout: float = 10.0) -> None:
        self._daemon.stop(timeout, self._stop, self._wake)
        # Wait for running jobs: they use the store's connections, which the
        # caller closes next (closing a SQLite connection under a running job
        # crashes the process), and the next leader should not start
        # before they are done.
        self._step_down("stopped", wait=True)

    def wake(self) -> None:
        self._wake.set()

    def _events_arrived(self, _position: int) -> None:
        # New events mark the schedule stale; the next tick (at most one
        # dispatch interval away) syncs it, so a burst of writes costs one sync.
        self._resync = True

    # -- the loop ----------------------------------------------------------------

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
                self.last_error = None
            except Exception as error:
                self.last_error = f"{type(error).__name__}: {error}"
                log.warning("scheduler.tick_failed", error=self.last_error)
            interval = self.config.dispatch_interval if self.leading else self.config.leader_poll
            self._wake.wait(interval)
            self._wake.clear()

    def tick(self) -> None:
        """One round: become or stay leader; then sync the jobs and dispatch."""
        if not self.leading:
            if not self.lock.try_acquire():
                return
            self._lead()
        elif not self.lock.still_held():
            self._step_down("lost the lock")
            return
        elif not _alive(self._scheduler):
            self._step_down("the APScheduler thread died")  # leads again next tick
            return
        due = time.monotonic() - self._last_sync >= self.config.sync_interval
        if self._resync or due:
            self._resync = False
            self.sync()
        self.dispatcher.run_once()

    def _lead(self) -> None:
        store = SQLAlchemyJobStore(engine=self.engines.write, tablename=JOB_TABLE)
        scheduler = TolerantScheduler(
            jobstores={"default": store},
            executors={"default": ThreadPoolExecutor(4)},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": int(self.config.misfire_grace),
            },
            timezone=UTC,
        )
        jobs.RUNTIME["runner"] = self.runner
        scheduler.add_listener(
            self._job_finished, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED
        )
        scheduler.start()
        self._scheduler = scheduler
        self._resync = True
        log.info("scheduler.leading", jobs=len(scheduler.get_jobs()))

    def _job_finished(self, event: JobEvent) -> None:
        self._finished[event.job_id] = event.scheduled_run_time
        self.wake()

    def _step_down(self, reason: str, *, wait: bool = False) -> None:
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is not None:
            try:
                scheduler.shutdown(wait=wait)
            except Exception as error:  # the database may be gone with the lock
                log.warning("scheduler.shutdown_failed", error=str(error))
            log.info("scheduler.stepped_down", reason=reason)
        if jobs.RUNTIME.get("runner") is self.runner:
            del jobs.RUNTIME["runner"]
        self.lock.release()

    # -- deriving the jobs ---------------------------------------------------------

    def sync(self) -> dict[str, int]:
        """Brings the job store in line with what the events call for."""
        scheduler = self._scheduler
        if scheduler is None:
            return {}
        self.projector.catch_up()
        now = self.now()
        with self.engines.read.connect() as conn:
            planned = derive(conn, now, self.config)
        grace = timedelta(seconds=self.config.misfire_grace)
        wanted: dict[str, Planned] = {}
        for item in planned:
            if item.run_at < now - grace:
                if item.key not in self._missed_logged:
                    self._missed_logged.add(item.key)
                    log.info("scheduler.job_missed", key=item.key, was_due=item.run_at.isoformat())
                continue
            wanted[item.key] = item
        added = removed = 0
        # Paused while the store is brought in line: otherwise every added job
        # wakes the scheduler thread for two more queries. A job that is due
        # is left alone: APScheduler may be running it and removes it after;
        # the next sync sees what it did.
        scheduler.pause()
        try:
            existing = {job.id: job.next_run_time for job in scheduler.get_jobs()}
            busy = {key for key, at in existing.items() if at is None or at <= now + BUSY_MARGIN}
            for key, item in wanted.items():
                if key in busy or existing.get(key) == item.run_at:
                    continue
                if self._finished.get(key) == item.run_at:
                    continue
                scheduler.add_job(
                    jobs.run_job,
                    trigger=DateTrigger(run_date=item.run_at, timezone=UTC),
                    args=[key],
                    id=key,
                    name=key,
                    replace_existing=True,
                )
                added += 1
            for key in existing.keys() - wanted.keys() - busy:
                scheduler.remove_job(key)
                removed += 1
        finally:
            scheduler.resume()
        self._last_sync = time.monotonic()
        if added or removed:
            log.info("scheduler.synced", jobs=len(wanted), added=added, removed=removed)
        return {"jobs": len(wanted), "added": added, "removed": removed}

    def scheduled(self) -> list[tuple[str, datetime]]:
        if self._scheduler is None:
            return []
        return sorted((job.id, job.next_run_time) for job in self._scheduler.get_jobs())


class TolerantScheduler(BackgroundScheduler):  # type: ignore[misc]
    """APScheduler removes a one-off job right after running it; when a sync
    replaced or removed that job in the same instant, the removal raised
    JobLookupError in APScheduler's own thread and ended it. The job is gone
    either way, and the next sync re-adds whatever is still wanted."""

    def remove_job(self, job_id: str, jobstore: str | None = None) -> None:
        try:
            super().remove_job(job_id, jobstore)
        except JobLookupError:
            log.info("scheduler.job_already_removed", key=job_id)


def _alive(scheduler: BackgroundScheduler | None) -> bool:
    thread = getattr(scheduler, "_thread", None)
    return thread is None or bool(thread.is_alive())
