"""Decisions (beslut): the decision log."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from adapters.http import models as out
from adapters.http.command_routes import CommandRoute, add_command_routes, add_resource_route
from adapters.http.deps import Conn, Reader, Services
from adapters.http.responses import page_body
from domain import commands as c
from domain.decision import DecisionState

router = APIRouter(prefix="/api/v1/decisions", tags=["decisions"])


@router.get("", summary="The decision log, newest first", response_model=out.Page[out.Decision])
def list_decisions(
    who: Reader,
    s: Services,
    conn: Conn,
    arena_id: UUID | None = None,
    initiative_id: UUID | None = None,
    state: DecisionState | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> JSONResponse:
    page = s.plan.decisions_page(
        conn=conn,
        limit=limit,
        offset=offset,
        arena_id=str(arena_id) if arena_id else None,
        initiative_id=str(initiative_id) if initiative_id else None,
        state=state.value if state else None,
    )
    return page_body(page)


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
