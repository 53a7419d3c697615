"""A plan's structure and its yearly follow-up on SQLite and PostgreSQL: the
survey sent to the organisations' contact persons, answered by mail and by
Slack, compiled per insatsområde and organisation, last year beside this."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain import commands as c
from domain.authority import Authority
from domain.errors import Duplicate, Forbidden
from domain.plans import commands as p
from domain.plans.values import focus_area_id
from projections import tables as t
from projections.export import iter_events
from projections.plans import compilation
from projections.plans import queries as pq
from projections.rebuild import rebuild
from samverka.bootstrap import Container
from services.i18n.audit import render_summary
from tests.integration.plan_scenario import answer, build, narrate, open_year, run
from tests.integration.scenario import meta


def test_structure_is_projected_and_rebuilt(container: Container) -> None:
    k = container
    world = build(k.app)
    k.projector.catch_up()
    with k.engines.read.connect() as conn:
        plan = pq.get_plan(conn, str(world.plan))
        assert plan is not None
        assert plan["goal"] == "God psykisk hälsa bland värmlänningarna"
        assert [t["code"] for t in plan["targets"]] == ["M1"]
        assert [a["code"] for a in plan["areas"]] == ["IO1", "IO2"]
        io1 = plan["areas"][0]
        assert io1["part_id"] == str(focus_area_id(world.plan, "IO1"))
        assert [q["id"] for q in io1["questions"]] == ["IO1-1", "IO1-2"]
        assert io1["challenges"] == ["Hur Kompetensutveckling?"]
        (activity,) = io1["activities"]
        assert activity["perspectives"] == {"jamlikhet": "Lika tillgång i hela länet"}
        assert activity["organisation_ids"] == [str(world.organisations["karlstad"])]
        assert plan["perspective_goals"] == [
            {"perspective": "jamlikhet", "goal": "Jämlik tillgång"}
        ]
        assert {o["name"] for o in plan["organisations"]} == {
            "Region Värmland",
            "Karlstads kommun",
            "Arvika kommun",
        }
        assert plan["survey_id"] == str(world.survey)
        part = pq.get_part(conn, io1["part_id"])
        assert part is not None and part["plan_id"] == str(world.plan)
        org = pq.get_organisation(conn, str(world.organisations["arvika"]))
        assert org is not None and org["members"][0]["contact"] is True
        before = pq.get_plan(conn, str(world.plan))
    rebuild(k.app, k.engines)
    with k.engines.read.connect() as conn:
        assert pq.get_plan(conn, str(world.plan)) == before


def test_plan_roles_and_duplicates(container: Container) -> None:
    k = container
    world = build(k.app)
    stranger = run(k.app, c.RegisterPerson(name="Okänd"))
    with pytest.raises(Forbidden):
        k.app.execute(
            p.AddTarget(plan_id=world.plan, code="M9", title="X"),
            meta(actor=str(stranger), channel="api"),
        )
    with pytest.raises(Duplicate):
        run(k.app, p.AddTarget(plan_id=world.plan, code="M1", title="Igen"))


def test_survey_round_trip_compiled_with_last_year(container: Container) -> None:
    k = container
    world = build(k.app)
    open_year(k.app, world, 2024)
    answer(k.app, world, 2024, "karlstad", {"IO1-1": "nej", "IO1-2": "Inget än"}, "email")
    open_year(k.app, world, 2025)
    answer(
        k.app,
        world,
        2025,
        "karlstad",
        {"IO1-1": "ja", "IO1-2": "Föräldrakurser", "IO2-1": "delvis"},
        "email",
    )
    answer(
        k.app, world, 2025, "region-v", {"IO1-1": "delvis", "IO2-2": "Screening införd"}, "slack"
    )
    narrate(k.app, world, 0, 2025, "web", done="Kurser", effect="Fler nådda", next="Fortsätt")
    k.projector.catch_up()
    with k.engines.read.connect() as conn:
        result = compilation.compile_year(conn, str(world.plan), 2025)
    assert result is not None
    assert result["response"]["invited"] == 3 and result["response"]["answered"] == 2
    assert [m["name"] for m in result["response"]["missing"]] == ["Arvika kommun"]
    assert result["previous_response"]["answered"] == 1
    io1, io2 = result["areas"]
    assert (io1["answered"], io2["answered"]) == (2, 2)
    q1 = io1["questions"][0]
    assert q1["this_year"]["counts"] == {"ja": 1, "delvis": 1, "nej": 0}
    assert q1["last_year"]["counts"] == {"ja": 0, "delvis": 0, "nej": 1}
    texts = io1["questions"][1]["this_year"]["texts"]
    assert texts == [
        {
            "organisation_id": str(world.organisations["karlstad"]),
            "organisation": "Karlstads kommun",
            "text": "Föräldrakurser",
        }
    ]
    assert io1["narrative"]["effect"] == "Fler nådda"
    karlstad = next(o for o in result["organisations"] if o["name"] == "Karlstads kommun")
    assert karlstad["area_code"] == "1780" and karlstad["answers"]["IO1-1"] == "ja"
    assert karlstad["last_year"]["IO1-1"] == "nej"
    jamlikhet = next(x for x in result["perspectives"] if x["perspective"] == "jamlikhet")
    assert jamlikhet["goals"] == [{"area": None, "goal": "Jämlik tillgång"}]
    assert [q["id"] for q in jamlikhet["questions"]] == ["IO1-2"]
    assert jamlikhet["activities"][0]["how"] == "Lika tillgång i hela länet"


def test_the_audit_trail_says_what_happened_to_the_plan(container: Container) -> None:
    k = container
    world = build(k.app)
    open_year(k.app, world, 2025)
    narrate(k.app, world, 1, 2025, "web", done="Screening")
    k.projector.catch_up()
    with k.engines.read.connect() as conn:
        rows = (
            conn.execute(
                t.audit_trail.select().where(t.audit_trail.c.aggregate_id == str(world.plan))
            )
            .mappings()
            .all()
        )
    said = [render_summary(r["summary"], {"actor": "Samordnaren"}) for r in rows]
    assert "Samordnaren skapade planen vrm-test Plan för god psykisk hälsa" in said
    assert "Samordnaren lade till IO2 Tidig upptäckt i planen vrm-test" in said
    assert "Enkäten 2025 för planen vrm-test skickades till 3 organisationer" in said
    assert "Samordnaren skrev berättelsen 2025 för IO2 Tidig upptäckt (version 1)" in said


def test_the_compilation_as_known_at_a_moment(container: Container) -> None:
    k = container
    world = build(k.app)
    open_year(k.app, world, 2025)
    answer(k.app, world, 2025, "karlstad", {"IO1-1": "ja"}, "email")
    k.projector.catch_up()
    moment = max(e.timestamp for _, e in iter_events(k.app))
    answer(k.app, world, 2025, "arvika", {"IO1-1": "nej"}, "slack")
    answer(k.app, world, 2025, "karlstad", {"IO1-1": "delvis"}, "email")
    k.projector.catch_up()
    system = Authority(actor="system", system=True)
    now = k.plans.compilation_seen_by(str(world.plan), 2025, system)
    then = k.plans.compilation_seen_by(str(world.plan), 2025, system, as_of=moment)
    assert now is not None and then is not None
    assert now["response"]["answered"] == 2 and then["response"]["answered"] == 1
    counts = then["areas"][0]["questions"][0]["this_year"]["counts"]
    assert counts == {"ja": 1, "delvis": 0, "nej": 0}
    assert then["as_of"] == moment.isoformat()
    live = k.plans.compilation_seen_by(str(world.plan), 2025, system, as_of=datetime.now(UTC))
    assert live is not None
    assert {key: live[key] for key in now} == now
