"""Persons and arenas (delarenor) with their members."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from adapters.http import models as out
from adapters.http.command_routes import CommandRoute, add_command_routes, add_resource_route
from adapters.http.deps import ADMINS, Allow, Conn, Principal, Reader, Services
from adapters.http.page_routes import PlanPage, add_page_routes
from adapters.http.responses import found, with_etag
from domain import commands as c

router = APIRouter(prefix="/api/v1", tags=["persons and arenas"])
Admin = Annotated[Principal, Depends(Allow(ADMINS))]


# fmt: off
LISTS = [
    PlanPage("GET /persons", "list_persons", "plan.persons_seen_by", out.Person, "List persons",
             seen_by=True),
    PlanPage("GET /slack/links", "slack_links", "plan.slack_links", out.SlackLink,
             "Who is linked to which Slack user: when, how, by whom", who=Admin),
    PlanPage("GET /arenas", "list_arenas", "plan.arenas_page", out.Arena,
             "List arenas (delarenor)"),
]
# fmt: on
add_page_routes(router, *LISTS)


@router.get("/persons/{person_id}", summary="One person", response_model=out.Person)
def get_person(person_id: UUID, who: Reader, s: Services, conn: Conn) -> JSONResponse:
    person = s.plan.person_seen_by(str(person_id), who.authority, conn=conn)
    return with_etag(found(person, "person"))


add_resource_route(
    router, "GET /arenas/{arena_id}", "plan.get_arena", "arena",
    "One arena with members and initiatives",
)  # fmt: skip


# fmt: off
PERSONS = [
    CommandRoute("POST /persons", c.RegisterPerson, "Register a person", created=True),
    CommandRoute("PATCH /persons/{person_id}", c.RevisePerson, "Change a person's details"),
    CommandRoute("PUT /persons/{person_id}/slack", c.LinkSlackUser,
                 "Link a person to a Slack user"),
    CommandRoute("DELETE /persons/{person_id}/slack", c.UnlinkSlackUser,
                 "Unlink a person from their Slack user"),
]
ARENAS = [
    CommandRoute("POST /arenas", c.CreateArena, "Create an arena", created=True),
    CommandRoute("PATCH /arenas/{arena_id}", c.ReviseArena, "Rename or describe an arena"),
    CommandRoute("POST /arenas/{arena_id}/members", c.AddMember, "Add a member with a role"),
    CommandRoute("PATCH /arenas/{arena_id}/members/{person_id}", c.ChangeMemberRole,
                 "Change a member's role"),
    CommandRoute("DELETE /arenas/{arena_id}/members/{person_id}", c.RemoveMember,
                 "Remove a member"),
]
# fmt: on
add_command_routes(router, PERSONS, reads="plan.get_person")
add_command_routes(router, ARENAS, reads="plan.get_arena")
