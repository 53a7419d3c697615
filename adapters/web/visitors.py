"""Who is asking: the session cookie, the language and the CSRF token of a
request, and the guards every page and form goes through.

A signed-in visitor's CSRF token is derived from their session token (an
HMAC), so it needs no storage and dies with the session; an anonymous
visitor (the sign-in forms) gets a random token in a cookie of its own that
the form must repeat (double submit). Either way a form without the right
token is refused with 403 before anything is read from it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

import structlog
from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from adapters.web.known import Known, KnownVisitors
from adapters.web.services import WebServices
from adapters.web.sessions import ENDINGS, Session
from adapters.web.signin import global_roles
from domain.access import hash_token
from domain.authority import GlobalRole, holds
from domain.meta import Channel
from domain.values import Role
from services.commands import Context
from services.i18n import lang_of
from services.queries import Row

log = structlog.get_logger(__name__)

SESSION_COOKIE = "samverka_session"
CSRF_COOKIE = "samverka_csrf"
LANG_COOKIE = "samverka_lang"
CSRF_FIELD = "csrf"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
_FORM_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class SignInRequired(Exception):
    """An anonymous visitor asked for a page that needs a session."""


class CsrfRefused(Exception):
    """A form came without the visitor's CSRF token."""


@dataclass(frozen=True)
class Visitor:
    lang: str
    csrf: str
    person: Row | None = None
    session: Session | None = None
    # A new anonymous visitor's CSRF token, which the response must set as a cookie.
    new_csrf_cookie: bool = False
    # The person's global roles (from their valid API tokens); arena roles are
    # looked up for the arena a page concerns.
    roles: frozenset[GlobalRole] = frozenset()
    # The person's role in each arena they are a member of (arena id -> role).
    arena_roles: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_admin(self) -> bool:
        return GlobalRole.ADMIN in self.roles

    def has(self, role: GlobalRole) -> bool:
        return self.is_admin or role in self.roles

    @property
    def may_audit(self) -> bool:
        """An auditor or admin: who the Granskning pages are for."""
        return self.has(GlobalRole.AUDITOR)

    def has_funds(self) -> bool:
        """Who reads the fund ledger (Medel): fund coordinators, auditors, admins."""
        return self.has(GlobalRole.FUND_COORDINATOR) or self.has(GlobalRole.AUDITOR)

    def holds(self, arena_id: str, needed: Role) -> bool:
        """Whether the person holds `needed` in the arena (admins everywhere)."""
        return self.is_admin or holds(self.arena_roles.get(arena_id), needed)

    def leads_anywhere(self) -> bool:
        """A secretary or moderator of some arena (or an admin or auditor):
        who the check-in pages are for."""
        return self.has(GlobalRole.AUDITOR) or any(
            holds(role, Role.SECRETARY) for role in self.arena_roles.values()
        )

    @property
    def person_id(self) -> str:
        if self.person is None:
            raise SignInRequired
        return str(self.person["id"])

    def context(self, source_id: str | None = None) -> Context:
        """The signed-in person acting through the web door."""
        return Context(
            actor=self.person_id, channel=Channel.WEB, source_id=source_id, roles=self.roles
        )


def csrf_of_session(token: str) -> str:
    return hmac.new(token.encode(), b"samverka-web-csrf", hashlib.sha256).hexdigest()


async def web_services(request: Request) -> WebServices:
    found: WebServices = request.app.state.web
    return found


# The door's services, as every page and form receives them.
Services = Annotated[WebServices, Depends(web_services)]


async def visitor(request: Request, s: Services) -> Visitor:
    """The visitor of this request. A signed-in visitor seen in the last
    seconds comes from memory (known.py); else the tables are read, off the
    event loop."""
    lang = lang_of(request.cookies.get(LANG_COOKIE))
    token = request.cookies.get(SESSION_COOKIE, "")
    if _TOKEN.fullmatch(token):
        known = await _known(request, s, token)
        if known is not None:
            person = known.person
            if LANG_COOKIE not in request.cookies and person.get("language"):
                # On a browser that has not chosen, the language the person chose.
                lang = lang_of(str(person["language"]))
            return Visitor(
                lang,
                csrf_of_session(token),
                person,
                known.session,
                roles=known.roles,
                arena_roles=known.arena_roles,
            )
    anonymous = request.cookies.get(CSRF_COOKIE, "")
    if _TOKEN.fullmatch(anonymous):
        return Visitor(lang, anonymous)
    return Visitor(lang, secrets.token_urlsafe(32), new_csrf_cookie=True)


async def _known(request: Request, s: WebServices, token: str) -> Known | None:
    kept: KnownVisitors = request.app.state.visitors
    token_hash = hash_token(token)
    now = s.clock.now()
    # Taken before the tables are read: what changes meanwhile makes the
    # kept visitor stale at once.
    shown, endings = (s.shown() if s.shown else -1), ENDINGS.count
    found = kept.get(token_hash, now, shown) if s.shown else None
    if found is None:
        found = await run_in_threadpool(_read, s, token, now, shown, endings)
        if found is not None and s.shown:
            kept.keep(token_hash, found)
    return found


def _read(s: WebServices, token: str, now: datetime, shown: int, endings: int) -> Known | None:
    """The session's visitor from the tables; None when there is no live
    session, or its person may not have one any more (then every session of
    theirs ends)."""
    session = s.sessions.find(token, now)
    if session is None:
        return None
    with s.plan.connect() as conn:  # one connection for the three reads
        person = s.plan.get_person(session.person_id, conn=conn)
        roles = global_roles(
            s.plan, session.person_id, now=now, max_days=s.token_max_days, conn=conn
        )
        arenas = s.plan.arena_roles(session.person_id, conn=conn)
    if person is not None and not person["forgotten"] and (roles or arenas):
        return Known(session, person, roles, arenas, now, shown, endings)
    # Forgotten, or in no arena and without a global role any more.
    s.sessions.end_all(session.person_id)
    log.info("web.sessions_revoked")
    return None


async def signed_in(v: Annotated[Visitor, Depends(visitor)]) -> Visitor:
    if v.person is None:
        raise SignInRequired
    return v


async def checked_form(request: Request, v: Annotated[Visitor, Depends(visitor)]) -> FormData:
    """The posted form, once its CSRF token is the visitor's."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    if not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), v.csrf.encode()):
        log.warning("web.csrf_refused", path=request.url.path)
        raise CsrfRefused
    return form


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def form_source(form: FormData, v: Visitor) -> str | None:
    """The idempotency key of a form: the random id it was rendered with,
    namespaced by the door and the person (a double click is one command)."""
    form_id = form.get("form_id")
    if not isinstance(form_id, str) or not _FORM_ID.fullmatch(form_id):
        return None
    return f"web:{v.person_id}:{form_id}"


Current = Annotated[Visitor, Depends(visitor)]
SignedIn = Annotated[Visitor, Depends(signed_in)]
CheckedForm = Annotated[FormData, Depends(checked_form)]
