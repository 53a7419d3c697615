"""Decisions (beslut): the decision log."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from adapters.http import models as out
from adapters.http.command_routes import CommandRoute, add_command_routes, add_resource_route
from adapters.http.page_routes import PlanPage, add_page_routes
from domain import commands as c
from domain.decision import DecisionState

router = APIRouter(prefix="/api/v1/decisions", tags=["decisions"])


LOG = PlanPage(
    "GET ",
    "list_decisions",
    "plan.decisions_page",
    out.Decision,
    "The decision log, newest first",
    filters={"arena_id": UUID | None, "initiative_id": UUID | None, "state": DecisionState | None},
)
add_page_routes(router, LOG)


add_resource_route(router, "GET /{decision_id}", "plan.get_decision", "decision", "One decision")


# fmt: off
COMMANDS = [
    CommandRoute("POST ", c.RecordDecision, "Record a decision (optionally superseding one)",
                 created=True, renamed={"decided_by_body": "decided_by"}),
    CommandRoute("POST /{decision_id}/revoke", c.RevokeDecision, "Revoke a decision",
                 today=("revoked_on",)),
    CommandRoute("PUT /{decision_id}/review-date", c.SetReviewDate,
                 "Set or clear the review date"),
    CommandRoute("POST /{decision_id}/initiatives", c.LinkDecisionToInitiative,
                 "Link the decision to an initiative"),
]
# fmt: on
add_command_routes(router, COMMANDS, reads="plan.get_decision")
