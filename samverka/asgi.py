"""The web application, wired: the HTTP door, Slack's and Teams', given their services.

`uvicorn --factory samverka.asgi:app_factory` (what `serve --workers N` runs)
builds it from the environment; `serve` and the tests build it from a
container they already have.
"""

from __future__ import annotations

from typing import TypedDict

from fastapi import FastAPI

from adapters.http.app import create_app
from adapters.http.services import ApiLimits, ApiServices
from adapters.slack.app import slack_front_door
from adapters.slack.frontdoor import SlackServices
from adapters.teams.app import teams_front_door
from adapters.teams.door import TeamsServices
from adapters.web.oidc import OidcClient, OidcConfig
from adapters.web.services import WebServices
from adapters.web.sessions import SessionStore, web_engine, web_engines
from adapters.web.token_use import TokenUseTable
from samverka.bootstrap import Container, bootstrap
from samverka.logging import configure_logging
from samverka.settings import OidcSettings, Settings
from services.commands import CommandService
from services.ports import Clock, TokenUse
from services.queries.checkins import CheckInQueries
from services.queries.meetings import MeetingQueries
from services.queries.plan import PlanQueries


class Shared(TypedDict):
    """What every front door is given: commands and the feature facades they read."""

    commands: CommandService
    clock: Clock
    plan: PlanQueries
    meetings: MeetingQueries
    checkins: CheckInQueries


def shared(k: Container) -> Shared:
    # A TypedDict rather than getattr by name, so that mypy checks every door's
    # services dataclass against what it is given: a missing or misnamed
    # service is a type error.
    return Shared(
        commands=k.commands, clock=k.clock, plan=k.plan, meetings=k.meetings, checkins=k.checkins
    )


def api_services(k: Container, token_use: TokenUse | None = None) -> ApiServices:
    s = k.settings
    scheduler = k.scheduler
    limits = ApiLimits(
        max_body_bytes=s.http.max_body_bytes,
        max_header_bytes=s.http.max_header_bytes,
        token_days=s.tokens.days,
        token_max_days=s.tokens.max_days,
        token_cache_seconds=s.tokens.cache_seconds,
        status_close_before=scheduler.config.status_close_before if scheduler else 7200.0,
    )
    return ApiServices(
        **shared(k),
        views=k.views,
        audit=k.audit,
        reports=k.reports,
        erasure=k.erasure,
        health=k.health,
        funds=k.funds,
        plans=k.plans,
        indicators=k.indicators,
        indicator_import=k.indicator_import,
        trail=k.trail,
        timetravel=k.timetravel,
        limits=limits,
        token_use=token_use,
    )


def slack_services(k: Container) -> SlackServices:
    return SlackServices(**shared(k), views=k.views)


def teams_services(k: Container) -> TeamsServices:
    return TeamsServices(**shared(k), views=k.views)


def web_services(k: Container, token_use: TokenUse | None = None) -> WebServices:
    assert k.notifier is not None  # bootstrap always builds one
    return WebServices(
        **shared(k),
        sessions=_session_store(k.settings),
        notifier=k.notifier,
        public_url=k.settings.web.public_url,
        oidc=oidc_client(k.settings.web.oidc),
        trail=k.trail,
        audit=k.audit,
        token_days=k.settings.tokens.days,
        token_max_days=k.settings.tokens.max_days,
        token_use=token_use,
        funds=k.funds,
        reports=k.reports,
        timetravel=k.timetravel,
        erasure=k.erasure,
        records=k.records,
        plans=k.plans,
        indicators=k.indicators,
        indicator_import=k.indicator_import,
        shown=k.views.shown,
        visitor_cache_seconds=k.settings.tokens.cache_seconds,
    )


def _session_store(settings: Settings) -> SessionStore:
    read, write = web_engines(settings.database_url)
    return SessionStore(write, read=read, idle_minutes=settings.web.idle_minutes)


def oidc_client(oidc: OidcSettings) -> OidcClient | None:
    """The OpenID provider to sign in with, when one is configured."""
    if not oidc.enabled:
        return None
    config = OidcConfig(
        issuer=oidc.issuer,
        client_id=oidc.client_id,
        client_secret=oidc.client_secret,
        link_claim=oidc.link_claim,
        name=oidc.display_name,
        scopes=oidc.scopes,
    )
    return OidcClient(config)


def web_app(k: Container, *, manage_lifecycle: bool = True) -> FastAPI:
    """The app for `k`; with `manage_lifecycle` it starts and closes `k` too."""
    slack = slack_front_door(slack_services(k), k.settings.database_url, k.settings.slack)
    # The API notes each token's last use in it; the admin pages read it.
    uses = TokenUseTable(web_engine(k.settings.database_url))
    teams = teams_front_door(teams_services(k), k.settings.database_url, k.settings.teams)
    return create_app(
        api_services(k, uses),
        slack=slack,
        teams=teams,
        web=web_services(k, uses),
        probe=k.probe,
        on_start=k.start if manage_lifecycle else None,
        on_stop=k.close if manage_lifecycle else None,
    )


def app_factory() -> FastAPI:
    """For `uvicorn --factory samverka.asgi:app_factory` (multi-worker serve)."""
    settings = Settings.from_env()
    configure_logging(settings.log.level, settings.log.format)
    return web_app(bootstrap(settings))
