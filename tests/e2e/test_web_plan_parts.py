"""Building the plan in the browser over real HTTP, on Värmland's plan in
the demo: the plan coordinator adds a målbild, an insatsområde with its
utmaningsfrågor and an activity (in it, aimed at a målbild, with two
responsible organisations and an initiative), sets the insatsområde's goal
for a perspective and says how the activity addresses it; a refusal is said
in Swedish at its field with what was written kept; a member of another
arena sees no forms and is refused. Each insatsområde shows the
indicators linked to it with their latest value and trend."""

from __future__ import annotations

import httpx

from domain.indicators.commands import LinkIndicator
from domain.indicators.values import LinkKind
from domain.plans.values import activity_id, focus_area_id, organisation_id, target_id
from samverka.demo import Loaded
from samverka.demo_indicators import IndicatorDemo
from samverka.demo_plan import PlanDemo
from tests.e2e.test_web_plans import PLAN, plan_coordinator, plan_world
from tests.e2e.web_world import (
    SYSTEM,
    WebWorld,
    container,
    csrf_of,
    demo,
    followed,
    notifier,
    post_form,
    saved,
    settings,
)

# the fixtures used here
__all__ = ["container", "demo", "notifier", "plan_coordinator", "plan_world", "settings"]


def _for_children(client: httpx.Client, page: str, action: str, **said: str) -> str:
    """Saves what the form of `page` posting to `action` says for the
    barnperspektiv; the page it leads to, which shows it."""
    page = saved(client, page, action, perspective="barnperspektivet", **said)
    assert all(text in page for text in said.values())
    return page


def _area_refused(client: httpx.Client, page: str, form_id: str) -> None:
    """A new insatsområde IO8, sent with the session's CSRF token, is refused."""
    own = {"csrf": csrf_of(page), "form_id": form_id}
    refused = client.post(f"/plans/{PLAN}/areas", data={**own, "code": "IO8", "title": "X"})
    assert refused.status_code == 403


def test_the_coordinator_builds_the_plan_in_the_browser(
    plan_coordinator: tuple[WebWorld, httpx.Client],
) -> None:
    world, client = plan_coordinator
    page = client.get(f"/plans/{PLAN}").text
    assert "Lägg till en målbild" in page and "Lägg till ett insatsområde" in page
    assert "Lägg till en aktivitet" in page

    targets = f"/plans/{PLAN}/targets"
    page = saved(client, page, targets, code="M11", title="Fler unga mår bra")
    assert "Målbilden är tillagd." in page and "Fler unga mår bra" in page
    again = post_form(client, page, targets, code="M11", title="Samma kod")
    assert again.status_code == 422
    assert 'id="target-code-error"' in again.text
    assert "Planen har redan en del med den koden." in again.text
    assert 'value="Samma kod"' in again.text  # what was written stays

    areas = f"/plans/{PLAN}/areas"
    empty = post_form(client, page, areas, code="IO9", title="")
    assert empty.status_code == 422 and 'id="area-title-error"' in empty.text
    assert "Fyll i fältet." in empty.text
    page = saved(
        client, page, areas, code="IO9", title="Suicidprevention i skolan", direction_id="",
        challenges="Hur når vi alla elever?\n\nVem äger frågan?",
    )  # fmt: skip
    assert "Insatsområdet är tillagt." in page and "IO9 Suicidprevention i skolan" in page
    assert "Hur når vi alla elever?" in page and "Vem äger frågan?" in page

    area = str(focus_area_id(PLAN, "IO9"))
    goal = f"/plans/{PLAN}/areas/{area}/perspective-goals"
    page = _for_children(client, page, goal, goal="Elevernas röst hörs i varje insats")

    initiative = world.k.plan.initiatives_page(limit=1, offset=0).items[0]["id"]
    activities = f"/plans/{PLAN}/activities"
    wrong = post_form(
        client, page, activities, area_id=area, code="bad code", title="Utbildning",
        target_ids=[str(target_id(PLAN, "M11"))],
    )  # fmt: skip
    assert wrong.status_code == 422 and 'id="activity-code-error"' in wrong.text
    assert "utan mellanslag" in wrong.text
    ticked = str(target_id(PLAN, "M11"))
    assert f'value="{ticked}" id="activity-targets-' in wrong.text
    assert wrong.text.split(f'value="{ticked}"', 1)[1].split(">", 1)[0].endswith("checked")
    added = post_form(
        client, page, activities, area_id=area, code="A90",
        title="Utbildning i suicidprevention för elevhälsan",
        target_ids=[ticked],
        organisation_ids=[str(organisation_id("arvika")),
                          str(organisation_id("region-varmland"))],
        initiative_id=initiative,
    )  # fmt: skip
    page = followed(client, added)
    assert added.headers["location"].endswith(f"#how-{activity_id(PLAN, 'A90')}")
    assert "Aktiviteten är tillagd." in page
    assert "A90 Utbildning i suicidprevention för elevhälsan" in page
    assert "Arvika kommun" in page.split("A90 Utbildning", 1)[1].split("</li>", 1)[0]
    assert "M11" in page.split("A90 Utbildning", 1)[1].split("</li>", 1)[0]

    act = str(activity_id(PLAN, "A90"))
    how = f"/plans/{PLAN}/activities/{act}/perspectives"
    _for_children(client, page, how, how="Eleverna är med och planerar")

    plan = world.k.plans.get_plan(str(PLAN))
    assert plan is not None
    assert any(t["code"] == "M11" for t in plan["targets"])
    (io9,) = [a for a in plan["areas"] if a["code"] == "IO9"]
    assert io9["challenges"] == ["Hur når vi alla elever?", "Vem äger frågan?"]
    assert io9["perspective_goals"] == [
        {"perspective": "barnperspektivet", "goal": "Elevernas röst hörs i varje insats"}
    ]
    (a90,) = io9["activities"]
    assert a90["initiative_id"] == initiative and a90["target_ids"] == [ticked]
    assert len(a90["organisation_ids"]) == 2
    assert a90["perspectives"] == {"barnperspektivet": "Eleverna är med och planerar"}


def test_a_member_of_another_arena_gets_no_forms_and_is_refused(
    plan_world: tuple[WebWorld, str],
) -> None:
    world, _coordinator = plan_world
    with world.session(world.member) as client:
        page = client.get(f"/plans/{PLAN}").text
        assert "Lägg till ett insatsområde" not in page and "Lägg till en aktivitet" not in page
        _area_refused(client, page, "member-area")
        no_csrf = client.post(f"/plans/{PLAN}/targets", data={"code": "M12", "title": "X"})
        assert no_csrf.status_code in (400, 403)
    plan = world.k.plans.get_plan(str(PLAN))
    assert plan is not None and all(a["code"] != "IO8" for a in plan["areas"])


def test_each_insatsomrade_shows_its_indicators_latest_value_and_trend(
    demo: tuple[WebWorld, Loaded],
) -> None:
    world, loaded = demo
    loader = PlanDemo(world.k.app)
    loader.load()
    IndicatorDemo(world.k, loaded.initiatives).load()
    world.k.projector.catch_up()
    coordinator = loader.coordinator
    suicide = world.k.indicators.id_by_code("DEMO-SUICID")
    assert suicide is not None, "the demo has its indicators"
    area = focus_area_id(PLAN, "IO2")
    world.k.app.execute(
        LinkIndicator(indicator_id=suicide, kind=LinkKind.AREA, target_id=area), SYSTEM
    )
    world.k.projector.catch_up()
    series = world.k.indicators.list_indicators(linked_to=str(area))[0]["headline"]
    latest = series["latest"]
    with world.session(coordinator) as client:
        page = client.get(f"/plans/{PLAN}").text
    card = page.split(f'id="area-{area}"', 1)[1].split("</article>", 1)[0]
    assert f'href="/indicators/{suicide}"' in card and "Suicid per 100 000 invånare" in card
    assert f"{latest['value'].replace('.', ',')} per 100 000 invånare" in card
    assert f"{series['area_name']}, {latest['period']}" in card
    assert {"up": "ökande", "down": "minskande", "flat": "oförändrad"}[series["trend"]] in card
    other = page.split(f'id="area-{focus_area_id(PLAN, "IO1")}"', 1)[1].split("</article>", 1)[0]
    assert "Suicid per 100 000" not in other
    targets = page.split('id="h-targets"', 1)[1].split("</section>", 1)[0]
    assert "Suicid per 100 000" not in targets
    goal = LinkIndicator(indicator_id=suicide, kind=LinkKind.GOAL, target_id=target_id(PLAN, "M3"))
    world.k.app.execute(goal, SYSTEM)
    world.k.projector.catch_up()
    with world.session(coordinator) as client:
        page = client.get(f"/plans/{PLAN}").text
    targets = page.split('id="h-targets"', 1)[1].split("</section>", 1)[0]
    third = targets.split("<li>")[3].split("</li>", 1)[0]
    assert f'href="/indicators/{suicide}"' in third


def test_a_secretary_of_the_plans_arena_adds_activities_but_not_insatsomraden(
    plan_world: tuple[WebWorld, str],
) -> None:
    from domain import commands as c
    from domain.values import Role

    world, _coordinator = plan_world
    plan = world.k.plans.get_plan(str(PLAN))
    assert plan is not None and plan["arena_id"]
    world.k.app.execute(
        c.AddMember(arena_id=plan["arena_id"], person_id=world.member, role=Role.SECRETARY),
        SYSTEM,
    )
    world.k.projector.catch_up()
    area = str(focus_area_id(PLAN, "IO1"))
    with world.session(world.member) as client:
        page = client.get(f"/plans/{PLAN}").text
        assert "Lägg till en aktivitet" in page and "Lägg till ett insatsområde" not in page
        activities = f"/plans/{PLAN}/activities"
        added = post_form(client, page, activities, area_id=area, code="A91", title="Samtalsstöd")
        assert added.status_code == 303, added.text
        _area_refused(client, page, "secretary-area")
    plan = world.k.plans.get_plan(str(PLAN))
    assert plan is not None
    (io1,) = [a for a in plan["areas"] if a["code"] == "IO1"]
    assert "A91" in {a["code"] for a in io1["activities"]}
    assert all(a["code"] != "IO8" for a in plan["areas"])


def test_bad_values_are_refused_at_their_field(
    plan_coordinator: tuple[WebWorld, httpx.Client],
) -> None:
    world, client = plan_coordinator
    page = client.get(f"/plans/{PLAN}").text
    activities = f"/plans/{PLAN}/activities"
    no_area = post_form(client, page, activities, area_id="", code="A92", title="Stöd")
    assert no_area.status_code == 422 and 'id="activity-area-error"' in no_area.text
    not_an_id = post_form(client, page, activities, area_id="IO1", code="A92", title="Stöd")
    assert not_an_id.status_code == 422 and 'id="activity-area-error"' in not_an_id.text
    assert "Välj ett av alternativen." in not_an_id.text
    bell = post_form(client, page, f"/plans/{PLAN}/areas", code="IO8", title="Ring\x07klocka")
    assert bell.status_code == 422 and 'id="area-title-error"' in bell.text
    unknown = post_form(
        client, page, activities, area_id=str(focus_area_id(PLAN, "IO1")), code="A92",
        title="Stöd", organisation_ids=str(organisation_id("finns-inte")),
    )  # fmt: skip
    assert unknown.status_code == 422 and 'id="activity-organisations-error"' in unknown.text
    plan = world.k.plans.get_plan(str(PLAN))
    assert plan is not None and all(a["code"] != "IO8" for a in plan["areas"])
    assert all(x["code"] != "A92" for a in plan["areas"] for x in a["activities"])
