"""Persons and arenas (delarenor) with their members."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from adapters.http.command_routes import CommandRoute, add_command_routes
from adapters.http.deps import ADMINS, Allow, Conn, Principal, Reader
from adapters.http.responses import found, page_body, with_etag
from domain import commands as c
from domain.authority import may_read_contact
from projections import queries as q
from projections.store import Row

router = APIRouter(prefix="/api/v1", tags=["persons and arenas"])
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Admin = Annotated[Principal, Depends(Allow(ADMINS))]


def as_seen_by(person: Row, who: Principal) -> Row:
    """Names and organisations for everyone; e-mail and Slack id only for the
    person, auditors and admins (domain.authority)."""
    if may_read_contact(who.authority, person["id"]):
        return person
    return {k: v for k, v in person.items() if k not in ("email", "slack_user_id")}


@router.get("/persons", summary="List persons")
def list_persons(who: Reader, conn: Conn, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    body = page_body(q.list_persons(conn, limit=limit, offset=offset))
    body["items"] = [as_seen_by(p, who) for p in body["items"]]
    return body


@router.get("/persons/{person_id}", summary="One person")
def get_person(person_id: UUID, who: Reader, conn: Conn) -> JSONResponse:
    return with_etag(as_seen_by(found(q.get_person(conn, str(person_id)), "person"), who))


@router.get("/slack/links", summary="Who is linked to which Slack user: when, how, by whom")
def slack_links(who: Admin, conn: Conn, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return page_body(q.slack_links(conn, limit=limit, offset=offset))


@router.get("/arenas", summary="List arenas (delarenor)")
def list_arenas(who: Reader, conn: Conn, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return page_body(q.list_arenas(conn, limit=limit, offset=offset))


@router.get("/arenas/{arena_id}", summary="One arena with members and initiatives")
def get_arena(arena_id: UUID, who: Reader, conn: Conn) -> JSONResponse:
    return with_etag(found(q.get_arena(conn, str(arena_id)), "arena"))


# fmt: off
COMMANDS = [
    CommandRoute(
        "POST", "/persons", c.RegisterPerson, q.get_person, "Register a person",
        created_at="/api/v1/persons",
    ),
    CommandRoute(
        "PATCH", "/persons/{person_id}", c.RevisePerson, q.get_person,
        "Change a person's details", params={"person_id": UUID},
    ),
    CommandRoute(
        "PUT", "/persons/{person_id}/slack", c.LinkSlackUser, q.get_person,
        "Link a person to a Slack user", params={"person_id": UUID},
    ),
    CommandRoute(
        "DELETE", "/persons/{person_id}/slack", c.UnlinkSlackUser, q.get_person,
        "Unlink a person from their Slack user", params={"person_id": UUID},
    ),
    CommandRoute(
        "POST", "/arenas", c.CreateArena, q.get_arena, "Create an arena",
        created_at="/api/v1/arenas",
    ),
    CommandRoute(
        "PATCH", "/arenas/{arena_id}", c.ReviseArena, q.get_arena,
        "Rename or describe an arena", params={"arena_id": UUID},
    ),
    CommandRoute(
        "POST", "/arenas/{arena_id}/members", c.AddMember, q.get_arena,
        "Add a member with a role", params={"arena_id": UUID},
    ),
    CommandRoute(
        "PATCH", "/arenas/{arena_id}/members/{person_id}", c.ChangeMemberRole, q.get_arena,
        "Change a member's role", params={"arena_id": UUID, "person_id": UUID},
    ),
    CommandRoute(
        "DELETE", "/arenas/{arena_id}/members/{person_id}", c.RemoveMember, q.get_arena,
        "Remove a member", params={"arena_id": UUID, "person_id": UUID},
    ),
]
# fmt: on
add_command_routes(router, COMMANDS)
