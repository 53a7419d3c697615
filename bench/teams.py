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
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
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
from bench.report import Line
from domain import commands as c
from domain.handlers.checkins import status_questions
from domain.meetings import commands as m
from domain.meta import make_meta
from samverka.bootstrap import Container, bootstrap
from samverka.settings import Settings
from scheduler.config import SchedulerConfig
from scheduler.dispatch import Dispatcher
from scheduler.jobs import JobRunner
from tests.e2e.fake_slack import Bucket
from tests.e2e.fake_teams import APP_ID, APP_SECRET, TENANT_ID, FakeMicrosoft, fake_microsoft
from tests.e2e.server import running, serve

BURST, PER_SECOND = 50, 50.0  # the fake Connector's limit on proactive posts
BOT = {"id": f"28:{APP_ID}", "name": "Samverka"}


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


def _drive(
    ms: FakeMicrosoft, base: str, users: int, until: Callable[[], bool], min_seconds: float
) -> list[float]:
    """`users` threads send `status` back to back; returns latencies (ms)."""
    latencies: list[float] = []
    lock = threading.Lock()
    start = time.monotonic()
    token = ms.issuer.token(service_url=ms.connector.url, now=datetime.now(UTC))
    headers = {"Authorization": f"Bearer {token}"}

    def user(n: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            i = 0
            while not until() or time.monotonic() - start < min_seconds:
                i += 1
                began = time.perf_counter()
                response = client.post("/api/messages", json=_activity(ms, n, i), headers=headers)
                took = (time.perf_counter() - began) * 1000
                assert response.status_code in (200, 202), response.text
                with lock:
                    latencies.append(took)
                time.sleep(0.5)  # a person typing, not a loop

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class _Clients:
    """The bare handler's Connector clients (it never calls them)."""

    async def create_connector_client(self, *args: Any, **kwargs: Any) -> ConnectorClient:
        return ConnectorClient(str(args[2] if len(args) > 2 else kwargs["service_url"]), "-")

    async def create_user_token_client(self, *args: Any, **kwargs: Any) -> UserTokenClient:
        return UserTokenClient("http://127.0.0.1:1/", "-")


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
    app = k.app
    system = make_meta(actor="system", channel="cli")
    store = TeamsStore(teams_engine(k.settings.database_url))
    now = k.clock.now()
    people = []
    for n in range(max(cards, users)):
        person = app.execute(
            c.RegisterPerson(name=f"Person {n}", email=f"p{n}@example.se"), system
        ).aggregate_id
        people.append(person)
        store.link(_aad(n), str(person), "cli", now)
        ref = ConversationRef(ms.connector.url, f"a:personal-{n}", TENANT_ID)
        store.remember(f"user:{_aad(n)}", ref, now)
    store.close()
    arena = app.execute(c.CreateArena(code="9.9", name="Bänk"), system).aggregate_id
    i = app.execute(
        c.CreateInitiative(arena_id=arena, code="9.9.1", title="Bänk", status="active"), system
    ).aggregate_id
    for person in people[:users]:
        app.execute(c.AddParticipant(initiative_id=i, person_id=person), system)
    opened = m.OpenCheckInRound(
        title="Läget",
        audience_kind="persons",
        person_ids=people[:cards],
        questions=status_questions(),
        opens_at=now - timedelta(minutes=1),
        due_at=now + timedelta(days=2),
    )
    return str(app.execute(opened, system).aggregate_id)


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
            reference = _drive(ms, bare, users, lambda: True, 10.0)
        k = bootstrap(Settings(database_url=url, outbox_dir=str(folder / "outbox")))
        try:
            round_id = _seed(k, ms, cards, users)
            k.projector.catch_up()
            cfg = SchedulerConfig()
            JobRunner(k.app, k.engines, k.projector, k.clock.now, cfg).run(
                f"round:{round_id}:notice"
            )
            ms.connector.bucket = Bucket(BURST, PER_SECOND)
            done = threading.Event()
            took: list[float] = []

            def send() -> None:
                began = time.perf_counter()
                assert k.notifier is not None
                Dispatcher(k.app, k.engines, k.projector, k.notifier, k.clock.now, cfg).run_once()
                took.append(time.perf_counter() - began)
                done.set()

            with serve(k) as base:
                sender = threading.Thread(target=send)
                sender.start()
                ours = _drive(ms, base, users, done.is_set, 0)
                sender.join()
            delivered = {
                s["path"] for s in ms.connector.sent if s["path"].rstrip("/").endswith("activities")
            }
        finally:
            k.close()
    assert len(delivered) >= cards, f"only {len(delivered)} cards arrived"
    minimum = max(0.0, (cards - BURST) / PER_SECOND)
    stamp = datetime.now(UTC).strftime("%H:%M")
    note = f"{len(ours)} activities during the round"
    return [
        Line(
            f"teams activity p50, 20 users during a 1,000-card round ({backend})",
            statistics.median(ours),
            statistics.median(reference),
            "ms",
            "bare Agents SDK handler, acknowledges only, no load",
            lower_is_better=True,
            note=note,
        ),
        Line(
            f"teams activity p99, 20 users during a 1,000-card round ({backend})",
            _pct(ours, 0.99),
            _pct(reference, 0.99),
            "ms",
            "bare Agents SDK handler, acknowledges only, no load",
            lower_is_better=True,
            note=note,
        ),
        Line(
            f"deliver 1,000 check-in cards, {BURST} burst + {PER_SECOND:.0f}/s limit ({backend})",
            took[0],
            minimum,
            "s",
            "least the limit allows",
            lower_is_better=True,
            note=f"{ms.connector.throttled} × 429 waited out; {stamp}",
        ),
    ]
