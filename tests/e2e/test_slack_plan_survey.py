"""A plan's yearly survey answered in Slack: the contact person of an
organisation opens the survey from its button, answers the plan's
uppföljningsfrågor in the modal, and the compilation counts the answer for
the organisation, with channel slack."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest

from domain.checkins.round import survey_round_id
from domain.commands import Command
from domain.meetings import commands as m
from domain.meta import make_meta
from domain.plans import commands as p
from domain.plans.values import focus_area_id
from projections.meetings import queries as mq
from projections.plans import compilation
from tests.e2e import slack_requests as s
from tests.e2e.slack_world import ANNA, World, slack_world
from tests.e2e.test_slack import interact


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[World]:
    """On SQLite and on PostgreSQL: the survey's round trip on both backends."""
    with slack_world(tmp_path, monkeypatch, database_url) as w:
        yield w


def _run(w: World, command: Command) -> UUID:
    return w.k.app.execute(command, make_meta(actor="system", channel="cli")).aggregate_id


def test_a_contact_person_answers_the_plan_survey_in_slack(world: World) -> None:
    plan = _run(
        world,
        p.CreatePlan(
            code="vrm", title="Plan för god psykisk hälsa", goal="God psykisk hälsa",
            first_year=2021, last_year=2027,
        ),
    )  # fmt: skip
    _run(world, p.AddFocusArea(plan_id=plan, code="IO1", title="Kompetensutveckling"))
    area = focus_area_id(plan, "IO1")
    _run(world, p.AddFollowUpQuestion(plan_id=plan, area_id=area, text="Finns föräldraskapsstöd?"))
    _run(
        world,
        p.AddFollowUpQuestion(plan_id=plan, area_id=area, text="Vad har gjorts?", kind="text"),
    )
    org = _run(
        world, p.RegisterOrganisation(code="karlstad", name="Karlstads kommun", kind="kommun")
    )
    _run(world, p.AddOrganisationPerson(organisation_id=org, person_id=world.anna, contact=True))
    _run(world, p.AddPlanOrganisation(plan_id=plan, organisation_id=org))
    survey = _run(world, p.SchedulePlanSurvey(plan_id=plan, title="Uppföljning", first_year=2026))
    _run(world, m.OpenSurveyRound(survey_id=survey, year=2026))
    world.k.projector.catch_up()
    round_id = survey_round_id(survey, 2026)

    interact(world, s.block_action(ANNA, "checkin_open", str(round_id)))
    view = world.fake.wait_for("views.open")[-1]["view"]
    assert "Finns föräldraskapsstöd?" in json.dumps(view, ensure_ascii=False)
    values = {
        "q:IO1-1": s.select_value("ja"),
        "q:IO1-2": s.text_value("Föräldrakurser i tre kommundelar"),
    }
    answer = interact(world, s.view_submission(ANNA, view, values))
    assert answer["response_action"] == "update", answer

    world.k.projector.catch_up()
    with world.k.engines.read.connect() as conn:
        (mine,) = mq.round_recipients(conn, str(round_id))
        result = compilation.compile_year(conn, str(plan), 2026)
    assert mine["answer_channel"] == "slack"
    assert result is not None and result["response"]["answered"] == 1
    (compiled,) = result["areas"]
    assert compiled["questions"][0]["this_year"]["counts"]["ja"] == 1
    assert compiled["questions"][1]["this_year"]["texts"] == [
        {
            "organisation_id": str(org),
            "organisation": "Karlstads kommun",
            "text": "Föräldrakurser i tre kommundelar",
        }
    ]
