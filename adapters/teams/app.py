"""The Teams front door: POST /api/messages, where the Bot Framework
delivers activities (messages, card submissions, installation events).

A request is read only once its bearer token is valid (adapters/teams/auth.py):
anything else is 401 before the body is looked at, and nothing is recorded.
Handling runs in a worker thread, so a slow service call never holds up
the event loop; the Bot Framework is answered 200 as soon as what was asked
is done, and the reply is posted after (the lazy reply:
adapters/teams/replies.py).
"""

from __future__ import annotations

from typing import Any

import orjson
import structlog
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from adapters.problems import not_configured, problem
from adapters.teams.auth import TokenValidator, Unauthorized
from adapters.teams.config import TeamsConfig
from adapters.teams.connector import Connector
from adapters.teams.door import TeamsDoor, TeamsServices
from adapters.teams.store import TeamsStore, teams_engine
from adapters.teams.values import parse_activity

log = structlog.get_logger(__name__)
MESSAGES_PATH = "/api/messages"
# How long stopping waits for the replies still being posted (429s included).
STOP_WAIT = 30.0


class TeamsFrontDoor:
    def __init__(self, services: TeamsServices, config: TeamsConfig, store: TeamsStore) -> None:
        self.config = config
        self.store = store
        self.validator = TokenValidator(
            config.app_id, config.openid_metadata_url, services.clock, timeout=config.timeout
        )
        self.connector = Connector(config)
        self.door = TeamsDoor(services, config, store, self.connector)

    async def messages(self, request: Request) -> Response:
        authorization = request.headers.get("authorization")
        try:
            caller = await run_in_threadpool(self.validator.validate, authorization)
        except Unauthorized as refused:
            log.info("teams.request_refused", reason=str(refused))
            return problem(401, "Not from the Bot Framework", "the token is missing or not valid")
        body = await request.body()
        try:
            parsed: Any = orjson.loads(body)
        except orjson.JSONDecodeError:
            parsed = None
        activity = parse_activity(parsed)
        if activity is None or not activity.type:
            log.info("teams.unreadable_request", size=len(body))
            return problem(400, "Not an activity", "the body is not a Bot Framework activity")
        if activity.service_url != caller.service_url:
            # The token was issued for replies to another address.
            log.info("teams.request_refused", reason="service_url")
            return problem(401, "Not from the Bot Framework", "the token is for another serviceUrl")
        answer = await run_in_threadpool(self.door.handle, activity)
        if answer is not None:
            return JSONResponse(answer)  # an invoke's answer
        return Response(status_code=200)

    def router(self) -> APIRouter:
        router = APIRouter()
        router.add_api_route(
            MESSAGES_PATH, self.messages, methods=["POST"], include_in_schema=False
        )
        return router

    def settle(self, timeout: float = STOP_WAIT) -> bool:
        """Waits until the replies given so far have been posted."""
        return self.door.replies.settle(timeout)

    def stop(self) -> None:
        if not self.settle():
            log.warning("teams.replies_unsent", pending=self.door.replies.pending())
        self.connector.close()
        self.store.close()


def not_configured_router() -> APIRouter:
    what = "set SAMVERKA_TEAMS_APP_ID, SAMVERKA_TEAMS_TENANT_ID and a secret or certificate"
    return not_configured(MESSAGES_PATH, "Teams is not configured", what)


def teams_front_door(
    services: TeamsServices, database_url: str, config: TeamsConfig
) -> TeamsFrontDoor | None:
    """The Teams door when Teams is configured (its side tables in the database)."""
    if not config.enabled:
        return None
    return TeamsFrontDoor(services, config, TeamsStore(teams_engine(database_url)))
