"""The FastAPI application: routers, problem handlers, limits, lifecycle."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute

from adapters.http import (
    routes_audit,
    routes_checkins,
    routes_decisions,
    routes_funds,
    routes_health,
    routes_indicators,
    routes_initiatives,
    routes_meetings,
    routes_people,
    routes_plans,
    routes_reports,
    routes_timetravel,
)
from adapters.http.availability import FailFastWhileDown
from adapters.http.deps import COMMAND_HEADERS, TokenCache, is_command_route
from adapters.http.limits import RequestLimits
from adapters.http.problems import install_problem_handlers
from adapters.http.services import ApiServices
from adapters.persistence.store_probe import StoreProbe
from adapters.slack.app import SlackFrontDoor, not_configured_router
from adapters.teams.app import TeamsFrontDoor
from adapters.teams.app import not_configured_router as teams_not_configured
from adapters.web.app import install_web
from adapters.web.services import WebServices

DESCRIPTION = """Samverka keeps the shared plan of regions, municipalities and their
partners in mental-health work: arenas (delarenor), initiatives, members,
decisions, meeting series with agendas, minutes and action items, and check-in
rounds. Every change is an immutable event; everything here is read from
projections of those events. Authenticate with `Authorization: Bearer <token>`
(create one with `samverka token create`). Send `Idempotency-Key` to make a
command safe to retry and `If-Match: "<version>"` to guard against stale edits.
"""


def create_app(
    services: ApiServices,
    *,
    slack: SlackFrontDoor | None = None,
    teams: TeamsFrontDoor | None = None,
    web: WebServices | None = None,
    probe: StoreProbe | None = None,
    on_start: Callable[[], None] | None = None,
    on_stop: Callable[[], None] | None = None,
) -> FastAPI:
    """The API, Slack's and Teams' doors (a 503 problem when it is not configured), the
    web pages at `/` when given, and the lifecycle hooks the composition root
    gives (samverka/asgi.py)."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if on_start is not None:
            on_start()
        if slack is not None:
            slack.start()
        try:
            yield
        finally:
            if slack is not None:
                slack.stop()
            if teams is not None:
                teams.stop()
            if on_stop is not None:
                on_stop()

    app = FastAPI(
        title="Samverka",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url="/docs",
        # Nothing here exports OpenTelemetry; left on, FastAPI asks the global
        # providers on every request whether someone does.
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    limits = services.limits
    app.state.services = services
    app.state.slack = slack
    app.state.teams = teams
    app.state.tokens = TokenCache(ttl=limits.token_cache_seconds)
    install_problem_handlers(app)
    app.add_middleware(
        RequestLimits,
        max_body_bytes=limits.max_body_bytes,
        max_header_bytes=limits.max_header_bytes,
    )
    if probe is not None:
        app.add_middleware(FailFastWhileDown, probe=probe)
    for module in (
        routes_health,
        routes_people,
        routes_initiatives,
        routes_decisions,
        routes_meetings,
        routes_checkins,
        routes_audit,
        routes_funds,
        routes_plans,
        routes_indicators,
        routes_reports,
        routes_timetravel,
    ):
        # Routes are added as they are: FastAPI's include_router wraps them in
        # a layer that re-resolves dependencies on every request.
        app.router.routes.extend(module.router.routes)
    _document_command_headers(app)
    # Slack at POST /slack/events (a 503 problem until it is configured).
    app.router.routes.extend((slack.router() if slack else not_configured_router()).routes)
    # Teams at POST /api/messages (likewise).
    app.router.routes.extend((teams.router() if teams else teams_not_configured()).routes)
    if web is not None:
        install_web(app, web)
    return app


def _document_command_headers(app: FastAPI) -> None:
    for route in app.router.routes:
        if isinstance(route, APIRoute) and is_command_route(route.dependant):
            extra = route.openapi_extra or {}
            route.openapi_extra = {**extra, "parameters": COMMAND_HEADERS}
