"""Editing an initiative in place over real HTTP, on the demo world: the
moderator's edits (with and without htmx), a stale edit that says who
changed what since, a member refused where only moderators plan, and a form
without its CSRF token; nothing is recorded by a refused form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from uuid import UUID

import pytest

from domain import commands as c
from samverka.bootstrap import bootstrap
from samverka.demo import DemoLoader, Loaded
from samverka.settings import Settings
from services.notifications import FakeNotifier
from tests.clock import FixedClock
from tests.e2e.server import serve
from tests.e2e.web_world import *  # noqa: F403 (the world's fixtures)
from tests.e2e.web_world import SYSTEM, WebWorld, csrf_of, settings

__all__ = ["settings"]  # the fixtures used here
HTMX = {"HX-Request": "true"}


def _version(world: WebWorld, initiative: UUID) -> int:
    found = world.k.plan.get_initiative(str(initiative))
    assert found is not None
    return int(found["version"])


def _initiative(demo: tuple[WebWorld, Loaded]) -> tuple[WebWorld, UUID, str]:
    """The demo world, its initiative 2.7.2 and that initiative's page."""
    world, loaded = demo
    initiative = loaded.initiatives["272"]
    return world, initiative, f"/initiatives/{initiative}"


def _form(page: str, action: str) -> dict[str, str]:
    """The hidden fields of the form that posts to `action`."""
    start = page.index(f'action="{action}"')
    form = page[start : page.index("</form>", start)]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    assert fields["csrf"] == csrf_of(page)
    return fields


def test_a_moderator_edits_the_goal_and_adds_an_estimated_milestone(
    demo: tuple[WebWorld, Loaded],
) -> None:
    world, initiative, url = _initiative(demo)
    with world.session(world.moderator) as client:
        page = client.get(url).text
        assert "Ändra målbild och delmål" in page and "Lägg till en milstolpe" in page
        fields = _form(page, f"{url}/goal")
        assert fields["expected_version"] == str(_version(world, initiative))
        done = client.post(
            f"{url}/goal",
            data={**fields, "goal": "Alla når hälsofrämjande tjänster", "objectives": "Ett\nTvå"},
        )
        assert done.status_code == 303 and done.headers["location"].endswith("?saved=goal#h-goal")
        shown = client.get(done.headers["location"]).text
        assert "Alla når hälsofrämjande tjänster" in shown and "Sparat." in shown
        fields = _form(shown, f"{url}/milestones")
        part = client.post(
            f"{url}/milestones",
            data={**fields, "title": "Workshop med kommunerna", "due": "Oktober?"},
            headers=HTMX,
        )
    assert part.status_code == 200 and part.text.startswith('<div id="plan"')
    assert "Workshop med kommunerna" in part.text and "Oktober?" in part.text
    found = world.k.plan.get_initiative(str(initiative))
    assert found is not None and found["goal"] == "Alla når hälsofrämjande tjänster"
    assert found["objectives"] == ["Ett", "Två"]


@pytest.fixture
def pg_demo(
    pg_schema_url: str, clock: FixedClock, notifier: FakeNotifier
) -> Iterator[tuple[WebWorld, Loaded]]:
    """The demo world served from PostgreSQL."""
    k = bootstrap(
        Settings(database_url=pg_schema_url, aggregate_cache_size=100),
        clock=clock,
        notifier=notifier,
    )
    try:
        loaded = DemoLoader(k.app).load()
        k.projector.catch_up()
        people = loaded.persons
        with serve(k) as base:
            yield (
                WebWorld(
                    k,
                    base,
                    notifier,
                    loaded.arenas["27"],
                    moderator=str(people["bengt"]),
                    member=str(people["amanda"]),
                ),
                loaded,
            )
    finally:
        k.close()


def test_a_stale_edit_says_who_changed_what_and_offers_to_reload(
    demo: tuple[WebWorld, Loaded],
) -> None:
    _stale_edit(demo)


@pytest.mark.postgres
def test_a_stale_edit_on_postgresql(pg_demo: tuple[WebWorld, Loaded]) -> None:
    _stale_edit(pg_demo)


def _stale_edit(demo: tuple[WebWorld, Loaded]) -> None:
    world, initiative, url = _initiative(demo)
    with world.session(world.moderator) as client:
        fields = _form(client.get(url).text, f"{url}/goal")
        # Meanwhile the secretary reports health through another page.
        with world.session(world.member) as other:
            theirs = _form(other.get(url).text, f"{url}/health")
            saved = other.post(f"{url}/health", data={**theirs, "health": "at-risk"})
            assert saved.status_code == 303
        before = _version(world, initiative)
        stale = client.post(f"{url}/goal", data={**fields, "goal": "Mitt nya mål"})
        assert stale.status_code == 409
        assert "Någon annan har ändrat det här sedan du öppnade sidan" in stale.text
        assert "Amanda Romare rapporterade läget för 2.7.2: risk" in stale.text
        assert "Ladda om sidan" in stale.text and "Mitt nya mål" in stale.text
        assert _version(world, initiative) == before, "nothing was recorded"
        part = client.post(f"{url}/goal", data={**fields, "goal": "Mitt nya mål"}, headers=HTMX)
        assert part.status_code == 200 and 'role="alert"' in part.text
        assert "Amanda Romare" in part.text
        # The answer carries the new version: saving again writes over it.
        again = _form(part.text, f"{url}/goal")
        assert again["expected_version"] == str(before)
        assert client.post(f"{url}/goal", data={**again, "goal": "Mitt nya mål"}).status_code == 303


def test_a_member_cannot_plan_and_nothing_is_recorded(demo: tuple[WebWorld, Loaded]) -> None:
    world, initiative, url = _initiative(demo)
    k = world.k
    outsider = k.app.execute(c.RegisterPerson(name="Olle Utanför", email="olle@example.se"), SYSTEM)
    other_arena = k.app.execute(c.CreateArena(code="9.9", name="Annan arena"), SYSTEM)
    k.app.execute(
        c.AddMember(
            arena_id=other_arena.aggregate_id, person_id=outsider.aggregate_id, role="moderator"
        ),
        SYSTEM,
    )
    k.projector.catch_up()
    with world.session(world.member) as client:
        page = client.get(url).text
        assert "Rapportera läget" in page and "Ändra målbild och delmål" not in page
        before = _version(world, initiative)
        token = {"csrf": csrf_of(page), "expected_version": str(before)}
        refused = client.post(f"{url}/goal", data={**token, "goal": "Inte mitt att ändra"})
        assert refused.status_code == 422
        assert "Din roll i arenan räcker inte för det här." in refused.text
        assert _version(world, initiative) == before
    with world.session(str(outsider.aggregate_id)) as client:
        page = client.get(url).text
        assert "Rapportera läget" not in page
        refused = client.post(f"{url}/health", data={"csrf": csrf_of(page), "health": "blocked"})
        assert refused.status_code == 422 and _version(world, initiative) == before


def test_an_edit_without_the_csrf_token_is_refused(demo: tuple[WebWorld, Loaded]) -> None:
    world, initiative, url = _initiative(demo)
    before = _version(world, initiative)
    with world.session(world.moderator) as client:
        fields = _form(client.get(url).text, f"{url}/status")
        del fields["csrf"]
        refused = client.post(f"{url}/status", data={**fields, "status": "paused"})
        wrong = client.post(f"{url}/status", data={**fields, "csrf": "x" * 43, "status": "paused"})
    assert refused.status_code == 403 and wrong.status_code == 403
    assert _version(world, initiative) == before


def test_an_unreadable_due_date_is_shown_at_its_field(demo: tuple[WebWorld, Loaded]) -> None:
    world, _, url = _initiative(demo)
    with world.session(world.moderator) as client:
        fields = _form(client.get(url).text, f"{url}/milestones")
        bad = client.post(
            f"{url}/milestones", data={**fields, "title": "Något", "due": "2026-13-45"}
        )
    assert bad.status_code == 422
    assert 'id="milestone-due-error"' in bad.text and 'aria-invalid="true"' in bad.text
    assert "Skriv ett datum" in bad.text


def test_a_section_s_row_forms_are_behind_its_edit_link(demo: tuple[WebWorld, Loaded]) -> None:
    """The page shows the plan; a milestone's, participant's or link's own
    forms come with the section's "Ändra" (a page of its own without
    JavaScript, the plan part with htmx), and an edit made there comes
    back to them."""
    world, initiative, url = _initiative(demo)
    found = world.k.plan.get_initiative(str(initiative))
    assert found is not None and found["milestones"] and found["participants"]
    first = found["milestones"][0]["milestone_id"]
    with world.session(world.moderator) as client:
        page = client.get(url).text
        assert f"/milestones/{first}/" not in page and "/remove" not in page
        assert f'href="{url}/edit/milestones#h-milestones"' in page
        assert "Ändra<span" in page and "Lägg till en milstolpe" in page
        editing = client.get(f"{url}/edit/milestones")
        assert editing.status_code == 200 and editing.text.startswith("<!doctype html>")
        assert "Sluta ändra" in editing.text and f"{url}/participants/" not in editing.text
        fields = _form(editing.text, f"{url}/milestones/{first}/due")
        assert fields["editing"] == "milestones"
        moved = client.post(f"{url}/milestones/{first}/due", data={**fields, "due": "Mars 2027"})
        assert moved.status_code == 303
        assert moved.headers["location"] == (f"{url}/edit/milestones?saved=milestones#h-milestones")
        shown = client.get(moved.headers["location"]).text
        assert "Sparat." in shown and "Mars 2027" in shown and f"/milestones/{first}/due" in shown

        part = client.get(f"{url}/edit/participants", headers=HTMX)
        assert part.text.startswith('<div id="plan"') and "Sluta ändra" in part.text
        who = found["participants"][-1]
        action = f"{url}/participants/{who['person_id']}/remove"
        gone = client.post(action, data=_form(part.text, action), headers=HTMX)
        assert gone.status_code == 200 and gone.text.startswith('<div id="plan"')
        assert "Sparat." in gone.text and action not in gone.text
        assert f"{url}/participants/" in gone.text, "still the row forms"
        back = client.get(f"{url}?left=participants", headers=HTMX).text
        assert back.startswith('<div id="plan"') and "/remove" not in back
        assert (
            f'hx-get="{url}/edit/participants" hx-target="#plan" hx-swap="outerHTML" autofocus'
            in back
        )
        assert client.get(f"{url}/edit/goal").status_code == 404
    after = world.k.plan.get_initiative(str(initiative))
    assert after is not None
    assert who["person_id"] not in {p["person_id"] for p in after["participants"]}
    with world.session(world.member) as client:
        page = client.get(f"{url}/edit/milestones").text
        assert "Ändra<span" not in page and f"/milestones/{first}/" not in page
