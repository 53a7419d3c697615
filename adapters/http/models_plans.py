"""Response bodies of plans, organisations and the yearly follow-up (see
models.py). Importing this module adds the plan reads to `READS`, the table
the command routes answer from."""

from __future__ import annotations

from typing import Any

from adapters.http.models import READS, STAMPS, Out, Rows, Versioned
from adapters.http.models_derived import from_table
from services.queries import rows


@from_table(rows.organisations, omit=STAMPS)
class Organisation(Versioned):
    members: Rows | None = None


@from_table(rows.plans, omit=STAMPS)
class Plan(Versioned):
    targets: Rows | None = None
    directions: Rows | None = None
    areas: Rows | None = None
    perspective_goals: Rows | None = None
    organisations: Rows | None = None
    survey_years: list[int] | None = None


@from_table(rows.plan_narratives, after={"actor_name": "actor_id"})
class Narrative(Out):
    actor_name: str | None = None


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
