"""Initiatives: details, status, health, perspectives, milestones, links, people."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from adapters.http import models as out
from adapters.http.command_routes import (
    CommandRoute,
    IfMatch,
    PartId,
    add_command_routes,
    add_resource_route,
)
from adapters.http.deps import Cmd, Conn, Reader, Services, expected_version
from adapters.http.responses import page_body
from adapters.http.schemas import (
    InitiativePatch,
    MilestoneIn,
    RescheduleIn,
)
from domain import commands as c
from domain.due import parse_due
from domain.values import Health, Status
from services.ports import today

router = APIRouter(prefix="/api/v1/initiatives", tags=["initiatives"])


@router.get("", summary="List initiatives", response_model=out.Page[out.Initiative])
def list_initiatives(
    who: Reader,
    s: Services,
    conn: Conn,
    arena_id: UUID | None = None,
    status: Status | None = None,
    health: Health | None = None,
    code: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> JSONResponse:
    page = s.plan.initiatives_page(
        conn=conn,
        limit=limit,
        offset=offset,
        arena_id=str(arena_id) if arena_id else None,
        status=status.value if status else None,
        health=health.value if health else None,
        code=code,
    )
    return page_body(page)


add_resource_route(
    router, "GET /{initiative_id}", "plan.get_initiative", "initiative",
    "One initiative with milestones, people and decisions",
)  # fmt: skip


@router.patch(
    "/{initiative_id}",
    summary="Revise title, background, goal (målbild) or objectives",
    response_model=out.Initiative,
)
def revise_initiative(
    initiative_id: UUID,
    body: InitiativePatch,
    cmd: Cmd,
    if_match: IfMatch = None,
) -> JSONResponse:
    changes = body.model_dump(exclude_unset=True, exclude={"expected_version"})
    command = c.ReviseInitiative(
        initiative_id=initiative_id,
        changes=changes,
        expected_version=expected_version(if_match, body.expected_version),
    )
    return cmd.respond(command, cmd.services.plan.get_initiative)


@router.post(
    "/{initiative_id}/milestones",
    summary="Add a milestone (due may be approximate)",
    response_model=out.Initiative,
)
def add_milestone(
    initiative_id: UUID,
    body: MilestoneIn,
    cmd: Cmd,
    if_match: IfMatch = None,
) -> JSONResponse:
    due = parse_due(body.due, default_year=body.year or today(cmd.services.clock).year)
    command = c.AddMilestone(
        initiative_id=initiative_id,
        title=body.title,
        due=due,
        expected_version=expected_version(if_match, body.expected_version),
    )
    return cmd.respond(command, cmd.services.plan.get_initiative)


@router.patch(
    "/{initiative_id}/milestones/{milestone_id}",
    summary="Reschedule a milestone",
    response_model=out.Initiative,
)
def reschedule_milestone(
    initiative_id: UUID,
    milestone_id: PartId,
    body: RescheduleIn,
    cmd: Cmd,
    if_match: IfMatch = None,
) -> JSONResponse:
    due = parse_due(body.due, default_year=body.year or today(cmd.services.clock).year)
    command = c.RescheduleMilestone(
        initiative_id=initiative_id,
        milestone_id=milestone_id,
        due=due,
        expected_version=expected_version(if_match, body.expected_version),
    )
    return cmd.respond(command, cmd.services.plan.get_initiative)


# fmt: off
MILESTONE = "/{initiative_id}/milestones/{milestone_id}"
COMMANDS = [
    CommandRoute("POST ", c.CreateInitiative, "Create an initiative in an arena", created=True),
    CommandRoute("POST /{initiative_id}/status", c.ChangeInitiativeStatus,
                 "Change status (proposed, active, ...)"),
    CommandRoute("POST /{initiative_id}/health", c.ReportHealth,
                 "Report health: on-track, at-risk, blocked"),
    CommandRoute("PUT /{initiative_id}/perspectives", c.TagPerspectives,
                 "Set the perspectives addressed"),
    CommandRoute(f"POST {MILESTONE}/complete", c.CompleteMilestone, "Mark a milestone done",
                 today=("completed_on",)),
    CommandRoute(f"DELETE {MILESTONE}", c.RemoveMilestone, "Remove a milestone"),
    CommandRoute("POST /{initiative_id}/links", c.AddLink, "Link related work"),
    CommandRoute("DELETE /{initiative_id}/links/{link_id}", c.RemoveLink, "Remove a link"),
    CommandRoute("POST /{initiative_id}/participants", c.AddParticipant,
                 "Add a participant with a role"),
    CommandRoute("DELETE /{initiative_id}/participants/{person_id}", c.RemoveParticipant,
                 "Remove a participant"),
]
# fmt: on
add_command_routes(router, COMMANDS, reads="plan.get_initiative")
