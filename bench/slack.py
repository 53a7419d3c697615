"""The Slack front door under load, against the local fake Slack Web API.

- ack latency: 20 users each sending signed `/samverka status` commands
  back to back while a check-in round of 1,000 DMs is being sent, measured
  as the HTTP round trip of POST /slack/events; next to a bare Bolt app in
  FastAPI under uvicorn that only acks, driven the same way, same run.
- DM delivery: the dispatcher sending the round's 1,000 check-in DMs (and the
  channel post) through the Slack notifier while the fake limits
  chat.postMessage like Slack (a burst, then a steady rate, 429 with
  Retry-After in whole seconds); next to the least time those limits allow.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

import httpx
from fastapi import FastAPI, Request
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from bench.backends import fresh_database
from bench.chat_load import Door, Send, drive, round_lines, round_under_load, seed_round
from bench.report import Line
from domain import commands as c
from domain.meta import make_meta
from samverka.bootstrap import Container, bootstrap
from samverka.settings import Settings
from tests.e2e.fake_slack import FakeSlack, fake_slack
from tests.e2e.server import running
from tests.e2e.slack_requests import SECRET, signature

SLACK = Door("slack ack", "DM", "commands", "bare Bolt ack, no load", "least the limits allow")


def _signed(body: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature(SECRET, stamp, body),
    }


def _status(response_url: str) -> Send:
    """User `n`'s `/samverka status`, signed."""

    def send(client: httpx.Client, n: int, i: int) -> httpx.Response:
        body = urlencode(
            {
                "team_id": "T1",
                "user_id": f"U0BENCH{n:04d}",
                "command": "/samverka",
                "text": "status",
                "response_url": response_url,
                "trigger_id": f"{n}.{i}.t",
            }
        )
        return client.post("/slack/events", content=body, headers=_signed(body))

    return send


@contextmanager
def _bare_bolt(api_url: str) -> Iterator[str]:
    """A bare Bolt app that only acks, in FastAPI under uvicorn."""
    from adapters.slack.config import SlackConfig
    from adapters.slack.notifier import web_client

    bolt = App(
        signing_secret=SECRET,
        client=web_client(SlackConfig(bot_token="xoxb-b", api_url=api_url)),
        token_verification_enabled=False,
    )
    bolt.command("/samverka")(lambda ack: ack())
    app = FastAPI()

    @app.post("/slack/events")
    async def events(request: Request) -> Response:
        body = await request.body()
        return to_starlette_response(
            await run_in_threadpool(bolt.dispatch, to_bolt_request(request, body))
        )

    with running(app) as url:
        yield url


def _seed(k: Container, fake: FakeSlack, dms: int, users: int) -> str:
    system = make_meta(actor="system", channel="cli")
    people = []
    for n in range(max(dms, users)):
        uid = f"U0BENCH{n:04d}"
        fake.add_user(uid, f"p{n}@example.se")
        registered = c.RegisterPerson(name=f"Person {n}", slack_user_id=uid)
        people.append(k.app.execute(registered, system).aggregate_id)
    return seed_round(k, people, users, dms)


def bench_slack(backend: str, dms: int = 1000, users: int = 20) -> list[Line]:
    os.environ["SAMVERKA_SLACK_MAX_RETRIES"] = "50"
    with fake_slack() as fake, fresh_database(backend) as url:
        api = f"{fake.url}/api/"
        os.environ.update(
            {"SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api}
        )
        with _bare_bolt(api) as bare:
            reference = drive(bare, users, _status(f"{fake.url}/response/bare"), lambda: True, 10.0)
        outbox = tempfile.mkdtemp(prefix="samverka-bench-outbox-")
        k = bootstrap(Settings(database_url=url, outbox_dir=outbox))

        def load(base: str, sent: Callable[[], bool]) -> list[float]:
            found = drive(base, users, _status(f"{fake.url}/response/ours"), sent, 0)
            time.sleep(1.0)  # let the last lazy listeners answer before Slack goes away
            return found

        try:
            round_id = _seed(k, fake, dms, users)

            def limit(burst: int, per_second: float) -> None:
                fake.limit("chat.postMessage", burst=burst, per_second=per_second)

            ours, took = round_under_load(k, round_id, limit, load)
            posted = {p["channel"] for p in fake.of("chat.postMessage")}
        finally:
            k.close()
    return round_lines(
        SLACK,
        backend,
        ours,
        reference,
        took,
        sent=dms,
        arrived=len(posted),
        throttled=fake.rate_limited,
    )
