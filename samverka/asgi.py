"""The web application, wired: the HTTP door and Slack's, given their services.

`uvicorn --factory samverka.asgi:app_factory` (what `serve --workers N` runs)
builds it from the environment; `serve` and the tests build it from a
container they already have.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeVar

from fastapi import FastAPI

from adapters.http.app import create_app
from adapters.http.services import ApiLimits, ApiServices
from adapters.slack.app import slack_front_door
from adapters.slack.frontdoor import SlackServices
from adapters.web.services import WebServices
from adapters.web.sessions import SessionStore, web_engine
from samverka.bootstrap import Container, bootstrap
from samverka.logging import configure_logging
from samverka.settings import Settings

T = TypeVar("T")


def door_services(k: Container, services: type[T], **given: Any) -> T:
    """A front door's services (a dataclass): the container's of the same
    names, and what is `given` besides."""
    names = {f.name for f in fields(services)} - given.keys()  # type: ignore[arg-type]
    return services(**{name: getattr(k, name) for name in names}, **given)


def api_services(k: Container) -> ApiServices:
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
    return door_services(k, ApiServices, limits=limits)


def slack_services(k: Container) -> SlackServices:
    return door_services(k, SlackServices)


def web_services(k: Container) -> WebServices:
    assert k.notifier is not None  # bootstrap always builds one
    return WebServices(
        commands=k.commands,
        clock=k.clock,
        plan=k.plan,
        meetings=k.meetings,
        checkins=k.checkins,
        sessions=SessionStore(
            web_engine(k.settings.database_url), idle_minutes=k.settings.web.idle_minutes
        ),
        notifier=k.notifier,
        public_url=k.settings.web.public_url,
        trail=k.trail,
        token_days=k.settings.tokens.days,
        token_max_days=k.settings.tokens.max_days,
    )


def web_app(k: Container, *, manage_lifecycle: bool = True) -> FastAPI:
    """The app for `k`; with `manage_lifecycle` it starts and closes `k` too."""
    slack = slack_front_door(slack_services(k), k.settings.database_url, k.settings.slack)
    return create_app(
        api_services(k),
        slack=slack,
        web=web_services(k),
        probe=k.probe,
        on_start=k.start if manage_lifecycle else None,
        on_stop=k.close if manage_lifecycle else None,
    )


def app_factory() -> FastAPI:
    """For `uvicorn --factory samverka.asgi:app_factory` (multi-worker serve)."""
    settings = Settings.from_env()
    configure_logging(settings.log.level, settings.log.format)
    return web_app(bootstrap(settings))
