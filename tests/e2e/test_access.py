"""Tokens that expire and stop with their person, who may read what, and a
moderator's correction of someone else's check-in answer — over real HTTP."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import httpx
import pytest

from samverka.bootstrap import Container
from samverka.settings import Settings, TokenSettings
from tests.clock import FixedClock
from tests.e2e import test_api
from tests.e2e.server import issue_token
from tests.e2e.test_api import PROBLEM, Api, make_arena, make_initiative

api = test_api.api  # a served app with one client per role


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Tokens are read from the table on every request here (no 2 s cache),
    so a change to a token shows at the next request."""
    return Settings(
        database_url=database_url, aggregate_cache_size=100, tokens=TokenSettings(cache_seconds=0)
    )


def _client(api: Api, token: str) -> httpx.Client:
    return httpx.Client(base_url=api.base, headers={"Authorization": f"Bearer {token}"})


def test_a_token_stops_at_its_expiry(api: Api, container: Container, clock: FixedClock) -> None:
    arena = UUID(make_arena(api))
    _, token = issue_token(container, "Kort token", days=2, arena=(arena, "participant"))
    with _client(api, token) as short:
        assert short.get("/api/v1/me").status_code == 200
        clock.advance(timedelta(days=2))
        expired = short.get("/api/v1/me")
    assert expired.status_code == 401 and expired.headers["content-type"] == PROBLEM


def test_expiry_is_given_when_a_token_is_created_and_capped(api: Api) -> None:
    made = api.admin.post(
        "/api/v1/tokens", json={"person_id": api.ids["member"], "expires_in_days": 7}
    )
    assert made.status_code == 201, made.text
    assert made.json()["expires_at"].startswith("2026-11-10")  # the fixed clock + 7 days
    too_long = api.admin.post(
        "/api/v1/tokens", json={"person_id": api.ids["member"], "expires_in_days": 366}
    )
    assert too_long.status_code == 422 and "SAMVERKA_TOKEN_MAX_DAYS" in too_long.json()["detail"]
    moderator = api.admin.post(
        "/api/v1/tokens", json={"person_id": api.ids["member"], "role": "moderator"}
    )
    assert moderator.status_code == 422 and moderator.json()["field"] == "role"
    assert (
        api.member.post("/api/v1/tokens", json={"person_id": api.ids["member"]}).status_code == 403
    )


def test_forgetting_a_person_or_removing_them_from_every_arena_stops_their_tokens(
    api: Api, container: Container
) -> None:
    make_arena(api)
    arenas = [a["id"] for a in api.admin.get("/api/v1/arenas").json()["items"]]
    assert len(arenas) == 2  # Anna is in the test group and in 2.7
    statuses = []
    for arena in arenas:
        removed = api.admin.delete(f"/api/v1/arenas/{arena}/members/{api.ids['member']}")
        assert removed.status_code == 200, removed.text
        statuses.append(api.member.get("/api/v1/me").status_code)
    assert statuses == [200, 401]  # leaving one arena is not enough; leaving all is
    assert api.moderator.get("/api/v1/me").status_code == 200
    forgotten = api.admin.post(f"/api/v1/persons/{api.ids['moderator']}/forget")
    assert forgotten.status_code == 200, forgotten.text
    refused = api.moderator.get("/api/v1/me")
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"


def _open_round(api: Api, container: Container, initiative: str) -> httpx.Response:
    """The moderator opens a status round on the initiative, due in two days."""
    due = (container.clock.now() + timedelta(days=2)).isoformat()
    return api.moderator.post(
        "/api/v1/checkins",
        json={
            "title": "Läget",
            "audience_kind": "initiative",
            "audience_id": initiative,
            "due_at": due,
        },
    )


def test_members_see_names_not_addresses(api: Api, container: Container) -> None:
    made = api.admin.post(
        "/api/v1/persons",
        json={
            "name": "Karin Althen",
            "email": "karin.althen@example.se",
            "slack_user_id": "U0KARIN1",
        },
    )
    assert made.status_code == 201, made.text
    karin = made.json()["id"]
    for client, sees in (
        (api.member, False),
        (api.moderator, False),
        (api.auditor, True),
        (api.admin, True),
    ):
        person = client.get(f"/api/v1/persons/{karin}").json()
        assert person["name"] == "Karin Althen" and person["organisation"] == ""
        assert ("email" in person, "slack_user_id" in person) == (sees, sees), client
        listed = next(p for p in client.get("/api/v1/persons").json()["items"] if p["id"] == karin)
        assert ("email" in listed) == sees
    own = api.member.get(f"/api/v1/persons/{api.ids['member']}").json()
    assert "email" in own  # a person sees their own


def test_answers_are_read_by_the_person_the_arenas_secretaries_and_auditors(
    api: Api, container: Container
) -> None:
    _, initiative = make_initiative(api)
    for who in ("member", "moderator"):
        joined = api.moderator.post(
            f"/api/v1/initiatives/{initiative}/participants", json={"person_id": api.ids[who]}
        )
        assert joined.status_code == 200, joined.text
    opened = _open_round(api, container, initiative)
    assert opened.status_code == 201, opened.text
    rid = opened.json()["id"]
    for client, text in ((api.member, "risk"), (api.moderator, "på spår")):
        answered = client.post(
            f"/api/v1/checkins/{rid}/answers", json={"answers": {"health": text}}
        )
        assert answered.status_code == 200, answered.text

    def answers_seen(client: httpx.Client) -> dict[str, object]:
        rows = client.get(f"/api/v1/checkins/{rid}/recipients").json()["items"]
        return {r["person_id"]: r["answers"] for r in rows}

    anna, bengt = api.ids["member"], api.ids["moderator"]
    assert answers_seen(api.member) == {anna: {"health": "at-risk"}, bengt: None}
    assert answers_seen(api.moderator)[anna] == {"health": "at-risk"}
    assert answers_seen(api.auditor)[bengt] == {"health": "on-track"}
    over_time = api.member.get(f"/api/v1/initiatives/{initiative}/checkin-answers").json()
    assert {r["person_id"] for r in over_time["items"]} == {anna}


def test_a_moderator_corrects_an_answer_only_with_a_reason(api: Api, container: Container) -> None:
    _, initiative = make_initiative(api)
    api.moderator.post(
        f"/api/v1/initiatives/{initiative}/participants", json={"person_id": api.ids["member"]}
    )
    rid = _open_round(api, container, initiative).json()["id"]
    anna = api.ids["member"]
    api.member.post(f"/api/v1/checkins/{rid}/answers", json={"answers": {"health": "på spår"}})
    silent = api.moderator.post(
        f"/api/v1/checkins/{rid}/answers",
        json={"answers": {"health": "blockerad"}, "person_id": anna},
    )
    assert silent.status_code == 422 and silent.json()["field"] == "reason"
    by_auditor = api.auditor.post(
        f"/api/v1/checkins/{rid}/answers",
        json={"answers": {"health": "blockerad"}, "person_id": anna, "reason": "x"},
    )
    assert by_auditor.status_code == 403
    corrected = api.moderator.post(
        f"/api/v1/checkins/{rid}/answers",
        json={
            "answers": {"health": "blockerad"},
            "person_id": anna,
            "reason": "Anna svarade på fel initiativ, enligt mejl",
        },
    )
    assert corrected.status_code == 200, corrected.text
    trail = api.auditor.get("/api/v1/audit", params={"limit": 50}).json()["items"]
    [line] = [r for r in trail if "rättade" in r["summary"]]
    assert "Anna Jonsson" in line["summary"] and "fel initiativ" in line["summary"]
    assert line["actor_id"] == api.ids["moderator"]
