"""Administration over real HTTP: an admin in no arena signs in, adds a
person, links their Slack id, gives them an arena role and an API token
(the secret shown once) and revokes it; everyone else is refused and
nothing is recorded; a form without its CSRF token is refused."""

from __future__ import annotations

import re
from datetime import timedelta
from uuid import UUID

from adapters.web.sessions import token_use, web_engine
from domain import commands as c
from domain.access import ApiRole, hash_token
from samverka.demo import Loaded
from services.i18n import translator
from tests.clock import FixedClock
from tests.e2e.server import issue_token
from tests.e2e.web_world import *  # noqa: F403 (the world's fixtures)
from tests.e2e.web_world import (
    SYSTEM,
    AdminSession,
    WebWorld,
    admin_session,
    csrf_of,
    make_admin,
    settings,
)

__all__ = ["admin_session", "settings"]  # the fixtures used here


def _people(world: WebWorld) -> int:
    return len(world.k.plan.persons_page(limit=1000, offset=0).items)


def test_an_admin_adds_a_person_with_a_role_and_a_token(admin_session: AdminSession) -> None:
    world, _admin, client = admin_session
    k = world.k
    home = client.get("/").text
    assert 'href="/admin/people"' in home and "Administration" in home
    page = client.get("/admin/people").text
    form = {"csrf": csrf_of(page), "form_id": "add-person-0123456789"}
    added = client.post(
        "/admin/people",
        data={**form, "name": "Nora Ny", "email": "nora@example.se", "organisation": "RF"},
    )
    assert added.status_code == 303
    url = added.headers["location"].split("?")[0]
    person_id = url.rsplit("/", 1)[1]
    shown = client.get(added.headers["location"]).text
    assert "Personen är tillagd" in shown and "Nora Ny" in shown
    token = csrf_of(shown)
    linked = client.post(
        f"{url}/slack",
        data={"csrf": token, "form_id": "slack-link-0123456789", "slack_user_id": "U024BE7LH"},
    )
    assert linked.status_code == 303
    member = client.post(
        f"{url}/arenas",
        data={"csrf": token, "arena_id": str(world.arena), "role": "secretary"},
    )
    assert member.status_code == 303
    made = client.post(
        f"{url}/tokens",
        data={"csrf": token, "form_id": "token-made-0123456789", "role": "member",
              "label": "Skript", "days": "30"},
    )  # fmt: skip
    assert made.status_code == 200 and "visas bara den här gången" in made.text
    found = re.search(r'<p class="secret" id="new-token">([^<]+)</p>', made.text)
    assert found is not None
    secret = found.group(1)
    again = client.get(url).text
    assert secret not in again, "the secret is shown once"
    (row,) = k.plan.tokens(person_id)
    assert row["token_hash"] == hash_token(secret) and row["label"] == "Skript"
    assert row["expires_at"].startswith((k.clock.now() + timedelta(days=30)).date().isoformat())
    api = client.patch(
        f"/api/v1/persons/{person_id}",
        json={"organisation": "Region Norr"},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert api.status_code == 200, api.text
    k.projector.catch_up()
    used = f"senast använd {translator('sv').when(k.clock.now())}"
    assert used in client.get("/admin/tokens").text
    revoked = client.post(
        f"/admin/tokens/{row['id']}/revoke",
        data={"csrf": token, "back": f"/admin/people/{person_id}#tokens"},
    )
    assert revoked.status_code == 303 and revoked.headers["location"].startswith(url)
    assert "Skript" in client.get("/admin/tokens").text
    person = k.plan.get_person(person_id)
    assert person is not None and person["slack_user_id"] == "U024BE7LH"
    assert k.plan.arena_roles(person_id) == {str(world.arena): "secretary"}
    assert k.plan.tokens(person_id)[0]["revoked"]


def _last_use(world: WebWorld) -> list[tuple[str, str]]:
    with web_engine(world.k.settings.database_url).connect() as conn:
        return [(r.token_id, r.last_used_at) for r in conn.execute(token_use.select())]


def test_a_tokens_last_use_is_noted_once_a_minute(
    demo: tuple[WebWorld, Loaded], clock: FixedClock
) -> None:
    """Reads count as use too; a busy token costs one write a minute, not one per request."""
    world, _ = demo
    k = world.k
    person, secret = issue_token(k, "Rut Robot", ApiRole.AUDITOR)
    (token_id,) = [str(t["id"]) for t in k.plan.tokens(person)]
    admin = make_admin(k)
    with world.session(admin) as client:
        assert "inte använd ännu" in client.get(f"/admin/people/{person}").text
    assert _last_use(world) == []
    first = clock.now()
    with world.client() as api:
        api.headers["authorization"] = f"Bearer {secret}"
        assert api.get("/api/v1/persons").status_code == 200
        assert _last_use(world) == [(token_id, first.isoformat())]
        clock.advance(timedelta(seconds=59))
        for _ in range(3):
            assert api.get("/api/v1/persons").status_code == 200
        assert _last_use(world) == [(token_id, first.isoformat())], "not written again yet"
        clock.advance(timedelta(seconds=1))
        assert api.get("/api/v1/persons").status_code == 200
    later = clock.now()
    assert _last_use(world) == [(token_id, later.isoformat())]
    with world.session(admin) as client:
        page = client.get("/admin/tokens").text
    assert f"senast använd {translator('sv').when(later)}" in page


def test_others_are_refused_and_nothing_is_recorded(demo: tuple[WebWorld, Loaded]) -> None:
    world, _ = demo
    before = _people(world)
    with world.session(world.moderator) as client:
        home = client.get("/").text
        assert "/admin/people" not in home
        refused_page = client.get("/admin/people")
        assert refused_page.status_code == 403 and "Inte för din roll" in refused_page.text
        assert 'href="/arenas"' in refused_page.text, "the menu is still there"
        assert client.get(f"/admin/people/{world.member}").status_code == 403
        refused = client.post("/admin/people", data={"csrf": csrf_of(home), "name": "Smygare"})
        assert refused.status_code == 403 and "Inget sparades" in refused.text
        refused = client.post(
            f"/admin/people/{world.member}/arenas/{world.arena}",
            data={"csrf": csrf_of(home), "role": "moderator"},
        )
        assert refused.status_code == 403
    assert _people(world) == before
    assert world.k.plan.arena_roles(world.member) == {str(world.arena): "secretary"}


def test_an_admin_form_without_csrf_is_refused(admin_session: AdminSession) -> None:
    world, _admin, client = admin_session
    before = _people(world)
    client.get("/admin/people")
    refused = client.post("/admin/people", data={"name": "Utan Token"})
    assert refused.status_code == 403
    wrong = client.post("/admin/people", data={"csrf": "y" * 43, "name": "Utan Token"})
    assert wrong.status_code == 403
    assert _people(world) == before


def test_a_bad_address_is_shown_at_its_field(admin_session: AdminSession) -> None:
    world, _admin, client = admin_session
    before = _people(world)
    page = client.get("/admin/people").text
    bad = client.post(
        "/admin/people",
        data={"csrf": csrf_of(page), "name": "Nora Ny", "email": "inte en adress"},
    )
    days = client.post(
        f"/admin/people/{world.member}/tokens",
        data={"csrf": csrf_of(page), "role": "member", "days": "100000"},
    )
    assert bad.status_code == 422
    assert 'id="add-email-error"' in bad.text and "Skriv en e-postadress" in bad.text
    assert 'value="inte en adress"' in bad.text and 'aria-invalid="true"' in bad.text
    assert days.status_code == 422 and "ange ett antal dagar från 1 till 365" in days.text
    assert _people(world) == before and world.k.plan.tokens(world.member) == []


def test_an_admin_loses_the_session_with_the_last_admin_token(
    admin_session: AdminSession,
) -> None:
    world, admin, client = admin_session
    k = world.k
    assert client.get("/admin/people").status_code == 200
    (row,) = k.plan.tokens(admin)
    k.app.execute(c.RevokeToken(token_id=UUID(row["id"])), SYSTEM)
    k.projector.catch_up()
    gone = client.get("/admin/people")
    assert gone.status_code == 303 and gone.headers["location"].endswith("/sign-in")
