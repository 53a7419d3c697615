"""The yearly survey in Incheckningar over real HTTP, on the demo world: the
arena's moderator plans a survey from the arena's members and adds a
contact; a missing field is shown at the field; when the year's round is
open its response rate is shown; a member is refused and nothing is
recorded; a form without its CSRF token is refused."""

from __future__ import annotations

from uuid import UUID

import httpx

from domain.meetings import commands as m
from samverka.demo import Loaded
from tests.e2e.web_world import *  # noqa: F403 (the world's fixtures)
from tests.e2e.web_world import SYSTEM, WebWorld, add_person, csrf_of, settings

__all__ = ["settings"]  # the fixtures used here

QUESTIONS = "Har ni genomfört aktiviteter inom insatsområdet?\nVad har fungerat bra?"


def _surveys(world: WebWorld) -> list[dict[str, object]]:
    return list(world.k.checkins.list_surveys())


def _plan(world: WebWorld, client: httpx.Client, page: str, contacts: list[str]) -> httpx.Response:
    return client.post(
        "/surveys",
        data={
            "csrf": csrf_of(page),
            "form_id": "plan-survey-0123456789",
            "arena_id": str(world.arena),
            "title": "Uppföljning av handlingsplanen",
            "contacts": contacts,
            "questions": QUESTIONS,
            "first_year": "2026",
        },
    )


def test_a_moderator_plans_a_survey_and_adds_a_contact(demo: tuple[WebWorld, Loaded]) -> None:
    world, _loaded = demo
    k = world.k
    with world.session(world.moderator) as client:  # Bengt, the arena's moderator
        rounds = client.get("/rounds").text
        assert 'href="/surveys"' in rounds
        page = client.get("/surveys").text
        assert "Planera en ny enkät" in page and f'value="{world.member}"' in page
        assert "1 december" in page and "20 januari" in page
        planned = _plan(world, client, page, [world.moderator])
        assert planned.status_code == 303, planned.text
        listed = client.get("/surveys").text
        assert "Uppföljning av handlingsplanen" in listed and "Vad har fungerat bra?" in listed
        survey = _surveys(world)[0]
        added = client.post(
            f"/surveys/{survey['id']}/contacts",
            data={
                "csrf": csrf_of(listed),
                "form_id": "add-contact-0123456789",
                "person_id": world.member,
            },
        )
        assert added.status_code == 303, added.text
        shown = client.get(added.headers["location"]).text
        assert "Kontakten har lagts till." in shown and "Ta bort Amanda Romare" in shown
    found = k.checkins.get_survey(str(survey["id"]))
    assert found is not None and set(found["contacts"]) == {world.moderator, world.member}
    assert [q["text"] for q in found["questions"]] == QUESTIONS.splitlines()
    assert found["send_on"] == "12-01" and found["due_on"] == "01-20"


def test_a_moderator_removes_a_contact(demo: tuple[WebWorld, Loaded]) -> None:
    world, _loaded = demo
    with world.session(world.moderator) as client:
        page = client.get("/surveys").text
        assert _plan(world, client, page, [world.moderator, world.member]).status_code == 303
        survey_id = str(_surveys(world)[0]["id"])
        listed = client.get("/surveys").text
        removed = client.post(
            f"/surveys/{survey_id}/contacts/remove",
            data={"csrf": csrf_of(listed), "person_id": world.member},
        )
        assert removed.status_code == 303
        assert "Kontakten har tagits bort." in client.get(removed.headers["location"]).text
        again = client.post(
            f"/surveys/{survey_id}/contacts/remove",
            data={"csrf": csrf_of(listed), "person_id": world.member},
        )
        assert again.status_code == 422  # no longer a contact: said at the survey
    found = world.k.checkins.get_survey(survey_id)
    assert found is not None and found["contacts"] == [world.moderator]


def test_a_survey_needs_contacts_and_its_open_round_shows_the_rate(
    demo: tuple[WebWorld, Loaded],
) -> None:
    world, _loaded = demo
    k = world.k
    with world.session(world.moderator) as client:
        page = client.get("/surveys").text
        nobody = _plan(world, client, page, [])
        assert nobody.status_code == 422
        assert 'id="contacts-error"' in nobody.text
        assert not _surveys(world)
        fields = {
            "csrf": csrf_of(page),
            "arena_id": str(world.arena),
            "first_year": "2026",
            "title": "För många",
            "contacts": [world.moderator],
        }
        many = client.post("/surveys", data={**fields, "questions": "Fråga?\n" * 51})
        assert many.status_code == 422 and 'id="questions-error"' in many.text
        assert "Värdet godtas inte." in many.text
        long = client.post("/surveys", data={**fields, "questions": "x" * 1001})
        assert long.status_code == 422 and "högst 1000 tecken" in long.text
        assert not _surveys(world)
        planned = _plan(world, client, page, [world.moderator, world.member])
        assert planned.status_code == 303
        survey_id = str(_surveys(world)[0]["id"])
        k.app.execute(m.OpenSurveyRound(survey_id=UUID(survey_id), year=2026), SYSTEM)
        k.projector.catch_up()
        shown = client.get("/surveys").text
    assert "Uppföljning av handlingsplanen 2026" in shown and "0 av 2 har svarat" in shown


def test_a_member_is_refused_and_nothing_is_recorded(demo: tuple[WebWorld, Loaded]) -> None:
    world, _loaded = demo
    k = world.k
    plain = add_person(k, "Petra Plain", "petra@example.se", world.arena, "participant")
    k.projector.catch_up()
    with world.session(plain) as client:
        home = client.get("/").text
        assert client.get("/surveys").status_code == 403
        refused = _plan(world, client, home, [plain])
        assert refused.status_code == 403
    with world.session(world.member) as client:  # a secretary: not the survey's to plan
        page = client.get("/surveys").text
        assert "Planera en ny enkät" not in page
        refused = _plan(world, client, page, [world.member])
        assert refused.status_code == 403
    assert not _surveys(world)


def test_planning_without_csrf_is_refused(demo: tuple[WebWorld, Loaded]) -> None:
    world, _ = demo
    with world.session(world.moderator) as client:
        client.get("/surveys")
        refused = client.post(
            "/surveys",
            data={
                "arena_id": str(world.arena),
                "title": "Utan",
                "contacts": [world.moderator],
                "questions": "Fråga?",
                "first_year": "2026",
            },
        )
        assert refused.status_code == 403
    assert not _surveys(world)
