"""Scheduler settings (SAMVERKA_SCHEDULER_* environment variables)."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _seconds(name: str, default: float) -> float:
    raw = os.environ.get(name)
    try:
        return float(raw) if raw else default
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds, not {raw!r}") from None


@dataclass(frozen=True)
class SchedulerConfig:
    # A job that missed its time by more than this is skipped (with a log line).
    misfire_grace: float = 6 * 3600
    # The reminder with the agenda goes out this long before a meeting.
    reminder_lead: float = 24 * 3600
    # Meetings are planned (their page and agenda exist) this long ahead.
    plan_ahead: float = 14 * 24 * 3600
    # A status round closes this long before its meeting.
    status_close_before: float = 2 * 3600
    # How often a waiting instance tries to become the leader.
    leader_poll: float = 2.0
    # How often the leader re-derives the schedule (it is also woken by new events).
    sync_interval: float = 60.0
    # How often the leader looks for queued notifications.
    dispatch_interval: float = 2.0
    max_attempts: int = 5

    @classmethod
    def from_env(cls) -> SchedulerConfig:
        p = "SAMVERKA_SCHEDULER_"
        return cls(
            misfire_grace=_seconds(f"{p}MISFIRE_GRACE", cls.misfire_grace),
            reminder_lead=_seconds(f"{p}REMINDER_LEAD", cls.reminder_lead),
            plan_ahead=_seconds(f"{p}PLAN_AHEAD", cls.plan_ahead),
            status_close_before=_seconds(f"{p}STATUS_CLOSE_BEFORE", cls.status_close_before),
            leader_poll=_seconds(f"{p}LEADER_POLL", cls.leader_poll),
            sync_interval=_seconds(f"{p}SYNC_INTERVAL", cls.sync_interval),
            dispatch_interval=_seconds(f"{p}DISPATCH_INTERVAL", cls.dispatch_interval),
        )
