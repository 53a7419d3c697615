"""Request-scoped helpers: the door's services, the caller, the context, commands."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, overload

import structlog
from cachetools import TTLCache
from fastapi import Depends, Header, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import Connection

from adapters.http.responses import Fetch, after_command
from adapters.http.services import ApiServices
from domain.access import ApiRole, hash_token
from domain.authority import Authority
from domain.commands import Command
from domain.errors import ValidationFailed
from domain.meta import CORRELATION_ID_MAX, Channel, Meta, make_meta
from services.application import CommandResult
from services.commands import Context

# Who may *read* what is decided here, per route; who may *change* what is
# decided by the domain for the arena concerned (domain.authority), so every
# command route takes any valid token and the domain answers 403 itself.
log = structlog.get_logger(__name__)
READ_ROLES = frozenset(ApiRole)
AUDITORS = frozenset({ApiRole.AUDITOR, ApiRole.ADMIN})
ADMINS = frozenset({ApiRole.ADMIN})
# The fund ledger: fund coordinators keep it; auditors read everything.
FUND_READERS = frozenset({ApiRole.FUND_COORDINATOR, ApiRole.AUDITOR, ApiRole.ADMIN})
_ETAG = re.compile(r'^(?:W/)?"?(\d{1,9})"?$')


@overload
def aware(moment: datetime, name: str = "as_of") -> datetime: ...
@overload
def aware(moment: None, name: str = "as_of") -> None: ...
def aware(moment: datetime | None, name: str = "as_of") -> datetime | None:
    """A moment the client gave (`name`, a query parameter), refused with 422
    when it has no UTC offset: the server would have to guess its zone."""
    if moment is not None and moment.tzinfo is None:
        raise HTTPException(422, f"{name} needs a time zone, e.g. 2026-01-31T12:00:00+01:00")
    return moment


# Dependencies that do no I/O are `async def`: FastAPI runs a plain `def`
# dependency on a worker thread, and the hand-offs cost a command request
# more than the dependencies themselves.


async def api_services(request: Request) -> ApiServices:
    found: ApiServices = request.app.state.services
    return found


def read_conn(
    s: Annotated[ApiServices, Depends(api_services)],
    x_samverka_min_position: Annotated[int | None, Header(ge=0, le=2**62)] = None,
) -> Iterator[Connection]:
    """A read connection; first waits for the position the client saw last."""
    if x_samverka_min_position is not None:
        if x_samverka_min_position > s.views.head():
            raise HTTPException(
                422, "X-Samverka-Min-Position is beyond the event log; send a position we gave you"
            )
        s.views.wait_for(x_samverka_min_position)
    with s.views.connect() as conn:
        yield conn


@dataclass(frozen=True)
class Principal:
    person_id: str
    role: ApiRole
    token_id: str

    @property
    def authority(self) -> Authority:
        return Authority(actor=self.person_id, roles=self.role.global_roles)


class TokenCache(TTLCache[str, Principal]):
    """Valid tokens seen in the last few seconds, so not every request reads
    the token table. A token that is revoked, expires or whose person is
    forgotten or leaves every arena stops working within `ttl` seconds
    (SAMVERKA_TOKEN_CACHE_SECONDS; 0 reads the table every time). Used on
    the event loop only, so it needs no lock."""

    def __init__(self, ttl: float = 2.0, size: int = 1000) -> None:
        super().__init__(maxsize=size, ttl=ttl)


async def principal(
    request: Request,
    s: Annotated[ApiServices, Depends(api_services)],
) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(
            401,
            "send an API token: Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    token_hash = hash_token(token.strip())
    cache: TokenCache = request.app.state.tokens
    try:
        # One lookup: TTLCache.get asks `in` first, then looks the key up again.
        known = cache[token_hash]
    except KeyError:
        pass
    else:
        await _note_use(s, known)
        return known
    # Only a token not seen in the last seconds costs a query, off the event loop.
    row = await run_in_threadpool(s.plan.token, token_hash)
    refusal = (
        "unknown"
        if row is None
        else s.plan.token_refused(row, now=s.clock.now(), max_days=s.limits.token_max_days)
    )
    if row is None or refusal is not None:
        log.info("http.token_refused", reason=refusal)
        raise HTTPException(
            401,
            "the API token is unknown, expired or revoked",
            headers={"WWW-Authenticate": "Bearer"},
        )
    who = Principal(person_id=row["person_id"], role=ApiRole(row["role"]), token_id=row["id"])
    cache[token_hash] = who
    await _note_use(s, who)
    return who


async def _note_use(s: ApiServices, who: Principal) -> None:
    """The token's last use, for the administration pages: written at most
    once a minute per token (`due` answers from memory), off the event loop."""
    uses = s.token_use
    if uses is not None:
        now = s.clock.now()
        if uses.due(who.token_id, now):
            await run_in_threadpool(uses.record, who.token_id, now)


class Allow:
    """Dependency that lets only the given roles through (403 otherwise)."""

    def __init__(self, roles: frozenset[ApiRole]) -> None:
        self.roles = roles

    async def __call__(self, who: Annotated[Principal, Depends(principal)]) -> Principal:
        return self.check(who)

    def check(self, who: Principal) -> Principal:
        if who.role not in self.roles:
            allowed = ", ".join(sorted(r.value for r in self.roles))
            raise HTTPException(
                403, f"your role {who.role.value} may not do this (needs {allowed})"
            )
        return who


Reader = Annotated[Principal, Depends(Allow(READ_ROLES))]
Auditor = Annotated[Principal, Depends(Allow(AUDITORS))]
FundReader = Annotated[Principal, Depends(Allow(FUND_READERS))]
Conn = Annotated[Connection, Depends(read_conn)]
Services = Annotated[ApiServices, Depends(api_services)]


# The envelope's headers are read from the request and checked here rather
# than declared one by one: FastAPI's resolution of these four headers and two
# nested dependencies was a fifth of a command request's framework time. COMMAND_HEADERS puts
# them in the OpenAPI document of every command route (see create_app).
_HEADERS = {  # name: (longest value, what it does)
    "Idempotency-Key": (
        150,
        "Makes a command safe to retry: the same key, the first result.",
    ),
    "X-Correlation-Id": (
        64,
        "On every event of the command (default: X-Request-Id or new).",
    ),
    "X-Request-Id": (
        CORRELATION_ID_MAX,
        "The correlation id when X-Correlation-Id is not sent (printable ASCII, no spaces).",
    ),
    "X-Business-Date": (10, "The date the change took effect, where it differs from today."),
    "Prefer": (200, "return=minimal: answer with id and version, not waiting for the views."),
}
_LIMITS = {name.lower(): limit for name, (limit, _) in _HEADERS.items()}
COMMAND_HEADERS = [
    {
        "name": name,
        "in": "header",
        "required": False,
        "description": description,
        "schema": {"type": "string", "maxLength": limit},
    }
    for name, (limit, description) in _HEADERS.items()
]


def _bad_header(name: str, kind: str, message: str, **ctx: int) -> RequestValidationError:
    return RequestValidationError(
        [{"type": kind, "loc": ("header", name), "msg": message, "input": None, "ctx": ctx}]
    )


def _header(request: Request, name: str) -> str | None:
    value = request.headers.get(name)
    limit = _LIMITS[name]
    if value is not None and len(value) > limit:
        message = f"String should have at most {limit} characters"
        raise _bad_header(name, "string_too_long", message, max_length=limit)
    return value


def envelope(request: Request) -> Meta:
    """The event envelope of a request, before the actor is known."""
    idempotency_key = _header(request, "idempotency-key")
    correlation_header = "x-correlation-id"
    correlation_id = _header(request, correlation_header)
    if not correlation_id:
        correlation_header = "x-request-id"
        correlation_id = _header(request, correlation_header)
    try:
        return make_meta(
            actor="anonymous",
            channel=Channel.API,
            source_id=f"api:{idempotency_key}" if idempotency_key else None,
            correlation_id=correlation_id,
            business_date=_header(request, "x-business-date"),
        )
    except ValidationFailed as error:
        if error.field == "correlation_id":  # name the header it came from
            raise _bad_header(correlation_header, error.code, error.message) from None
        raise


def context_of(meta: Meta, who: Principal) -> Context:
    """The caller's context: their id, their idempotency key (per caller), the
    envelope's correlation id and business date, their token's global role."""
    source_id = meta["source_id"]
    if source_id is not None and source_id.startswith("api:"):
        source_id = f"api:{who.person_id}:{source_id[4:]}"
    business_date = meta["business_date"]
    return Context(
        actor=who.person_id,
        channel=Channel.API,
        source_id=source_id,
        correlation_id=meta["correlation_id"],
        business_date=date.fromisoformat(business_date) if business_date else None,
        roles=who.role.global_roles,
    )


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


@dataclass(frozen=True)
class CommandContext:
    """Everything a command endpoint needs: its services, who, how to answer."""

    services: ApiServices
    who: Principal
    context: Context
    minimal: bool

    def run(self, command: Command) -> CommandResult:
        # A minimal answer does not show the views, so it need not wait for
        # them; the client sends the position back on its next query instead.
        return self.services.commands.run(command, self.context, wait=not self.minimal)

    def respond(
        self,
        command: Command,
        fetch: Fetch,
        *,
        created_at: str | None = None,
    ) -> JSONResponse:
        result = self.run(command)
        return after_command(
            self.services.views, result, fetch, created_at=created_at, minimal=self.minimal
        )


def _prefers_minimal(prefer: str | None) -> bool:
    return prefer is not None and "return=minimal" in prefer.replace(" ", "").lower()


class CommandContextFor:
    """Dependency: a CommandContext for any caller with a valid token (the
    domain decides what their roles let them change)."""

    async def __call__(self, request: Request) -> CommandContext:
        s = await api_services(request)
        meta = envelope(request)
        who = await principal(request, s)
        return CommandContext(
            services=s,
            who=who,
            context=context_of(meta, who),
            minimal=_prefers_minimal(_header(request, "prefer")),
        )


def is_command_route(dependant: Dependant) -> bool:
    """Whether a route (or a dependency of it) takes a CommandContextFor."""
    return any(
        isinstance(d.call, CommandContextFor) or is_command_route(d) for d in dependant.dependencies
    )


Cmd = Annotated[CommandContext, Depends(CommandContextFor())]
