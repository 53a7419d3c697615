"""For auditors and admins: the audit trail, the state as of a moment, tokens."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, HTTPException, Query
from fastapi.responses import JSONResponse

from adapters.http import models as out
from adapters.http.deps import Auditor, Cmd, Conn, Reader, Services, aware
from adapters.http.responses import cursor_body
from adapters.http.schemas import TokenIn
from domain import commands as c
from domain.access import hash_token, new_token
from domain.meta import Channel
from services.i18n import language_from_header
from services.queries.audit import AuditFilter

router = APIRouter(prefix="/api/v1", tags=["audit and access"])


def _iso(moment: datetime | None, name: str) -> str | None:
    given = aware(moment, name)
    return given.isoformat() if given else None


@router.get(
    "/audit",
    summary="The audit trail: who changed what, when, through which channel",
    response_model=out.CursorPage[out.AuditRow],
)
def audit(
    who: Auditor,
    s: Services,
    conn: Conn,
    aggregate_id: UUID | None = None,
    actor: Annotated[str | None, Query(max_length=100)] = None,
    channel: Channel | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    cursor: Annotated[int | None, Query(ge=0, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    accept_language: Annotated[str | None, Header(max_length=200)] = None,
) -> JSONResponse:
    """Each row's `summary` is a sentence in Swedish, or in English when the
    client asks for it (Accept-Language)."""
    since_s, until_s = _iso(since, "since"), _iso(until, "until")
    where = AuditFilter(
        aggregate_id=str(aggregate_id) if aggregate_id else None,
        actor_id=actor,
        channel=channel.value if channel else None,
        since=since_s,
        until=until_s,
        after=cursor,
    )
    lang = language_from_header(accept_language)
    items, next_cursor = s.trail.page(where, limit=limit, conn=conn, lang=lang)
    return cursor_body(items, next_cursor, limit)


@router.get(
    "/state",
    summary="The whole plan, now or as it was at a moment (as_of)",
    response_model=out.State,
)
def state(who: Auditor, s: Services, as_of: datetime | None = None) -> dict[str, Any]:
    return s.audit.state(aware(as_of))


@router.get(
    "/me", summary="Who the token belongs to, and their role in each arena", response_model=out.Me
)
def me(who: Reader, s: Services, conn: Conn) -> dict[str, Any]:
    person = s.plan.get_person(who.person_id, conn=conn)
    return {
        "person_id": who.person_id,
        "role": who.role.value,
        "name": person["name"] if person else None,
        "arenas": s.plan.arena_roles(who.person_id, conn=conn),
    }


@router.post(
    "/tokens",
    status_code=201,
    summary="Issue an API token (shown once)",
    response_model=out.IssuedToken,
)
def issue_token(body: TokenIn, cmd: Cmd) -> JSONResponse:
    settings = cmd.services.limits
    days = body.expires_in_days or settings.token_days
    if days > settings.token_max_days:
        raise HTTPException(
            422,
            f"expires_in_days: at most {settings.token_max_days} days (SAMVERKA_TOKEN_MAX_DAYS)",
        )
    token = new_token()
    expires_at = cmd.services.clock.now() + timedelta(days=days)
    command = c.IssueToken(
        person_id=body.person_id,
        role=body.role,
        token_hash=hash_token(token),
        label=body.label,
        expires_at=expires_at,
    )
    result = cmd.run(command)
    body_out = {
        "id": str(result.aggregate_id),
        "role": body.role.value,
        "token": token,
        "expires_at": expires_at.isoformat(),
    }
    return JSONResponse(body_out, status_code=201)


@router.delete("/tokens/{token_id}", summary="Revoke an API token", response_model=out.RevokedToken)
def revoke_token(token_id: UUID, cmd: Cmd) -> dict[str, Any]:
    result = cmd.run(c.RevokeToken(token_id=token_id))
    return {"id": str(result.aggregate_id), "revoked": True}
