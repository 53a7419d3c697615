"""Decisions (beslut): the decision log."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse

from adapters.http.deps import Cmd, Conn, Reader, expected_version
from adapters.http.responses import found, page_body, with_etag
from adapters.http.schemas import DecisionIn, DecisionLinkIn, ReviewDateIn, RevokeIn
from domain import commands as c
from domain.decision import DecisionState
from projections import queries as q
from services.ports import today

router = APIRouter(prefix="/api/v1/decisions", tags=["decisions"])
IfMatch = Annotated[str | None, Header(max_length=40)]


@router.get("", summary="The decision log, newest first")
def list_decisions(
    who: Reader,
    conn: Conn,
    arena_id: UUID | None = None,
    initiative_id: UUID | None = None,
    state: DecisionState | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    page = q.list_decisions(
        conn,
        limit=limit,
        offset=offset,
        arena_id=str(arena_id) if arena_id else None,
        initiative_id=str(initiative_id) if initiative_id else None,
        state=state.value if state else None,
    )
    return page_body(page)


@router.post("", status_code=201, summary="Record a decision (optionally superseding one)")
def record_decision(body: DecisionIn, cmd: Cmd) -> JSONResponse:
    command = c.RecordDecision(
        text=body.text,
        decision_date=body.decision_date,
        rationale=body.rationale,
        decided_by_body=body.decided_by,
        meeting_id=body.meeting_id,
        review_date=body.review_date,
        arena_id=body.arena_id,
        initiative_ids=list(body.initiative_ids),
        supersedes=body.supersedes,
    )
    return cmd.respond(command, q.get_decision, created_at="/api/v1/decisions")


@router.get("/{decision_id}", summary="One decision")
def get_decision(decision_id: UUID, who: Reader, conn: Conn) -> JSONResponse:
    return with_etag(found(q.get_decision(conn, str(decision_id)), "decision"))


@router.post("/{decision_id}/revoke", summary="Revoke a decision")
def revoke_decision(
    decision_id: UUID,
    body: RevokeIn,
    cmd: Cmd,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = c.RevokeDecision(
        decision_id=decision_id,
        reason=body.reason,
        revoked_on=body.revoked_on or today(cmd.services.clock),
        expected_version=expected_version(if_match, body.expected_version),
    )
    return cmd.respond(command, q.get_decision)


@router.put("/{decision_id}/review-date", summary="Set or clear the review date")
def set_review_date(
    decision_id: UUID,
    body: ReviewDateIn,
    cmd: Cmd,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = c.SetReviewDate(
        decision_id=decision_id,
        review_date=body.review_date,
        expected_version=expected_version(if_match, body.expected_version),
    )
    return cmd.respond(command, q.get_decision)


@router.post("/{decision_id}/initiatives", summary="Link the decision to an initiative")
def link_initiative(decision_id: UUID, body: DecisionLinkIn, cmd: Cmd) -> JSONResponse:
    command = c.LinkDecisionToInitiative(decision_id=decision_id, initiative_id=body.initiative_id)
    return cmd.respond(command, q.get_decision)
