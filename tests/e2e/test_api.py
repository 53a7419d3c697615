"""The HTTP API end to end, over real HTTP against uvicorn."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
import pytest

from adapters.persistence.store_probe import StoreProbe
from domain.access import ApiRole
from samverka.bootstrap import Container
from tests.e2e.server import issue_token, serve
from tests.e2e.server import seed_arena as arena

PROBLEM = "application/problem+json"


@dataclass
class Api:
    base: str
    admin: httpx.Client
    moderator: httpx.Client
    member: httpx.Client
    auditor: httpx.Client
    anonymous: httpx.Client
    ids: dict[str, str]


@pytest.fixture
def api(container: Container) -> Iterator[Api]:
    ids: dict[str, str] = {}
    clients = {}
    group = arena(container)  # a member token works while its person is in an arena
    with serve(container) as base:
        # Bengt and Anna have member tokens: make_initiative makes Bengt
        # moderator and Anna a member of delarena 2.7, as an admin does.
        for key, role, name in [
            ("admin", ApiRole.ADMIN, "Samverka admin"),
            ("moderator", ApiRole.MEMBER, "Bengt Stavenow"),
            ("member", ApiRole.MEMBER, "Anna Jonsson"),
            ("auditor", ApiRole.AUDITOR, "Revisor Revisorsson"),
        ]:
            person, token = issue_token(container, name, role, arena=(group, "participant"))
            ids[key] = person
            clients[key] = httpx.Client(
                base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=10
            )
        clients["anonymous"] = httpx.Client(base_url=base, timeout=10)
        yield Api(base=base, ids=ids, **clients)
        for client in clients.values():
            client.close()


def make_arena(api: Api, code: str = "2.7") -> str:
    """An arena with the moderator client's person as moderator and the member
    client's as member (an admin creates arenas and their first moderator)."""
    arena = api.admin.post(
        "/api/v1/arenas", json={"code": code, "name": "Hälsofrämjande digitalt liv"}
    )
    assert arena.status_code == 201, arena.text
    arena_id = str(arena.json()["id"])
    for who, role in (("moderator", "moderator"), ("member", "participant")):
        added = api.admin.post(
            f"/api/v1/arenas/{arena_id}/members", json={"person_id": api.ids[who], "role": role}
        )
        assert added.status_code == 200, added.text
    return arena_id


def make_initiative(api: Api) -> tuple[str, str]:
    arena_id = make_arena(api)
    initiative = api.moderator.post(
        "/api/v1/initiatives",
        json={
            "arena_id": arena_id,
            "code": "2.7.4",
            "title": "Utveckla digitala lösningar för psykisk hälsa",
            "perspectives": ["barnperspektivet"],
        },
    )
    assert initiative.status_code == 201, initiative.text
    assert initiative.headers["location"].endswith(initiative.json()["id"])
    return arena_id, initiative.json()["id"]


def open_initiative_round(
    api: Api, initiative: str, now: datetime, title: str = "Läget"
) -> httpx.Response:
    """The moderator asks the initiative's participants; due in two days."""
    return api.moderator.post(
        "/api/v1/checkins",
        json={
            "title": title,
            "audience_kind": "initiative",
            "audience_id": initiative,
            "due_at": (now + timedelta(days=2)).isoformat(),
        },
    )


def walk_pages(
    client: httpx.Client, path: str, total: int, limit: int = 2, **params: object
) -> list[dict[str, object]]:
    """Reads a list page by page; checks every page against one read of all of it."""
    whole = client.get(path, params={**params, "limit": 1000})
    assert whole.status_code == 200, whole.text
    assert whole.json()["total"] == total and len(whole.json()["items"]) == total, path
    seen: list[dict[str, object]] = []
    for offset in range(0, total + limit, limit):
        page = client.get(path, params={**params, "limit": limit, "offset": offset}).json()
        assert (page["total"], page["limit"], page["offset"]) == (total, limit, offset), path
        assert len(page["items"]) == max(0, min(limit, total - offset)), path
        seen += page["items"]
    assert seen == whole.json()["items"], path
    assert client.get(path, params={**params, "limit": 1001}).status_code == 422
    return seen


def test_health_and_readiness(api: Api) -> None:
    assert api.anonymous.get("/healthz").json() == {"status": "ok"}
    ready = api.anonymous.get("/readyz")
    assert ready.status_code == 200 and ready.json()["lag"] == 0


def test_readiness_gives_a_reason_code_and_no_details(api: Api, container: Container) -> None:
    # A projector stuck on one event: its error names a row's values.
    container.projector.last_error = (
        "IntegrityError: (psycopg.errors.UniqueViolation) duplicate key\n"
        "[parameters: {'name': 'Anna Jonsson', 'email': 'anna@example.se'}]"
    )
    stuck = api.anonymous.get("/readyz")
    assert stuck.status_code == 503 and stuck.headers["content-type"] == PROBLEM
    body = stuck.json()
    assert body["reason"] == "projector_failing" and body["lag"] == 0
    assert "Anna" not in stuck.text and "IntegrityError" not in stuck.text
    container.projector.last_error = None
    # The database probe's own words (host, port, server message) stay in the log too.
    probe = StoreProbe("postgresql://samverka@127.0.0.1:1/samverka", timeout=1)
    assert not probe.check() and probe.last_error
    original, container.health.probe = container.health.probe, probe
    try:
        down = api.anonymous.get("/readyz")
    finally:
        container.health.probe = original
    assert down.status_code == 503 and down.json()["reason"] == "database_unreachable"
    assert probe.last_error not in down.text and "127.0.0.1" not in down.text
    assert api.anonymous.get("/readyz").status_code == 200


def test_without_a_valid_token_401_and_with_the_wrong_role_403(api: Api) -> None:
    for client, path in [
        (api.anonymous, "/api/v1/arenas"),
        (
            httpx.Client(base_url=api.base, headers={"Authorization": "Bearer nope"}),
            "/api/v1/persons",
        ),
    ]:
        response = client.get(path)
        assert response.status_code == 401
        assert response.headers["content-type"] == PROBLEM
        assert response.headers["www-authenticate"] == "Bearer"
    forbidden = api.member.post("/api/v1/arenas", json={"code": "9.9", "name": "x"})
    assert forbidden.status_code == 403 and forbidden.headers["content-type"] == PROBLEM
    assert api.auditor.post("/api/v1/persons", json={"name": "x"}).status_code == 403
    assert api.member.get("/api/v1/audit").status_code == 403
    assert api.auditor.get("/api/v1/audit").status_code == 200


def test_bad_input_is_a_4xx_problem_naming_the_field(api: Api) -> None:
    cases = [
        (api.admin.post("/api/v1/arenas", json={"code": "2.7"}), 422, "name"),
        (
            api.admin.post("/api/v1/arenas", json={"code": "2.7", "name": "x", "kind": "klubb"}),
            422,
            "kind",
        ),
        (
            api.admin.post("/api/v1/arenas", json={"code": "2.7", "name": "x", "extra": 1}),
            422,
            "extra",
        ),
        (
            api.admin.post("/api/v1/persons", json={"name": "Anna", "email": "nope"}),
            422,
            "email",
        ),
        (
            api.admin.post(
                "/api/v1/persons",
                content=b"{not json",
                headers={"content-type": "application/json"},
            ),
            422,
            None,
        ),
        (api.moderator.get("/api/v1/initiatives/not-a-uuid"), 422, "path.initiative_id"),
        (api.moderator.get("/api/v1/initiatives?limit=100000"), 422, "query.limit"),
        # The envelope's headers are checked by hand (one dependency), named the same way.
        (
            api.admin.post(
                "/api/v1/persons", json={"name": "Anna"}, headers={"Idempotency-Key": "k" * 151}
            ),
            422,
            "header.idempotency-key",
        ),
        (
            api.admin.post(
                "/api/v1/persons", json={"name": "Anna"}, headers={"X-Correlation-Id": "c" * 65}
            ),
            422,
            "header.x-correlation-id",
        ),
    ]
    for response, status, field in cases:
        assert response.status_code == status, response.text
        assert response.headers["content-type"] == PROBLEM
        body = response.json()
        assert body["status"] == status and body["detail"]
        if field:
            assert body["field"] == field
    too_big = api.admin.post(
        "/api/v1/persons",
        content=b"{" + b" " * 400_000 + b"}",
        headers={"content-type": "application/json"},
    )
    assert too_big.status_code == 413 and too_big.headers["content-type"] == PROBLEM
    missing = api.moderator.get("/api/v1/initiatives/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404


def test_request_ids_and_header_sizes_are_capped(api: Api) -> None:
    cases = [
        ({"X-Request-Id": "r" * 4_000_000}, 431, None),  # over the size of all headers
        ({"X-Padding": "p" * 40_000}, 431, None),
        ({"X-Request-Id": "r" * 129}, 422, "header.x-request-id"),
        ({"X-Request-Id": "two words"}, 422, "header.x-request-id"),
        ({"X-Request-Id": "tv\xe5".encode("latin-1")}, 422, "header.x-request-id"),
        ({"X-Correlation-Id": "a\tb"}, 422, "header.x-correlation-id"),
    ]
    for headers, status, field in cases:
        response = api.admin.post("/api/v1/persons", json={"name": "Anna"}, headers=headers)
        assert response.status_code == status, response.text
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["status"] == status
        if field:
            assert response.json()["field"] == field
    given = "req-" + "7" * 124
    made = api.admin.post("/api/v1/persons", json={"name": "Anna"}, headers={"X-Request-Id": given})
    assert made.status_code == 201, made.text
    trail = api.auditor.get("/api/v1/audit", params={"aggregate_id": made.json()["id"]})
    assert [row["correlation_id"] for row in trail.json()["items"]] == [given]


def test_a_chunked_body_over_the_limit_is_413(api: Api) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"name": "'
        for _ in range(8):
            yield b"x" * 64 * 1024
        yield b'"}'

    response = api.admin.post(
        "/api/v1/persons", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert "content-length" not in response.request.headers
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == 413


def test_create_update_and_read_your_writes(api: Api) -> None:
    arena_id, initiative_id = make_initiative(api)
    changed = api.member.post(
        f"/api/v1/initiatives/{initiative_id}/status",
        json={"status": "active", "reason": "Vi har börjat"},
    )
    assert changed.status_code == 200
    assert changed.json()["status"] == "active"
    assert changed.headers["etag"] == '"2"'
    again = api.member.get(f"/api/v1/initiatives/{initiative_id}")
    assert again.json()["status"] == "active"
    milestone = api.moderator.post(
        f"/api/v1/initiatives/{initiative_id}/milestones",
        json={"title": "Målgruppsanalys", "due": "Vår 2021?"},
    )
    assert milestone.json()["milestones"][0]["due_date"] == "2021-05-31"
    arena = api.member.get(f"/api/v1/arenas/{arena_id}").json()
    assert [i["code"] for i in arena["initiatives"]] == ["2.7.4"]


def test_stale_edit_gets_409_with_current_version(api: Api) -> None:
    _, initiative_id = make_initiative(api)
    ok = api.member.post(
        f"/api/v1/initiatives/{initiative_id}/health",
        json={"health": "on-track"},
        headers={"If-Match": '"1"'},
    )
    assert ok.status_code == 200
    stale = api.member.post(
        f"/api/v1/initiatives/{initiative_id}/health",
        json={"health": "blocked"},
        headers={"If-Match": '"1"'},
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert stale.headers["etag"] == '"2"'
    invalid = api.member.post(
        f"/api/v1/initiatives/{initiative_id}/status", json={"status": "completed"}
    )
    assert invalid.status_code == 409 and "Föreslaget" in invalid.json()["detail"]


def test_idempotency_key_records_once_and_replays_the_result(api: Api) -> None:
    headers = {"Idempotency-Key": "person-karin-1"}
    first = api.admin.post("/api/v1/persons", json={"name": "Karin Althen"}, headers=headers)
    second = api.admin.post("/api/v1/persons", json={"name": "Karin Althen"}, headers=headers)
    assert first.status_code == 201 and second.status_code == 200
    assert second.headers["idempotent-replayed"] == "true"
    assert first.json()["id"] == second.json()["id"]
    names = [p["name"] for p in api.admin.get("/api/v1/persons?limit=500").json()["items"]]
    assert names.count("Karin Althen") == 1
    other = api.admin.post("/api/v1/persons", json={"name": "Someone else"}, headers=headers)
    assert other.status_code == 422 and other.json()["field"] == "source_id"


def test_pagination_of_lists_and_of_the_audit_trail(api: Api) -> None:
    for n in range(7):
        assert api.admin.post("/api/v1/persons", json={"name": f"Person {n}"}).status_code == 201
    page = api.member.get("/api/v1/persons?limit=3&offset=3").json()
    assert page["limit"] == 3 and page["offset"] == 3 and len(page["items"]) == 3
    assert page["total"] == 4 + 7
    seen: list[int] = []
    cursor = None
    while True:
        params = {"limit": 4} | ({"cursor": cursor} if cursor else {})
        body = api.auditor.get("/api/v1/audit", params=params).json()
        seen += [item["position"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(set(seen)) and len(seen) >= 4 + 7


def test_audit_trail_shows_actor_and_channel(api: Api) -> None:
    _, initiative_id = make_initiative(api)
    api.member.post(f"/api/v1/initiatives/{initiative_id}/status", json={"status": "active"})
    trail = api.auditor.get("/api/v1/audit", params={"aggregate_id": initiative_id}).json()["items"]
    last = trail[-1]
    assert last["actor_id"] == api.ids["member"]
    assert last["actor_name"] == "Anna Jonsson"
    assert last["channel"] == "api"
    assert last["summary"] == "Anna Jonsson ändrade status för 2.7.4 till Pågår"
    in_english = api.auditor.get(
        "/api/v1/audit",
        params={"aggregate_id": initiative_id},
        headers={"Accept-Language": "en-GB,en;q=0.8"},
    ).json()["items"]
    assert in_english[-1]["summary"] == "Anna Jonsson changed the status of 2.7.4 to In progress"
    by_member = api.auditor.get("/api/v1/audit", params={"actor": api.ids["member"]}).json()[
        "items"
    ]
    assert {item["actor_id"] for item in by_member} == {api.ids["member"]}
    cli_only = api.auditor.get("/api/v1/audit", params={"channel": "cli"}).json()["items"]
    assert cli_only and {item["channel"] for item in cli_only} == {"cli"}
    naive = api.auditor.get("/api/v1/audit", params={"since": "2020-01-01T00:00:00"})
    assert naive.status_code == 422


def test_state_now_and_as_of(api: Api) -> None:
    _, initiative_id = make_initiative(api)
    before = api.auditor.get("/api/v1/audit").json()["items"][-1]["recorded_at"]
    api.member.post(f"/api/v1/initiatives/{initiative_id}/status", json={"status": "active"})
    now = api.auditor.get("/api/v1/state").json()
    then = api.auditor.get("/api/v1/state", params={"as_of": before}).json()
    assert now["arenas"][0]["initiatives"][0]["status"] == "active"
    assert then["arenas"][0]["initiatives"][0]["status"] == "proposed"
    assert api.member.get("/api/v1/state").status_code == 403


def test_openapi_and_docs_are_served(api: Api) -> None:
    spec = api.anonymous.get("/openapi.json").json()
    assert "/api/v1/initiatives/{initiative_id}/status" in spec["paths"]
    assert api.anonymous.get("/docs").status_code == 200


def test_minimal_answers_and_reading_your_writes_by_position(api: Api) -> None:
    _, initiative_id = make_initiative(api)
    answer = api.member.post(
        f"/api/v1/initiatives/{initiative_id}/health",
        json={"health": "blocked", "comment": "Ingen lokal"},
        headers={"Prefer": "return=minimal"},
    )
    assert answer.status_code == 200
    assert answer.json() == {
        "id": initiative_id,
        "version": 2,
        "position": int(answer.headers["x-samverka-position"]),
    }
    position = answer.headers["x-samverka-position"]
    seen = api.member.get(
        f"/api/v1/initiatives/{initiative_id}", headers={"X-Samverka-Min-Position": position}
    )
    assert seen.json()["health"] == "blocked"
    bad = api.member.get(
        f"/api/v1/initiatives/{initiative_id}", headers={"X-Samverka-Min-Position": "-1"}
    )
    assert bad.status_code == 422


def test_a_position_from_the_future_is_refused_at_once(api: Api) -> None:
    response = api.member.get("/api/v1/persons", headers={"X-Samverka-Min-Position": str(10**12)})
    assert response.status_code == 422
    assert response.elapsed.total_seconds() < 2
