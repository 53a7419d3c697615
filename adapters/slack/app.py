"""The Slack front door: a Bolt app mounted at POST /slack/events (and the
OAuth install pages when multi-workspace), or Socket Mode with SLACK_APP_TOKEN.

Bolt's dispatch is synchronous: it runs in a worker thread so one slow
listener never holds up the event loop, and every listener acks first.

A request reaches Bolt only once its signature is checked here, on the raw
bytes and with headers of the shape Slack sends: Bolt parses the body before
it verifies, and a malformed timestamp or a deeply nested body raised inside
it as a 500 with a traceback (and Bolt logs refused requests with their
body). Refusals are 401 (signature, timestamp) or 400 (an unreadable body),
each logged as one line without the request's content.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import structlog
from fastapi import APIRouter, Request
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.signature import SignatureVerifier
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from adapters.problems import not_configured, problem
from adapters.slack.config import BOT_SCOPES, SlackConfig
from adapters.slack.frontdoor import FrontDoor, SlackServices
from adapters.slack.listeners import Listeners
from adapters.slack.notifier import web_client
from adapters.slack.parse import envelope_problem
from adapters.slack.store import SlackStore, slack_engine

log = structlog.get_logger(__name__)
EVENTS_PATH = "/slack/events"
# What Slack sends: seconds since the epoch, and "v0=" with a hex SHA-256.
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


def refusal(
    verifier: SignatureVerifier, headers: Mapping[str, str], body: bytes
) -> tuple[int, str] | None:
    """Why a request is refused, as (status, reason), or None when Slack signed
    it. The headers must have Slack's shape before the library reads them (it
    calls int() on the timestamp and raises on anything else)."""
    timestamp = headers.get("x-slack-request-timestamp")
    signature = headers.get("x-slack-signature")
    if timestamp is None or signature is None:
        return 401, "unsigned"
    if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
        return 401, "malformed_signature"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return 400, "not_utf8"  # Slack sends UTF-8; these bytes cannot be checked or read
    if not verifier.is_valid(text, timestamp, signature):
        return 401, "bad_signature"  # wrong, or more than five minutes old
    return None


def build_bolt(door: FrontDoor) -> App:
    config = door.config
    executor = ThreadPoolExecutor(max_workers=32, thread_name_prefix="slack")
    common: dict[str, Any] = {
        "signing_secret": config.signing_secret,
        "process_before_response": False,
        "listener_executor": executor,
        "raise_error_for_unhandled_request": False,
    }
    if config.oauth:
        engine = door.store.engine
        installations = SQLAlchemyInstallationStore(client_id=str(config.client_id), engine=engine)
        states = SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=engine)
        states.metadata.create_all(engine)
        settings = OAuthSettings(
            client_id=config.client_id,
            client_secret=config.client_secret,
            scopes=list(BOT_SCOPES),
            installation_store=installations,
            state_store=states,
            install_path="/slack/install",
            redirect_uri_path="/slack/oauth_redirect",
        )
        bolt = App(client=web_client(config, token=""), oauth_settings=settings, **common)
    else:
        bolt = App(
            client=web_client(config),
            token_verification_enabled=False,
            **common,
        )
    Listeners(door).register(bolt)
    return bolt


class SlackFrontDoor:
    """The Bolt app, its routes and (optionally) its Socket Mode connection."""

    def __init__(self, services: SlackServices, config: SlackConfig, store: SlackStore) -> None:
        self.config = config
        self.store = store
        self.door = FrontDoor(services, config, self.store)
        self.bolt = build_bolt(self.door)
        self.verifier = SignatureVerifier(config.signing_secret or "")
        self._socket: Any = None

    async def events(self, request: Request) -> Response:
        body = await request.body()
        refused = refusal(self.verifier, request.headers, body)
        if refused is not None:
            status, reason = refused
            log.info("slack.request_refused", status=status, reason=reason, size=len(body))
            if status == 401:
                return problem(401, "Not signed by Slack", "the signature is missing or wrong")
            return problem(status, "Not a Slack request", "the body is not UTF-8")
        try:
            bolt_request = to_bolt_request(request, body)
            wrong = envelope_problem(bolt_request.body)
        except (AttributeError, TypeError, ValueError, KeyError, RecursionError):
            # Bolt assumes the body is a JSON object or a form with one; a
            # payload of another shape, or nested deeper than the JSON parser
            # recurses, would otherwise surface as a 500.
            wrong = "body"
        if wrong is not None:
            log.info("slack.unreadable_request", field=wrong, size=len(body))
            return problem(400, "Not a Slack request", "the body is not a Slack payload")
        response = await run_in_threadpool(self.bolt.dispatch, bolt_request)
        return to_starlette_response(response)

    async def oauth(self, request: Request) -> Response:
        from slack_bolt.adapter.starlette import SlackRequestHandler

        return await SlackRequestHandler(self.bolt).handle(request)

    def router(self) -> APIRouter:
        router = APIRouter()
        router.add_api_route(EVENTS_PATH, self.events, methods=["POST"], include_in_schema=False)
        if self.config.oauth:
            for path in ("/slack/install", "/slack/oauth_redirect"):
                router.add_api_route(path, self.oauth, methods=["GET"], include_in_schema=False)
        return router

    def start(self) -> None:
        """Socket Mode: Slack delivers over a websocket instead of HTTP."""
        if self.config.app_token and self._socket is None:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            self._socket = SocketModeHandler(
                self.bolt, self.config.app_token, web_client=self.bolt.client
            )
            self._socket.connect()
            log.info("slack.socket_mode_connected")

    def stop(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        self.store.engine.dispose()


def not_configured_router() -> APIRouter:
    what = "set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or an OAuth client)"
    return not_configured(EVENTS_PATH, "Slack is not configured", what)


def slack_front_door(
    services: SlackServices, database_url: str, config: SlackConfig
) -> SlackFrontDoor | None:
    """The Slack door when Slack is configured (its side tables in the database)."""
    if not config.enabled:
        return None
    return SlackFrontDoor(services, config, SlackStore(slack_engine(database_url)))
