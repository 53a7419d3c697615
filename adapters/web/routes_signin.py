"""Signing in by e-mail link, signing out, the language, and the pages an
anonymous visitor may see (sign-in and the accessibility statement)."""

from __future__ import annotations

import structlog
from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import Response

from adapters.web.render import page, see_other
from adapters.web.services import WebServices
from adapters.web.sessions import LINKS_AT_ONCE
from adapters.web.signin import link_url, may_sign_in, person_for_address, send_link
from adapters.web.visitors import (
    CSRF_COOKIE,
    LANG_COOKIE,
    SESSION_COOKIE,
    CheckedForm,
    Current,
    Services,
)
from services.i18n import lang_of

log = structlog.get_logger(__name__)
router = APIRouter(include_in_schema=False)
MAX_ADDRESS = 320
YEAR = 365 * 24 * 3600


def _field(form: CheckedForm, name: str, limit: int = 200) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def _local(path: str) -> str:
    """A path on this site to go back to (never another site's)."""
    return path if path.startswith("/") and not path.startswith("//") else "/"


def _oidc_name(s: WebServices) -> str:
    """The provider on the "Logga in med …" button ("": no OpenID Connect)."""
    return s.oidc.config.name if s.oidc is not None else ""


@router.get("/sign-in")
def sign_in_page(request: Request, v: Current, s: Services) -> Response:
    if v.person is not None:
        return see_other(request, "/", v)
    return page(request, v, "sign_in.html.j2", oidc_name=_oidc_name(s))


@router.post("/sign-in")
def ask_for_link(
    request: Request, v: Current, s: Services, form: CheckedForm, later: BackgroundTasks
) -> Response:
    address = _field(form, "email", MAX_ADDRESS)
    if "@" not in address:
        return page(
            request,
            v,
            "sign_in.html.j2",
            status=422,
            email=address,
            error=True,
            oidc_name=_oidc_name(s),
        )
    now = s.clock.now()
    person = person_for_address(s.plan, address, now=now)
    if person is not None and s.sessions.links_in_use(str(person["id"]), now) < LINKS_AT_ONCE:
        token = s.sessions.issue_link(str(person["id"]), now)
        url = link_url(s.public_url or str(request.base_url), token)
        # After the answer, so a known address takes no longer than an unknown one.
        later.add_task(send_link, s.notifier, person, url, token, v.lang)
        log.info("web.link_issued")
    return page(request, v, "link_sent.html.j2")


@router.get("/sign-in/link/{token}")
def link_page(request: Request, token: str, v: Current, s: Services) -> Response:
    """A button that signs in, rather than signing in on the GET itself: mail
    scanners open links to look at them, and must not use them up."""
    if not s.sessions.link_is_valid(token, s.clock.now()):
        return page(request, v, "link_gone.html.j2", status=410)
    return page(request, v, "link.html.j2", token=token)


@router.post("/sign-in/link/{token}")
def use_link(request: Request, token: str, v: Current, s: Services, _: CheckedForm) -> Response:
    now = s.clock.now()
    person_id = s.sessions.use_link(token, now)
    if person_id is None or may_sign_in(s.plan, person_id, now=now) is None:
        return page(request, v, "link_gone.html.j2", status=410)
    return start_session(request, s, person_id, "link")


def start_session(request: Request, s: WebServices, person_id: str, how: str) -> Response:
    """A new session for the person, in its cookie, and on to Min översikt
    (the same whichever way they signed in)."""
    session = s.sessions.start(person_id, s.clock.now())
    response = see_other(request, "/")
    response.set_cookie(
        SESSION_COOKIE,
        session,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    response.delete_cookie(CSRF_COOKIE)
    log.info("web.signed_in", how=how)
    return response


@router.post("/sign-out")
def sign_out(request: Request, v: Current, s: Services, _: CheckedForm) -> Response:
    if v.session is not None:
        s.sessions.end(v.session.token_hash)
    response = see_other(request, "/sign-in")
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/language")
def choose_language(request: Request, v: Current, form: CheckedForm) -> Response:
    response = see_other(request, _local(_field(form, "next", 500)), v)
    response.set_cookie(
        LANG_COOKIE,
        lang_of(_field(form, "lang", 8)),
        max_age=YEAR,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


@router.get("/accessibility")
def accessibility(request: Request, v: Current) -> Response:
    return page(request, v, "accessibility.html.j2")
