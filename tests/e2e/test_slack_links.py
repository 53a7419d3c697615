"""Who is linked to which Slack user, and taking a link away: the admin API over
real HTTP, the audit trail, and the Slack front door treating the user as not
linked afterwards (against the fake Slack API, requests signed as Slack signs
them). On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl
from uuid import UUID

import httpx
import pytest

from domain.access import ApiRole
from projections import tables as t
from projections.export import replay_in_memory, snapshot_from_db, snapshot_from_memory
from projections.plan import queries
from tests.e2e import slack_requests as s
from tests.e2e.server import issue_token
from tests.e2e.slack_world import ANNA, BENGT, World, slack_world

FORM = "application/x-www-form-urlencoded"
LINKS = "/api/v1/slack/links"


@dataclass
class Admin:
    world: World
    admin: httpx.Client
    moderator: httpx.Client
    admin_id: str


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[Admin]:
    with slack_world(tmp_path, monkeypatch, database_url) as world:
        admin_id, admin_token = issue_token(world.k, "Samverka admin", ApiRole.ADMIN)
        with world.k.engines.read.connect() as conn:
            arena = UUID(str(queries.arena_id_by_code(conn, "2.7")))
        _, moderator_token = issue_token(
            world.k, "Moa Moderator", ApiRole.MEMBER, arena=(arena, "moderator")
        )
        base = str(world.http.base_url)
        with (
            httpx.Client(base_url=base, headers=_bearer(admin_token), timeout=15) as admin,
            httpx.Client(base_url=base, headers=_bearer(moderator_token), timeout=15) as mod,
        ):
            yield Admin(world=world, admin=admin, moderator=mod, admin_id=admin_id)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def events_count(w: World) -> int:
    return int(w.k.app.recorder.max_notification_id() or 0)


def status_from_slack(w: World, user: str) -> str:
    """Runs `/samverka status` as the Slack user; returns what they were told."""
    body = s.slash("status", user, w.fake.url)
    response = s.post(w.http, body, FORM)
    assert response.status_code == 200, response.text
    rid = dict(parse_qsl(body))["response_url"].rsplit("/", 1)[1]
    answer: dict[str, Any] = w.fake.wait_for(f"response/{rid}")[0]
    return str(answer.get("text")) + str(answer.get("blocks", ""))


def trail_of(w: World, person: str) -> list[dict[str, Any]]:
    with w.k.engines.read.connect() as conn:
        rows, _ = w.k.trail.page(queries.AuditFilter(aggregate_id=person), limit=100, conn=conn)
    return rows


def recorded_at(w: World, person: str, event_type: str) -> str:
    return str([r for r in trail_of(w, person) if r["event_type"] == event_type][-1]["recorded_at"])


def test_an_admin_sees_the_links_and_takes_one_away(ctx: Admin) -> None:
    w = ctx.world
    anna, bengt = str(w.anna), str(w.bengt)
    assert "2.7.2" in status_from_slack(w, BENGT)  # linked by his confirmed e-mail address
    w.k.projector.catch_up()

    listed = ctx.admin.get(LINKS)
    assert listed.status_code == 200, listed.text
    items = listed.json()["items"]
    linked_at = {anna: recorded_at(w, anna, "Registered"), bengt: recorded_at(w, bengt, "Revised")}
    assert items == [
        {
            "person_id": anna,
            "name": "Anna Jonsson",
            "slack_user_id": ANNA,
            "linked_at": linked_at[anna],
            "channel": "cli",
            "linked_by": "system",
            "linked_by_name": "Samverka",
        },
        {
            "person_id": bengt,
            "name": "Bengt Stavenow",
            "slack_user_id": BENGT,
            "linked_at": linked_at[bengt],
            "channel": "slack",
            "linked_by": bengt,
            "linked_by_name": "Bengt Stavenow",
        },
    ]

    # Only an admin: a moderator may neither see the links nor take one away.
    before = events_count(w)
    assert ctx.moderator.get(LINKS).status_code == 403
    refused = ctx.moderator.delete(f"/api/v1/persons/{bengt}/slack")
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    assert httpx.get(f"{w.http.base_url}{LINKS}").status_code == 401
    assert events_count(w) == before

    unlinked = ctx.admin.delete(f"/api/v1/persons/{bengt}/slack")
    assert unlinked.status_code == 200, unlinked.text
    assert unlinked.json()["slack_user_id"] is None
    assert [i["person_id"] for i in ctx.admin.get(LINKS).json()["items"]] == [anna]
    last = trail_of(w, bengt)[-1]
    assert (last["event_type"], last["channel"], last["actor_id"]) == (
        "SlackUnlinked",
        "api",
        ctx.admin_id,
    )
    assert last["summary"] == "Samverka admin tog bort kopplingen mellan Bengt Stavenow och Slack"

    # Bengt's Slack user is not linked now: he is told so, and nothing is recorded,
    # though his own earlier link by e-mail would be the same command again.
    after = events_count(w)
    told = status_from_slack(w, BENGT)
    assert "inte kopplat" in told and "Be en administratör koppla det" in told
    assert events_count(w) == after
    # Taking away a link that is gone changes nothing; a person who is not there is a 404.
    again = ctx.admin.delete(f"/api/v1/persons/{bengt}/slack")
    assert again.status_code == 200 and events_count(w) == after
    missing = ctx.admin.delete("/api/v1/persons/00000000-0000-4000-8000-000000000000/slack")
    assert missing.status_code == 404


def test_a_person_an_admin_unlinked_is_not_linked_again_by_e_mail(ctx: Admin) -> None:
    w = ctx.world
    anna = str(w.anna)
    assert ctx.admin.delete(f"/api/v1/persons/{anna}/slack").status_code == 200
    before = events_count(w)
    # Anna's Slack profile has her confirmed address, but an admin took the link away.
    told = status_from_slack(w, ANNA)
    assert "inte kopplat" in told
    assert events_count(w) == before
    with w.k.engines.read.connect() as conn:
        assert queries.find_person_by_slack_id(conn, ANNA) is None
    # An admin links her again explicitly; then Slack knows her.
    linked = ctx.admin.put(f"/api/v1/persons/{anna}/slack", json={"slack_user_id": ANNA})
    assert linked.status_code == 200, linked.text
    assert "2.7.2" in status_from_slack(w, ANNA)
    links = ctx.admin.get(LINKS).json()["items"]
    assert [(i["person_id"], i["channel"], i["linked_by"]) for i in links] == [
        (anna, "api", ctx.admin_id)
    ]

    # The links are a view like the others: a replay of the log gives the same rows.
    w.k.projector.catch_up()
    tables = (t.persons, t.slack_links)
    store, _ = replay_in_memory(w.k.app)
    with w.k.engines.read.connect() as conn:
        assert snapshot_from_db(conn, tables) == snapshot_from_memory(store, tables)
