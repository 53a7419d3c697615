"""Persons and arenas (delarenor) with their members."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import JSONResponse

from adapters.http.deps import ADMINS, Allow, Cmd, Conn, Principal, Reader, expected_version
from adapters.http.responses import found, page_body, with_etag
from adapters.http.schemas import (
    ArenaIn,
    ArenaPatch,
    MemberIn,
    PersonIn,
    PersonPatch,
    RoleIn,
    SlackLinkIn,
)
from domain import commands as c
from domain.authority import may_read_contact
from projections import queries as q
from projections.store import Row

router = APIRouter(prefix="/api/v1", tags=["persons and arenas"])
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
IfMatch = Annotated[str | None, Header(max_length=40)]
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


@router.post("/persons", status_code=201, summary="Register a person")
def register_person(body: PersonIn, cmd: Cmd) -> JSONResponse:
    command = c.RegisterPerson(
        name=body.name,
        email=body.email,
        organisation=body.organisation,
        slack_user_id=body.slack_user_id,
    )
    return cmd.respond(command, q.get_person, created_at="/api/v1/persons")


@router.get("/persons/{person_id}", summary="One person")
def get_person(person_id: UUID, who: Reader, conn: Conn) -> JSONResponse:
    return with_etag(as_seen_by(found(q.get_person(conn, str(person_id)), "person"), who))


@router.patch("/persons/{person_id}", summary="Change a person's details")
def revise_person(
    person_id: UUID,
    body: PersonPatch,
    cmd: Cmd,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = c.RevisePerson(
        person_id=person_id,
        name=body.name,
        email=body.email,
        organisation=body.organisation,
        expected_version=expected_version(if_match, body.expected_version),
    )
    return cmd.respond(command, q.get_person)


@router.put("/persons/{person_id}/slack", summary="Link a person to a Slack user")
def link_slack(person_id: UUID, body: SlackLinkIn, cmd: Cmd) -> JSONResponse:
    command = c.LinkSlackUser(person_id=person_id, slack_user_id=body.slack_user_id)
    return cmd.respond(command, q.get_person)


@router.delete("/persons/{person_id}/slack", summary="Unlink a person from their Slack user")
def unlink_slack(person_id: UUID, cmd: Cmd) -> JSONResponse:
    return cmd.respond(c.UnlinkSlackUser(person_id=person_id), q.get_person)


@router.get("/slack/links", summary="Who is linked to which Slack user: when, how, by whom")
def slack_links(who: Admin, conn: Conn, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return page_body(q.slack_links(conn, limit=limit, offset=offset))


@router.get("/arenas", summary="List arenas (delarenor)")
def list_arenas(who: Reader, conn: Conn, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return page_body(q.list_arenas(conn, limit=limit, offset=offset))


@router.post("/arenas", status_code=201, summary="Create an arena")
def create_arena(body: ArenaIn, cmd: Cmd) -> JSONResponse:
    command = c.CreateArena(
        code=body.code, name=body.name, kind=body.kind, description=body.description
    )
    return cmd.respond(command, q.get_arena, created_at="/api/v1/arenas")


@router.get("/arenas/{arena_id}", summary="One arena with members and initiatives")
def get_arena(arena_id: UUID, who: Reader, conn: Conn) -> JSONResponse:
    return with_etag(found(q.get_arena(conn, str(arena_id)), "arena"))


@router.patch("/arenas/{arena_id}", summary="Rename or describe an arena")
def revise_arena(
    arena_id: UUID,
    body: ArenaPatch,
    cmd: Cmd,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = c.ReviseArena(
        arena_id=arena_id,
        name=body.name,
        description=body.description,
        expected_version=expected_version(if_match, body.expected_version),
    )
    return cmd.respond(command, q.get_arena)


@router.post("/arenas/{arena_id}/members", summary="Add a member with a role")
def add_member(arena_id: UUID, body: MemberIn, cmd: Cmd) -> JSONResponse:
    command = c.AddMember(arena_id=arena_id, person_id=body.person_id, role=body.role)
    return cmd.respond(command, q.get_arena)


@router.patch("/arenas/{arena_id}/members/{person_id}", summary="Change a member's role")
def change_role(
    arena_id: UUID,
    person_id: UUID,
    body: RoleIn,
    cmd: Cmd,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = c.ChangeMemberRole(
        arena_id=arena_id,
        person_id=person_id,
        role=body.role,
        expected_version=expected_version(if_match, body.expected_version),
    )
    return cmd.respond(command, q.get_arena)


@router.delete("/arenas/{arena_id}/members/{person_id}", summary="Remove a member")
def remove_member(
    arena_id: UUID,
    person_id: UUID,
    cmd: Cmd,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = c.RemoveMember(
        arena_id=arena_id, person_id=person_id, expected_version=expected_version(if_match, None)
    )
    return cmd.respond(command, q.get_arena)
