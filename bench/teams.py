"""The Teams front door under load, against the local fakes of what Microsoft
runs (tests/e2e/fake_teams.py: the token issuer, the Bot Connector, Entra
ID's token endpoint).

- activity handling: 20 users each sending signed `status` messages back to
  back while a check-in round of 1,000 proactive cards is being sent,
  measured as the HTTP round trip of POST /api/messages (token checked, the
  member found, the answer posted to the Connector, 200); next to a bare
  Agents SDK handler (CloudAdapter with an agent that does nothing, under
  uvicorn) that only acknowledges, driven the same way, same run.
- card delivery: the dispatcher sending the round's 1,000 cards through the
  Teams notifier while the fake Connector limits proactive posts (a burst,
  then a steady rate, 429 with Retry-After in whole seconds; replies are not
  limited); next to the least time that limit allows.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import Response
from microsoft_agents.hosting.core import Agent, TurnContext
from microsoft_agents.hosting.core.connector.client import ConnectorClient, UserTokenClient
from microsoft_agents.hosting.fastapi import CloudAdapter

from adapters.teams.store import ConversationRef, TeamsStore, teams_engine
from bench.backends import fresh_database
from bench.chat_load import Door, Send, drive, round_lines, round_under_load, seed_round
from bench.report import Line
from domain import commands as c
from domain.meta import make_meta
from samverka.bootstrap import Container, bootstrap
from samverka.settings import Settings
from tests.e2e.fake_slack import Bucket
from tests.e2e.fake_teams import APP_ID, APP_SECRET, TENANT_ID, FakeMicrosoft, fake_microsoft
from tests.e2e.server import running

BOT = {"id": f"28:{APP_ID}", "name": "Samverka"}
TEAMS = Door(
    "teams activity",
    "card",
    "activities",
    "bare Agents SDK handler, acknowledges only, no load",
    "least the limit allows",
)


def _aad(n: int) -> str:
    return f"0b0b0b0b-0000-4000-8000-{n:012d}"


def _activity(ms: FakeMicrosoft, n: int, i: int) -> dict[str, Any]:
    return {
        "type": "message",
        "id": f"bench-{n}-{i}",
        "channelId": "msteams",
        "serviceUrl": ms.connector.url,
        "from": {"id": f"29:user{n}", "name": f"Person {n}", "aadObjectId": _aad(n)},
        "recipient": BOT,
        "conversation": {
            "id": f"a:personal-{n}",
            "conversationType": "personal",
            "tenantId": TENANT_ID,
        },
        "text": "status",
    }


def _status(ms: FakeMicrosoft) -> Send:
    """User `n`'s `status` in their personal chat, with a valid token."""
    token = ms.issuer.token(service_url=ms.connector.url, now=datetime.now(UTC))
    headers = {"Authorization": f"Bearer {token}"}

    def send(client: httpx.Client, n: int, i: int) -> httpx.Response:
        return client.post("/api/messages", json=_activity(ms, n, i), headers=headers)

    return send


class _Clients:
    """The bare handler's Connector clients (it never calls them)."""

    async def create_connector_client(self, *args: Any, **kwargs: Any) -> ConnectorClient:
        return ConnectorClient(str(args[2] if len(args) > 2 else kwargs["service_url"]), "-")

    async def create_user_token_client(self, *args: Any, **kwargs: Any) -> UserTokenClient:
        return UserTokenClient("http://127.0.0.1:1/", "-", app_id=APP_ID)


class _Acknowledge(Agent):  # type: ignore[misc]
    async def on_turn(self, context: TurnContext) -> None:
        return None


@contextmanager
def _bare_sdk() -> Iterator[str]:
    """A bare Agents SDK handler that only acknowledges, in FastAPI under uvicorn."""
    adapter = CloudAdapter(channel_service_client_factory=_Clients())  # type: ignore[arg-type]
    agent = _Acknowledge()
    app = FastAPI()

    @app.post("/api/messages", response_model=None)
    async def messages(request: Request) -> Response | None:
        return await adapter.process(request, agent)

    with running(app) as url:
        yield url


def _seed(k: Container, ms: FakeMicrosoft, cards: int, users: int) -> str:
    """People linked to Teams users who installed the app, and a round to them."""
    system = make_meta(actor="system", channel="cli")
    store = TeamsStore(teams_engine(k.settings.database_url))
    now = k.clock.now()
    people = []
    for n in range(max(cards, users)):
        registered = c.RegisterPerson(name=f"Person {n}", email=f"p{n}@example.se")
        person = k.app.execute(registered, system).aggregate_id
        people.append(person)
        store.link(_aad(n), str(person), "cli", now)
        ref = ConversationRef(ms.connector.url, f"a:personal-{n}", TENANT_ID)
        store.remember(f"user:{_aad(n)}", ref, now)
    store.close()
    return seed_round(k, people, users, cards)


def bench_teams(backend: str, cards: int = 1000, users: int = 20) -> list[Line]:
    folder = Path(tempfile.mkdtemp(prefix="samverka-bench-teams-"))
    with fake_microsoft(folder) as ms, fresh_database(backend) as url:
        os.environ.update(
            {
                "SAMVERKA_TEAMS_APP_ID": APP_ID,
                "SAMVERKA_TEAMS_TENANT_ID": TENANT_ID,
                "SAMVERKA_TEAMS_APP_SECRET": APP_SECRET,
                "SAMVERKA_TEAMS_OPENID_METADATA_URL": ms.issuer.metadata_url,
                "SAMVERKA_TEAMS_AUTHORITY": ms.login.authority,
                "SAMVERKA_TEAMS_MAX_RETRIES": "20",
                "REQUESTS_CA_BUNDLE": str(ms.ca_file),
            }
        )
        with _bare_sdk() as bare:
            reference = drive(bare, users, _status(ms), lambda: True, 10.0)
        k = bootstrap(Settings(database_url=url, outbox_dir=str(folder / "outbox")))
        try:
            round_id = _seed(k, ms, cards, users)

            def limit(burst: int, per_second: float) -> None:
                ms.connector.bucket = Bucket(burst, per_second)

            def load(base: str, sent: Callable[[], bool]) -> list[float]:
                return drive(base, users, _status(ms), sent, 0)

            ours, took = round_under_load(k, round_id, limit, load)
            delivered = {
                s["path"] for s in ms.connector.sent if s["path"].rstrip("/").endswith("activities")
            }
        finally:
            k.close()
    return round_lines(
        TEAMS,
        backend,
        ours,
        reference,
        took,
        sent=cards,
        arrived=len(delivered),
        throttled=ms.connector.throttled,
    )
