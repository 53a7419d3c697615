"""Persons and arenas (delarenor) with their members."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from adapters.http import models as out
from adapters.http.command_routes import CommandRoute, add_command_routes, add_resource_route
from adapters.http.deps import ADMINS, Allow, Conn, Principal, Reader, Services
from adapters.http.responses import found, page_body, with_etag
from domain import commands as c

router = APIRouter(prefix="/api/v1", tags=["persons and arenas"])
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Admin = Annotated[Principal, Depends(Allow(ADMINS))]


@router.get("/persons", summary="List persons", response_model=out.Page[out.Person])
def list_persons(
    who: Reader, s: Services, conn: Conn, limit: Limit = 50, offset: Offset = 0
) -> JSONResponse:
    return page_body(s.plan.persons_seen_by(who.authority, limit=limit, offset=offset, conn=conn))


@router.get("/persons/{person_id}", summary="One person", response_model=out.Person)
def get_person(person_id: UUID, who: Reader, s: Services, conn: Conn) -> JSONResponse:
    person = s.plan.person_seen_by(str(person_id), who.authority, conn=conn)
    return with_etag(found(person, "person"))


@router.get(
    "/slack/links",
    summary="Who is linked to which Slack user: when, how, by whom",
    response_model=out.Page[out.SlackLink],
)
def slack_links(
    who: Admin, s: Services, conn: Conn, limit: Limit = 50, offset: Offset = 0
) -> JSONResponse:
    return page_body(s.plan.slack_links(limit=limit, offset=offset, conn=conn))


@router.get("/arenas", summary="List arenas (delarenor)", response_model=out.Page[out.Arena])
def list_arenas(
    who: Reader, s: Services, conn: Conn, limit: Limit = 50, offset: Offset = 0
) -> JSONResponse:
    return page_body(s.plan.arenas_page(limit=limit, offset=offset, conn=conn))


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
