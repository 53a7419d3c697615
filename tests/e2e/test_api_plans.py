"""A plan and its yearly follow-up over real HTTP: the coordinator builds the
plan, a contact person answers, the compilation is read by the plan's
moderator and refused to a member."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import UUID

import httpx
import pytest

from domain.access import ApiRole
from domain.checkins.round import survey_round_id
from domain.meetings import commands as m
from domain.meta import make_meta
from samverka.bootstrap import Container
from tests.e2e.server import issue_token, seed_arena, serve


@pytest.fixture
def now() -> datetime:
    return datetime(2025, 12, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def world(container: Container) -> Iterator[dict[str, httpx.Client]]:
    arena = seed_arena(container, "RKPH")
    out: dict[str, httpx.Client] = {}
    with serve(container) as base:
        for name, role in (
            ("moderator", "moderator"),
            ("member", "participant"),
            ("contact", "participant"),
        ):
            person, token = issue_token(container, name, ApiRole.MEMBER, arena=(arena, role))
            client = httpx.Client(
                base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30
            )
            client.headers["X-Person"] = person
            client.headers["X-Arena"] = str(arena)
            out[name] = client
        yield out
        for client in out.values():
            client.close()


def ok(response: httpx.Response) -> dict:  # type: ignore[type-arg]
    assert response.status_code in (200, 201), response.text
    return response.json()  # type: ignore[no-any-return]


def test_plan_built_answered_and_compiled_over_http(
    container: Container, world: dict[str, httpx.Client]
) -> None:
    mod, member, contact = world["moderator"], world["member"], world["contact"]
    arena = mod.headers["X-Arena"]
    plan = ok(
        mod.post(
            "/api/v1/plans",
            json={
                "code": "vrm",
                "title": "Plan för god psykisk hälsa",
                "goal": "God psykisk hälsa bland värmlänningarna",
                "first_year": 2021,
                "last_year": 2026,
                "county": "Värmlands län",
                "arena_id": arena,
            },
        )
    )
    pid = plan["id"]
    ok(mod.post(f"/api/v1/plans/{pid}/targets", json={"code": "M1", "title": "Målbild 1"}))
    plan = ok(
        mod.post(
            f"/api/v1/plans/{pid}/areas",
            json={
                "code": "IO2",
                "title": "Tidig upptäckt",
                "challenges": ["Hur kan vi systematiskt arbeta med att synliggöra risker?"],
            },
        )
    )
    area = plan["areas"][0]["part_id"]
    ok(
        mod.post(
            f"/api/v1/plans/{pid}/areas/{area}/questions",
            json={"text": "Används screeninginstrument?"},
        )
    )
    plan = ok(
        mod.post(
            f"/api/v1/plans/{pid}/areas/{area}/questions",
            json={"text": "Vad har gjorts?", "kind": "text"},
        )
    )
    assert [q["id"] for q in plan["areas"][0]["questions"]] == ["IO2-1", "IO2-2"]
    org = ok(
        mod.post(
            "/api/v1/organisations",
            json={
                "code": "karlstad",
                "name": "Karlstads kommun",
                "kind": "kommun",
                "county": "Värmlands län",
                "area_code": "1780",
                "arena_id": arena,
            },
        )
    )
    other = ok(
        mod.post(
            "/api/v1/organisations",
            json={
                "code": "arvika",
                "name": "Arvika kommun",
                "kind": "kommun",
                "arena_id": arena,
            },
        )
    )
    ok(
        mod.post(
            f"/api/v1/organisations/{org['id']}/persons",
            json={"person_id": contact.headers["X-Person"], "contact": True},
        )
    )
    ok(
        mod.post(
            f"/api/v1/organisations/{other['id']}/persons",
            json={"person_id": member.headers["X-Person"], "contact": True},
        )
    )
    for o in (org, other):
        ok(mod.post(f"/api/v1/plans/{pid}/organisations", json={"organisation_id": o["id"]}))
    survey = ok(
        mod.post(f"/api/v1/plans/{pid}/survey", json={"title": "Uppföljning", "first_year": 2025})
    )
    assert survey["plan_id"] == pid
    container.app.execute(
        m.OpenSurveyRound(survey_id=survey["id"], year=2025),
        make_meta(actor="system", channel="scheduler"),
    )
    round_id = str(survey_round_id(UUID(survey["id"]), 2025))
    ok(
        contact.post(
            f"/api/v1/checkins/{round_id}/answers",
            json={
                "person_id": contact.headers["X-Person"],
                "answers": {"IO2-1": "ja", "IO2-2": "Screening införd"},
            },
        )
    )
    refused = member.get(f"/api/v1/plans/{pid}/follow-ups/2025")
    assert refused.status_code == 403, refused.text
    result = ok(mod.get(f"/api/v1/plans/{pid}/follow-ups/2025"))
    assert result["response"]["answered"] == 1 and result["response"]["invited"] == 2
    assert [x["name"] for x in result["response"]["missing"]] == ["Arvika kommun"]
    (compiled,) = result["areas"]
    assert compiled["questions"][0]["this_year"]["counts"]["ja"] == 1
    assert compiled["questions"][1]["this_year"]["texts"][0]["organisation"] == "Karlstads kommun"
    ok(
        mod.post(
            f"/api/v1/plans/{pid}/areas/{area}/narratives",
            json={"year": 2025, "done": "Screening", "next": "Sprida"},
        )
    )
    ok(
        mod.post(
            f"/api/v1/plans/{pid}/areas/{area}/narratives",
            json={"year": 2025, "done": "Screening i skolan", "next": "Sprida"},
        )
    )
    history = ok(member.get(f"/api/v1/plans/{pid}/narratives", params={"area_id": area}))
    assert [h["revision"] for h in history] == [2, 1]
    assert (
        member.get("/api/v1/plans/00000000-0000-0000-0000-000000000000/follow-ups/2025").status_code
        == 404
    )
    orgs = ok(member.get("/api/v1/organisations", params={"kind": "kommun"}))
    assert orgs["total"] == 2
