"""Signing in with OpenID Connect: off to the provider, and back.

`GET /sign-in/oidc` keeps a new state, nonce and PKCE verifier (the flow
table) and sends the browser to the provider; the state also goes into a
short-lived cookie, so that the way back is accepted only in the browser
that set off (no one can push their own login into another's browser).
`GET /sign-in/oidc/callback` uses the flow up, has the code exchanged and the
ID token checked (oidc.py), then finds the person: by the provider's subject
once linked, else by the linking claim (an e-mail address), and then links
the subject. A login that matches no one who may sign in is refused with a
page saying an administrator must add the person; nothing is recorded.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Annotated

import structlog
from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from adapters.web.oidc import CALLBACK_PATH, Login, OidcClient, OidcFailed
from adapters.web.render import page, secured, see_other
from adapters.web.routes_signin import start_session
from adapters.web.services import WebServices
from adapters.web.sessions import OIDC_FLOW_MINUTES
from adapters.web.signin import may_sign_in, person_for_address
from adapters.web.visitors import Current, Services, Visitor

log = structlog.get_logger(__name__)
router = APIRouter(include_in_schema=False)
OIDC_COOKIE = "samverka_oidc"
START_PATH = "/sign-in/oidc"
MAX_PARAM = 2048


def _redirect_uri(request: Request, s: WebServices) -> str:
    """Where the provider sends the browser back (register it there)."""
    return (s.public_url or str(request.base_url)).rstrip("/") + CALLBACK_PATH


def _refused(
    request: Request,
    v: Visitor,
    oidc: OidcClient,
    reason: str,
    status: int,
    *,
    flow_used: bool = True,
) -> Response:
    response = page(
        request,
        v,
        "oidc_refused.html.j2",
        status=status,
        reason=reason,
        provider=oidc.config.name,
        path="/sign-in",
    )
    if flow_used:
        response.delete_cookie(OIDC_COOKIE, path=START_PATH)
    return response


@router.get(START_PATH)
def start_oidc(request: Request, v: Current, s: Services) -> Response:
    if s.oidc is None:
        return page(request, v, "not_found.html.j2", status=404)
    if v.person is not None:
        return see_other(request, "/", v)
    try:
        started = s.oidc.start(_redirect_uri(request, s))
    except OidcFailed as failed:
        log.warning("web.oidc_unavailable", reason=failed.reason)
        return _refused(request, v, s.oidc, "unavailable", 502)
    s.sessions.begin_oidc(started.state, started.nonce, started.code_verifier, s.clock.now())
    response = secured(RedirectResponse(started.url, status_code=303), request, v)
    response.set_cookie(
        OIDC_COOKIE,
        started.state,
        max_age=OIDC_FLOW_MINUTES * 60,
        path=START_PATH,
        httponly=True,
        # Lax: the provider's redirect back is a top-level GET, which carries it.
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


@router.get(CALLBACK_PATH)
def oidc_callback(
    request: Request,
    v: Current,
    s: Services,
    code: Annotated[str, Query(max_length=MAX_PARAM)] = "",
    state: Annotated[str, Query(max_length=MAX_PARAM)] = "",
    error: Annotated[str, Query(max_length=MAX_PARAM)] = "",
) -> Response:
    if s.oidc is None:
        return page(request, v, "not_found.html.j2", status=404)
    now = s.clock.now()
    mine = request.cookies.get(OIDC_COOKIE, "")
    if not state or not mine or not hmac.compare_digest(state.encode(), mine.encode()):
        log.warning("web.oidc_refused", reason="state")
        # Not this browser's sign-in: the one it has under way (if any) goes on.
        return _refused(request, v, s.oidc, "failed", 400, flow_used=False)
    flow = s.sessions.finish_oidc(state, now)
    if flow is None:
        log.warning("web.oidc_refused", reason="flow-gone")
        return _refused(request, v, s.oidc, "failed", 400)
    if error or not code:
        # The person cancelled, or the provider would not sign them in.
        log.info("web.oidc_refused", reason="provider-error", error=error[:64])
        return _refused(request, v, s.oidc, "failed", 400)
    try:
        login = s.oidc.finish(code, _redirect_uri(request, s), flow.nonce, flow.code_verifier, now)
    except OidcFailed as failed:
        log.warning("web.oidc_refused", reason=failed.reason)
        return _refused(request, v, s.oidc, "failed", 400)
    person_id = _person_of(s, s.oidc, login, now)
    if person_id is None:
        log.info("web.oidc_refused", reason="no-person")
        return _refused(request, v, s.oidc, "unknown", 403)
    response = start_session(request, s, person_id, "oidc")
    response.delete_cookie(OIDC_COOKIE, path=START_PATH)
    return response


def _person_of(s: WebServices, oidc: OidcClient, login: Login, now: datetime) -> str | None:
    """Who the login is, when they may sign in: by the subject once linked,
    else by the linking claim (then the subject is linked)."""
    linked = s.sessions.linked_person(login.issuer, login.subject)
    if linked is not None:
        person = s.plan.get_person(linked)
        if person is None or person["forgotten"]:
            # Nothing of a forgotten person is kept, their link included.
            s.sessions.unlink_person(linked)
            return None
        return linked if may_sign_in(s.plan, linked) is not None else None
    value = login.link_value(oidc.config.link_claim)
    if value is None or "@" not in value:
        return None
    person = person_for_address(s.plan, value)
    if person is None:
        return None
    person_id = str(person["id"])
    if s.sessions.subject_of(login.issuer, person_id) is not None:
        # Linked to another account at this provider already: an address
        # alone must not let a second account in (a claim anyone can edit at
        # some providers would otherwise be a key to someone else's door).
        return None
    s.sessions.link_subject(login.issuer, login.subject, person_id, now)
    return person_id
