"""Uppföljning over real HTTP, on Värmland's plan in the demo: the plan
coordinator reads the structure and the 2024 survey compiled beside 2023,
and writes an insatsområde's narrative twice (both versions kept); a member
of another arena reads the structure only and is refused the narrative."""

from __future__ import annotations

import io
from collections.abc import Iterator

import httpx
import pytest
from openpyxl import load_workbook

from domain.plans.values import focus_area_id, organisation_id, plan_id
from samverka.demo import Loaded
from samverka.demo_plan import PlanDemo
from samverka.demo_plan_data import PLAN_CODE
from tests.e2e.web_world import (
    WebWorld,
    container,
    csrf_of,
    demo,
    form_fields,
    notifier,
    post_form,
    saved,
    settings,
)

__all__ = ["container", "demo", "notifier", "settings"]  # the fixtures used here
PLAN = plan_id(PLAN_CODE)


@pytest.fixture
def plan_world(demo: tuple[WebWorld, Loaded]) -> Iterator[tuple[WebWorld, str]]:
    """The demo with Värmland's plan; the plan coordinator's person id."""
    world, _loaded = demo
    loader = PlanDemo(world.k.app)
    loader.load()
    world.k.projector.catch_up()
    yield world, loader.coordinator


@pytest.fixture
def plan_coordinator(
    plan_world: tuple[WebWorld, str],
) -> Iterator[tuple[WebWorld, httpx.Client]]:
    """The demo with Värmland's plan, its plan coordinator signed in."""
    world, coordinator = plan_world
    with world.session(coordinator) as client:
        yield world, client


def test_the_coordinator_reads_the_compilation_and_writes_a_narrative(
    plan_coordinator: tuple[WebWorld, httpx.Client],
) -> None:
    _world, client = plan_coordinator
    area = str(focus_area_id(PLAN, "IO2"))
    assert 'href="/plans"' in client.get("/").text
    listing = client.get("/plans").text
    assert "Plan för god psykisk hälsa i Värmland 2021–2024" in listing
    page = client.get(f"/plans/{PLAN}").text
    assert "God psykisk hälsa bland värmlänningarna" in page
    assert "Kunskaps- och behovsbaserade insatser" in page and "Tidig upptäckt" in page
    assert "Hur kan vi systematiskt arbeta med att synliggöra risker" in page
    assert "Enkäten 2024 sammanställd" in page
    assert "organisationer har svarat" in page and "Har inte svarat" in page
    assert "Karlstads kommun" in page.split("Har inte svarat", 1)[1]
    assert "Per kommun och organisation" in page and "Per perspektiv" in page
    action = f"/plans/{PLAN}/areas/{area}/narrative"
    # With no narrative yet, what was done is drafted from the compilation.
    form = page.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    drafted = form.split('name="done"', 1)[1].split("</textarea>", 1)[0]
    assert "organisationer svarade på frågor här.\n- " in drafted
    assert "? – ja " in drafted and "(2023: ja " in drafted and "– 10 svar (2023: " in drafted
    assert drafted.count("\n- ") == 3  # one line a question
    assert "skriv det med egna ord" in page
    for done in ("Screening i elevhälsan", "Screening i elevhälsan och på vårdcentraler"):
        page = saved(client, page, action, year="2024", done=done, next="Sprida")
    assert "Berättelsen är sparad." in page
    assert "och på vårdcentraler" in page and "Tidigare versioner (1)" in page
    empty = post_form(client, page, action, year="2024")
    assert empty.status_code == 422 and "Skriv minst en av de tre delarna." in empty.text
    earlier = client.get(f"/plans/{PLAN}?year=2023").text
    assert "Enkäten 2023 sammanställd" in earlier
    assert f'href="/plans/{PLAN}/follow-ups/2023.xlsx"' in earlier
    workbook = client.get(f"/plans/{PLAN}/follow-ups/2024.xlsx")
    assert workbook.status_code == 200
    book = load_workbook(io.BytesIO(workbook.content))
    assert book.sheetnames == [
        "Frågor", "Fritextsvar", "Berättelser", "Organisationer", "Perspektiv"
    ]  # fmt: skip
    rows = list(book["Frågor"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Insatsområde", "Fråga", "2024 Svar")
    assert rows[1][1] == "Finns ett utvecklat föräldraskapsstöd?"
    stories = list(book["Berättelser"].iter_rows(values_only=True))
    assert any("och på vårdcentraler" in str(row[1]) for row in stories)


def test_a_member_of_another_arena_reads_the_structure_only(
    plan_coordinator: tuple[WebWorld, httpx.Client],
) -> None:
    world, client = plan_coordinator
    area = str(focus_area_id(PLAN, "IO1"))
    action = f"/plans/{PLAN}/areas/{area}/narrative"
    fields = form_fields(client.get(f"/plans/{PLAN}").text, action)
    with world.session(world.member) as amanda:
        page = amanda.get(f"/plans/{PLAN}").text
        assert "Kompetensutveckling" in page and "sammanställd" not in page
        assert "Skriv berättelsen" not in page
        refused = amanda.post(action, data={**fields, "year": "2024", "done": "Försök"})
        assert refused.status_code == 403
        assert amanda.get("/plans/not-a-plan").status_code == 404
        assert amanda.get(f"/plans/{PLAN}/follow-ups/2024.xlsx").status_code == 403
    narratives = world.k.plans.narratives(str(PLAN), area_id=area, year=2024)
    assert all(n["done"] != "Försök" for n in narratives)


def test_the_coordinator_adds_and_removes_a_contact_person(
    plan_coordinator: tuple[WebWorld, httpx.Client],
) -> None:
    world, client = plan_coordinator
    org = str(organisation_id("arvika"))
    base = f"/plans/{PLAN}/organisations/{org}/contacts"
    page = client.get(f"/plans/{PLAN}").text
    assert f'href="/plans/{PLAN}/organisations"' in page
    page = client.get(f"/plans/{PLAN}/organisations").text
    assert "Kontaktperson Arvika kommun" in page and "Lägg till en kontaktperson" in page
    page = saved(client, page, base, person_id=world.member)
    assert "Kontaktpersonerna är sparade." in page
    arvika = page.split(f'id="org-{org}"', 1)[1].split('<li id="org-', 1)[0]
    assert "Amanda Romare" in arvika
    removal = f"{base}/remove"
    arvika_forms = page.split(f'id="org-{org}"', 1)[1]
    removed = post_form(client, arvika_forms, removal, person_id=world.member)
    assert removed.status_code == 303, removed.text
    nobody = post_form(client, page, base, person_id="")
    assert nobody.status_code == 422 and "Välj en person." in nobody.text
    found = world.k.plans.get_organisation(org)
    assert found is not None
    member = next(m for m in found["members"] if m["person_id"] == world.member)
    assert member["contact"] is False
    with world.session(world.member) as amanda:
        page = amanda.get(f"/plans/{PLAN}/organisations").text
        assert "Kontaktperson Arvika kommun" in page and "Lägg till en kontaktperson" not in page
        own = {"csrf": csrf_of(page), "form_id": "member-tries"}
        refused = amanda.post(base, data={**own, "person_id": world.member})
        assert refused.status_code == 403 and "Kontaktpersonerna är sparade" not in refused.text
    found = world.k.plans.get_organisation(org)
    assert found is not None and world.member not in {
        m["person_id"] for m in found["members"] if m["contact"]
    }


def test_the_coordinator_adds_a_question_and_a_perspective_goal(
    plan_coordinator: tuple[WebWorld, httpx.Client],
) -> None:
    world, client = plan_coordinator
    area = str(focus_area_id(PLAN, "IO2"))
    page = client.get(f"/plans/{PLAN}").text
    action = f"/plans/{PLAN}/areas/{area}/questions"
    text = "Har elevhälsan rutiner för screening?"
    page = saved(client, page, action, text=text, kind="choice", perspective="barnperspektivet")
    assert "Frågan är tillagd." in page and text in page
    empty = post_form(client, page, action, text="", kind="text")
    assert empty.status_code == 422 and 'role="alert"' in empty.text
    goals = f"/plans/{PLAN}/perspective-goals"
    page = saved(client, page, goals, perspective="hbtqi", goal="Alla bemöts lika")
    assert "Målet är sparat." in page and "Alla bemöts lika" in page
    plan = world.k.plans.get_plan(str(PLAN))
    assert plan is not None
    (io2,) = [a for a in plan["areas"] if a["code"] == "IO2"]
    assert io2["questions"][-1]["text"] == text
    assert io2["questions"][-1]["perspective"] == "barnperspektivet"
    with world.session(world.member) as amanda:
        page = amanda.get(f"/plans/{PLAN}").text
        assert "Lägg till en uppföljningsfråga" not in page
        own = {"csrf": csrf_of(page), "form_id": "member-question"}
        refused = amanda.post(action, data={**own, "text": "Min fråga?", "kind": "text"})
        assert refused.status_code == 403
