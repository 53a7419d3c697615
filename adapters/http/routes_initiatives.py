"""Initiatives: details, status, health, perspectives, milestones, links, people."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query

from adapters.http import models as out
from adapters.http.command_routes import (
    CommandRoute,
    add_command_routes,
    add_resource_route,
)
from adapters.http.deps import CommandContext
from adapters.http.page_routes import PlanPage, add_page_routes
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


PLAN = PlanPage(
    "GET ", "list_initiatives", "plan.initiatives_page", out.Initiative, "List initiatives",
    filters={"arena_id": UUID | None, "status": Status | None, "health": Health | None,
             "code": Annotated[str | None, Query(max_length=32)]},
)  # fmt: skip
add_page_routes(router, PLAN)


add_resource_route(
    router, "GET /{initiative_id}", "plan.get_initiative", "initiative",
    "One initiative with milestones, people and decisions",
)  # fmt: skip


def _changes(body: InitiativePatch, cmd: CommandContext) -> dict[str, Any]:
    changes = body.model_dump(exclude_unset=True, exclude={"expected_version"})
    return {"changes": changes, "expected_version": body.expected_version}


def _due(body: MilestoneIn | RescheduleIn, cmd: CommandContext) -> dict[str, Any]:
    """The due date in the plan's words, read in the year given (or this one)."""
    fields = body.model_dump(exclude={"year"})
    fields["due"] = parse_due(body.due, default_year=body.year or today(cmd.services.clock).year)
    return fields


# fmt: off
MILESTONE = "/{initiative_id}/milestones/{milestone_id}"
COMMANDS = [
    CommandRoute("POST ", c.CreateInitiative, "Create an initiative in an arena", created=True),
    CommandRoute("PATCH /{initiative_id}", c.ReviseInitiative,
                 "Revise title, background, goal (målbild) or objectives",
                 body=InitiativePatch, convert=_changes),
    CommandRoute("POST /{initiative_id}/milestones", c.AddMilestone,
                 "Add a milestone (due may be approximate)", body=MilestoneIn, convert=_due),
    CommandRoute(f"PATCH {MILESTONE}", c.RescheduleMilestone, "Reschedule a milestone",
                 body=RescheduleIn, convert=_due),
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
