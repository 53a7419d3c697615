"""Incheckningar over real HTTP, on the demo world: the open rounds with
their response rates (and the part htmx polls), a secretary opening a round
for an initiative, closing it and reading its summary; a member is refused
and nothing is recorded; a form without its CSRF token is refused."""

from __future__ import annotations

from uuid import UUID

from domain.meetings import commands as m
from samverka.demo import Loaded
from tests.e2e.web_world import *  # noqa: F403 (the world's fixtures)
from tests.e2e.web_world import SYSTEM, WebWorld, add_person, csrf_of, open_round, settings

__all__ = ["settings"]  # the fixtures used here


def _rounds(world: WebWorld) -> int:
    return len(world.k.checkins.list_rounds())


def test_the_open_rounds_and_their_response_rates(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    k = world.k
    round_id = open_round(world, loaded)
    with world.session(world.member) as client:  # Amanda, the arena's secretary
        home = client.get("/").text
        assert 'href="/rounds"' in home and "Incheckningar" in home
        page = client.get("/rounds").text
        assert "Läget i 2.7.2" in page and 'hx-trigger="every 10s"' in page
        before = client.get("/rounds/open", headers={"HX-Request": "true"}).text
        assert before.startswith('<div id="open-rounds"') and "0 av " in before
        k.app.execute(
            m.AnswerCheckIn(
                round_id=UUID(round_id),
                person_id=UUID(world.moderator),
                answers={"health": "on-track"},
                answered_at=k.clock.now(),
            ),
            SYSTEM,
        )
        k.projector.catch_up()
        after = client.get("/rounds/open", headers={"HX-Request": "true"}).text
        assert "1 av " in after


def test_a_new_round_needs_a_day_and_an_audience(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    initiative = loaded.initiatives["272"]
    before = _rounds(world)
    with world.session(world.member) as client:
        page = client.get("/rounds").text
        assert f'value="initiative:{initiative}"' in page
        fields = {"csrf": csrf_of(page), "form_id": "open-round-0123456789"}
        missing_day = client.post(
            "/rounds",
            data={**fields, "audience": f"initiative:{initiative}", "title": "X", "due_on": ""},
        )
        assert missing_day.status_code == 422 and 'id="open-due_on-error"' in missing_day.text
        assert "Välj sista dag att svara." in missing_day.text
        nobody = client.post(
            "/rounds",
            data={**fields, "audience": "initiative:nej", "title": "X", "due_on": "2030-01-01"},
        )
        assert nobody.status_code == 422 and 'id="open-audience-error"' in nobody.text
    assert _rounds(world) == before


def test_a_round_for_next_week_then_closed_with_its_summary(
    demo: tuple[WebWorld, Loaded],
) -> None:
    world, loaded = demo
    k = world.k
    initiative = loaded.initiatives["272"]
    with world.session(world.member) as client:
        page = client.get("/rounds").text
        due = page.split('name="due_on" value="', 1)[1].split('"', 1)[0]
        opened = client.post(
            "/rounds",
            data={
                "csrf": csrf_of(page),
                "form_id": "open-round-abcdefghij",
                "audience": f"initiative:{initiative}",
                "title": "Läget inför mötet",
                "due_on": due,
            },
        )
        assert opened.status_code == 303, opened.text
        url = opened.headers["location"].split("?")[0]
        round_id = url.rsplit("/", 1)[1]
        shown = client.get(opened.headers["location"]).text
        assert "Rundan är öppen" in shown and "Stäng rundan nu" in shown
        k.app.execute(
            m.AnswerCheckIn(
                round_id=UUID(round_id),
                person_id=UUID(world.moderator),
                answers={"health": "at-risk", "progress": "Workshop hölls"},
                answered_at=k.clock.now(),
            ),
            SYSTEM,
        )
        k.projector.catch_up()
        closed = client.post(f"{url}/close", data={"csrf": csrf_of(shown)})
        assert closed.status_code == 303
        summary = client.get(closed.headers["location"]).text
    assert "Rundan är stängd" in summary and "Sammanställning" in summary
    assert "Workshop hölls" in summary  # the secretary reads the free texts
    found = k.checkins.get_round(round_id)
    assert found is not None and found["state"] == "closed" and found["summary"]["answered"] == 1


def test_a_member_is_refused_and_nothing_is_recorded(demo: tuple[WebWorld, Loaded]) -> None:
    world, _loaded = demo
    k = world.k
    plain = add_person(k, "Petra Plain", "petra@example.se", world.arena, "participant")
    k.projector.catch_up()
    before = _rounds(world)
    with world.session(plain) as client:
        home = client.get("/").text
        assert 'href="/rounds"' not in home
        assert client.get("/rounds").status_code == 403
        refused = client.post(
            "/rounds",
            data={
                "csrf": csrf_of(home),
                "audience": f"arena:{world.arena}",
                "title": "Smygrunda",
                "due_on": "2030-01-01",
            },
        )
        assert refused.status_code == 403
    assert _rounds(world) == before


def test_opening_a_round_without_csrf_is_refused(demo: tuple[WebWorld, Loaded]) -> None:
    world, _ = demo
    before = _rounds(world)
    with world.session(world.moderator) as client:
        client.get("/rounds")
        refused = client.post(
            "/rounds",
            data={"audience": f"arena:{world.arena}", "title": "Utan", "due_on": "2030-01-01"},
        )
        assert refused.status_code == 403
    assert _rounds(world) == before
