"""The web door, installed into the FastAPI app beside the API: the pages,
the static files (htmx, the style sheet) and what a refused request gets."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from adapters.web import (
    routes_admin,
    routes_audit,
    routes_checkins,
    routes_funds,
    routes_funds_new,
    routes_funds_report,
    routes_indicators,
    routes_meeting,
    routes_oidc,
    routes_organisations,
    routes_pages,
    routes_plan_edit,
    routes_plan_parts,
    routes_plan_structure,
    routes_plans,
    routes_privacy,
    routes_rounds,
    routes_series,
    routes_series_new,
    routes_settings,
    routes_signin,
    routes_surveys,
    routes_timetravel,
)
from adapters.web.known import KnownVisitors
from adapters.web.render import page, see_other
from adapters.web.services import WebServices
from adapters.web.trail_options import TrailOptions
from adapters.web.visitors import LANG_COOKIE, CsrfRefused, SignInRequired, Visitor
from services.i18n import lang_of


def install_web(app: FastAPI, services: WebServices) -> None:
    app.state.web = services
    app.state.visitors = KnownVisitors(services.visitor_cache_seconds)
    app.state.trail_options = TrailOptions(services.visitor_cache_seconds)
    app.mount("/static", StaticFiles(packages=[("adapters.web", "static")]), name="static")
    # The new-series routes come before /series/{series_id}.
    meetings = (routes_series_new, routes_series, routes_meeting)
    others = (
        routes_plan_edit,
        routes_plans,
        routes_plan_structure,
        routes_plan_parts,
        routes_organisations,
        routes_admin,
        routes_privacy,
        routes_audit,
        routes_rounds,
        routes_surveys,
        routes_settings,
        routes_funds,
        routes_funds_new,
        routes_funds_report,
        routes_timetravel,
        routes_indicators,
    )
    for module in (routes_signin, routes_oidc, routes_pages, routes_checkins, *meetings, *others):
        app.router.routes.extend(module.router.routes)
    app.add_exception_handler(SignInRequired, _to_sign_in)
    app.add_exception_handler(CsrfRefused, _refused)
    app.add_exception_handler(routes_admin.NotForRole, _not_allowed)


async def _to_sign_in(request: Request, _: Exception) -> Response:
    if request.headers.get("hx-request"):
        # htmx swaps what it gets; a full page must be asked for instead.
        return Response(status_code=204, headers={"HX-Redirect": "/sign-in"})
    return see_other(request, "/sign-in")


async def _refused(request: Request, _: Exception) -> Response:
    # Nothing of the form was read or recorded; the page says to reload and retry.
    v = Visitor(lang=lang_of(request.cookies.get(LANG_COOKIE)), csrf="")
    return page(request, v, "refused.html.j2", status=403)


async def _not_allowed(request: Request, refused: Exception) -> Response:
    """A page or form for another role: 403, nothing read or recorded."""
    assert isinstance(refused, routes_admin.NotForRole)
    return page(request, refused.visitor, "not_allowed.html.j2", status=403)
