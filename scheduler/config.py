"""Scheduler settings (SAMVERKA_SCHEDULER_* environment variables).

The environment is read once, by `samverka.settings.Settings`, which nests
this model; each field's alias is the variable it is read from.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

P = "SAMVERKA_SCHEDULER_"


class SchedulerConfig(BaseModel):
    model_config = ConfigDict(frozen=True, validate_by_name=True, validate_by_alias=True)

    # Runs inside `serve` (off when the scheduler runs as a process of its own).
    in_process: bool = Field(default=True, validation_alias="SAMVERKA_RUN_SCHEDULER")
    # A job that missed its time by more than this is skipped (with a log line).
    misfire_grace: float = Field(default=6 * 3600, validation_alias=f"{P}MISFIRE_GRACE")
    # The reminder with the agenda goes out this long before a meeting.
    reminder_lead: float = Field(default=24 * 3600, validation_alias=f"{P}REMINDER_LEAD")
    # Meetings are planned (their page and agenda exist) this long ahead.
    plan_ahead: float = Field(default=14 * 24 * 3600, validation_alias=f"{P}PLAN_AHEAD")
    # A status round closes this long before its meeting.
    status_close_before: float = Field(default=2 * 3600, validation_alias=f"{P}STATUS_CLOSE_BEFORE")
    # How often a waiting instance tries to become the leader.
    leader_poll: float = Field(default=2.0, validation_alias=f"{P}LEADER_POLL")
    # How often the leader re-derives the schedule (it is also woken by new events).
    sync_interval: float = Field(default=60.0, validation_alias=f"{P}SYNC_INTERVAL")
    # How often the leader looks for queued notifications.
    dispatch_interval: float = Field(default=2.0, validation_alias=f"{P}DISPATCH_INTERVAL")
    max_attempts: int = 5
