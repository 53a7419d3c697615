"""Request-scoped helpers: the container, the caller, the envelope, commands."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request
from sqlalchemy import Connection

from domain.access import ApiRole, hash_token
from domain.app import CommandResult
from domain.commands import Command
from domain.meta import Channel, Meta, make_meta
from projections import queries
from samverka.bootstrap import Container

READ_ROLES = frozenset(ApiRole)
PLANNERS = frozenset({ApiRole.MODERATOR, ApiRole.ADMIN})
REPORTERS = frozenset({ApiRole.MEMBER, ApiRole.MODERATOR, ApiRole.ADMIN})
AUDITORS = frozenset({ApiRole.AUDITOR, ApiRole.ADMIN})
ADMINS = frozenset({ApiRole.ADMIN})
_ETAG = re.compile(r'^(?:W/)?"?(\d{1,9})"?$')


def container(request: Request) -> Container:
    found: Container = request.app.state.container
    return found


def read_conn(k: Annotated[Container, Depends(container)]) -> Iterator[Connection]:
    with k.engines.read.connect() as conn:
        yield conn


@dataclass(frozen=True)
class Principal:
    person_id: str
    role: ApiRole
    token_id: str


def principal(
    request: Request,
    k: Annotated[Container, Depends(container)],
) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(
            401,
            "send an API token: Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    with k.engines.read.connect() as conn:
        row = queries.token_by_hash(conn, hash_token(token.strip()))
    if row is None or row["revoked"]:
        raise HTTPException(
            401, "the API token is unknown or revoked", headers={"WWW-Authenticate": "Bearer"}
        )
    return Principal(person_id=row["person_id"], role=ApiRole(row["role"]), token_id=row["id"])


class Allow:
    """Dependency that lets only the given roles through (403 otherwise)."""

    def __init__(self, roles: frozenset[ApiRole]) -> None:
        self.roles = roles

    def __call__(self, who: Annotated[Principal, Depends(principal)]) -> Principal:
        if who.role not in self.roles:
            allowed = ", ".join(sorted(r.value for r in self.roles))
            raise HTTPException(
                403, f"your role {who.role.value} may not do this (needs {allowed})"
            )
        return who


Reader = Annotated[Principal, Depends(Allow(READ_ROLES))]
Planner = Annotated[Principal, Depends(Allow(PLANNERS))]
Reporter = Annotated[Principal, Depends(Allow(REPORTERS))]
Auditor = Annotated[Principal, Depends(Allow(AUDITORS))]
Admin = Annotated[Principal, Depends(Allow(ADMINS))]
Conn = Annotated[Connection, Depends(read_conn)]
Kontainer = Annotated[Container, Depends(container)]


def envelope(
    request: Request,
    idempotency_key: Annotated[str | None, Header(max_length=150)] = None,
    x_correlation_id: Annotated[str | None, Header(max_length=64)] = None,
    x_business_date: Annotated[str | None, Header(max_length=10)] = None,
) -> Meta:
    """The event envelope of a request, before the actor is known."""
    return make_meta(
        actor="anonymous",
        channel=Channel.API,
        source_id=f"api:{idempotency_key}" if idempotency_key else None,
        correlation_id=x_correlation_id or request.headers.get("x-request-id"),
        business_date=x_business_date,
    )


Envelope = Annotated[Meta, Depends(envelope)]


def as_actor(meta: Meta, who: Principal) -> Meta:
    """The envelope with the caller as actor; idempotency keys are per caller."""
    source_id = meta["source_id"]
    if source_id is not None and source_id.startswith("api:"):
        source_id = f"api:{who.person_id}:{source_id[4:]}"
    return Meta(**{**meta, "actor": who.person_id, "source_id": source_id})


def expected_version(if_match: str | None, body_version: int | None) -> int | None:
    """If-Match: "3" (an ETag we sent) or expected_version in the body."""
    if body_version is not None:
        return body_version
    if if_match is None:
        return None
    found = _ETAG.match(if_match.strip())
    if not found:
        raise HTTPException(400, 'If-Match must be a version ETag such as "3"')
    return int(found.group(1))


def run(k: Container, command: Command, meta: Meta, who: Principal) -> CommandResult:
    """Executes the command and waits until the views show it (read-your-writes)."""
    result = k.app.execute(command, as_actor(meta, who))
    position = result.position
    if result.replayed:
        position = k.app.recorder.max_notification_id()
    k.projector.wait_for(position, timeout=k.settings.read_your_writes_timeout)
    return result
