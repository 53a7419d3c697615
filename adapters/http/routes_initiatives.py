"""Initiatives: details, status, health, perspectives, milestones, links, people."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import JSONResponse

from adapters.http.deps import Cmd, Conn, Reader, expected_version
from adapters.http.responses import found, page_body, with_etag
from adapters.http.schemas import (
    CompleteIn,
    HealthIn,
    InitiativeIn,
    InitiativePatch,
    LinkIn,
    MilestoneIn,
    ParticipantIn,
    PerspectivesIn,
    RescheduleIn,
    StatusIn,
)
from domain import commands as c
from domain.due import parse_due
from domain.values import Health, Status
from projections import queries as q
from services.ports import today

router = APIRouter(prefix="/api/v1/initiatives", tags=["initiatives"])
IfMatch = Annotated[str | None, Header(max_length=40)]
PartId = Annotated[str, Path(min_length=1, max_length=32)]


@router.get("", summary="List initiatives")
def list_initiatives(
    who: Reader,
    conn: Conn,
    arena_id: UUID | None = None,
    status: Status | None = None,
    health: Health | None = None,
    code: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    page = q.list_initiatives(
        conn,
        limit=limit,
        offset=offset,
        arena_id=str(arena_id) if arena_id else None,
        status=status.value if status else None,
        health=health.value if health else None,
        code=code,
    )
    return page_body(page)


@router.post("", status_code=201, summary="Create an initiative in an arena")
def create_initiative(body: InitiativeIn, cmd: Cmd) -> JSONResponse:
    command = c.CreateInitiative(
        arena_id=body.arena_id,
        code=body.code,
        title=body.title,
        background=body.background,
        goal=body.goal,
        objectives=list(body.objectives),
        perspectives=list(body.perspectives),
        status=body.status,
    )
    return cmd.respond(command, q.get_initiative, created_at="/api/v1/initiatives")


@router.get("/{initiative_id}", summary="One initiative with milestones, people and decisions")
def get_initiative(initiative_id: UUID, who: Reader, conn: Conn) -> JSONResponse:
    return with_etag(found(q.get_initiative(conn, str(initiative_id)), "initiative"))


@router.patch("/{initiative_id}", summary="Revise title, background, goal (målbild) or objectives")
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
    return cmd.respond(command, q.get_initiative)


@router.post("/{initiative_id}/status", summary="Change status (proposed, active, ...)")
def change_status(
    initiative_id: UUID,
    body: StatusIn,
    cmd: Cmd,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = c.ChangeInitiativeStatus(
        initiative_id=initiative_id,
        status=body.status,
        reason=body.reason,
        expected_version=expected_version(if_match, body.expected_version),
    )
    return cmd.respond(command, q.get_initiative)


@router.post("/{initiative_id}/health", summary="Report health: on-track, at-risk, blocked")
def report_health(
    initiative_id: UUID,
    body: HealthIn,
    cmd: Cmd,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = c.ReportHealth(
        initiative_id=initiative_id,
        health=body.health,
        comment=body.comment,
        expected_version=expected_version(if_match, body.expected_version),
    )
    return cmd.respond(command, q.get_initiative)


@router.put("/{initiative_id}/perspectives", summary="Set the perspectives addressed")
def tag_perspectives(
    initiative_id: UUID,
    body: PerspectivesIn,
    cmd: Cmd,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = c.TagPerspectives(
        initiative_id=initiative_id,
        perspectives=list(body.perspectives),
        expected_version=expected_version(if_match, body.expected_version),
    )
    return cmd.respond(command, q.get_initiative)


@router.post("/{initiative_id}/milestones", summary="Add a milestone (due may be approximate)")
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
    return cmd.respond(command, q.get_initiative)


@router.patch("/{initiative_id}/milestones/{milestone_id}", summary="Reschedule a milestone")
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
    return cmd.respond(command, q.get_initiative)


@router.post("/{initiative_id}/milestones/{milestone_id}/complete", summary="Mark a milestone done")
def complete_milestone(
    initiative_id: UUID,
    milestone_id: PartId,
    body: CompleteIn,
    cmd: Cmd,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = c.CompleteMilestone(
        initiative_id=initiative_id,
        milestone_id=milestone_id,
        completed_on=body.completed_on or today(cmd.services.clock),
        expected_version=expected_version(if_match, body.expected_version),
    )
    return cmd.respond(command, q.get_initiative)


@router.delete("/{initiative_id}/milestones/{milestone_id}", summary="Remove a milestone")
def remove_milestone(
    initiative_id: UUID,
    milestone_id: PartId,
    cmd: Cmd,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = c.RemoveMilestone(
        initiative_id=initiative_id,
        milestone_id=milestone_id,
        expected_version=expected_version(if_match, None),
    )
    return cmd.respond(command, q.get_initiative)


@router.post("/{initiative_id}/links", summary="Link related work")
def add_link(initiative_id: UUID, body: LinkIn, cmd: Cmd) -> JSONResponse:
    command = c.AddLink(initiative_id=initiative_id, title=body.title, url=body.url)
    return cmd.respond(command, q.get_initiative)


@router.delete("/{initiative_id}/links/{link_id}", summary="Remove a link")
def remove_link(initiative_id: UUID, link_id: PartId, cmd: Cmd) -> JSONResponse:
    command = c.RemoveLink(initiative_id=initiative_id, link_id=link_id)
    return cmd.respond(command, q.get_initiative)


@router.post("/{initiative_id}/participants", summary="Add a participant with a role")
def add_participant(initiative_id: UUID, body: ParticipantIn, cmd: Cmd) -> JSONResponse:
    command = c.AddParticipant(
        initiative_id=initiative_id, person_id=body.person_id, role=body.role
    )
    return cmd.respond(command, q.get_initiative)


@router.delete("/{initiative_id}/participants/{person_id}", summary="Remove a participant")
def remove_participant(initiative_id: UUID, person_id: UUID, cmd: Cmd) -> JSONResponse:
    command = c.RemoveParticipant(initiative_id=initiative_id, person_id=person_id)
    return cmd.respond(command, q.get_initiative)
