"""Response bodies of plans, organisations and the yearly follow-up (see
models.py). Importing this module adds the plan reads to `READS`, the table
the command routes answer from."""

from __future__ import annotations

from typing import Any

from adapters.http.models import READS, Out, Rows, Versioned


class Organisation(Versioned):
    code: str
    name: str
    kind: str
    county: str
    area_code: str | None = None
    parent_id: str | None = None
    arena_id: str | None = None
    members: Rows | None = None


class Plan(Versioned):
    code: str
    title: str
    scope: str
    county: str
    goal: str
    purpose: str
    first_year: int
    last_year: int
    arena_id: str | None = None
    survey_id: str | None = None
    targets: Rows | None = None
    directions: Rows | None = None
    areas: Rows | None = None
    perspective_goals: Rows | None = None
    organisations: Rows | None = None
    survey_years: list[int] | None = None


class Narrative(Out):
    position: int
    plan_id: str
    area_id: str
    year: int
    revision: int
    done: str
    effect: str
    next: str
    actor_id: str
    actor_name: str | None = None
    channel: str
    recorded_at: str


class Response(Out):
    invited: int
    answered: int
    response_rate: float
    missing: Rows


class Compilation(Out):
    """One year's survey compiled per insatsområde, per organisation and per
    perspective, with the year before beside it."""

    plan: dict[str, Any]
    year: int
    previous_year: int
    round: dict[str, Any] | None = None
    response: Response
    previous_response: Response | None = None
    areas: Rows
    organisations: Rows
    perspectives: Rows
    as_of: str | None = None
    log_position: int | None = None


READS.update({"plans.get_plan": Plan, "plans.get_organisation": Organisation})
