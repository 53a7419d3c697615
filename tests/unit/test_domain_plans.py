"""The rules of plans and organisations, without a database."""

from __future__ import annotations

import uuid

import pytest

from domain.errors import Duplicate, InvalidTransition, NotFound, ValidationFailed
from domain.plans.commands import CreatePlan, RegisterOrganisation
from domain.plans.organisation import Organisation
from domain.plans.plan import Plan
from domain.plans.structure import MAX_QUESTIONS
from domain.plans.values import focus_area_id, plan_id, question_id, target_id
from tests.unit.helpers import meta


def new_plan() -> Plan:
    return Plan.create(CreatePlan(
        code="vrm", title="Plan", scope="regional", county="Värmlands län", goal="God hälsa",
        purpose=None, first_year=2021, last_year=2024, arena_id=None), meta=meta(),
    )  # fmt: skip


def with_area(plan: Plan, code: str = "IO1") -> uuid.UUID:
    return plan.add_area(
        code, "Kompetensutveckling", direction=None, description=None, challenges=[], meta=meta()
    )


def test_parts_have_ids_derived_from_the_plan_and_their_code() -> None:
    plan = new_plan()
    assert plan.id == plan_id("VRM")
    assert plan.add_target("M1", "Målbild 1", None, meta=meta()) == target_id(plan.id, "m1")
    assert with_area(plan) == focus_area_id(plan.id, "IO1")
    with pytest.raises(Duplicate) as err:
        plan.add_target("M1", "Igen", None, meta=meta())
    assert err.value.field == "code"


def test_texts_are_checked_at_the_domain() -> None:
    plan = new_plan()
    with pytest.raises(ValidationFailed) as err:
        plan.add_target("M1", "Målbild\x07", None, meta=meta())
    assert err.value.field == "title"
    with pytest.raises(ValidationFailed) as err:
        plan.add_area("IO1", "X", direction=None, description=None, challenges=["x" * 1001],
                      meta=meta())  # fmt: skip
    assert err.value.field == "challenges"
    with pytest.raises(ValidationFailed) as err:
        plan.add_target("not a code", "Målbild", None, meta=meta())
    assert err.value.field == "code"
    with pytest.raises(ValidationFailed):
        Plan.create(CreatePlan(code="x", title="P", scope="regional", county=None, goal="G",
                    purpose=None, first_year=2025, last_year=2021, arena_id=None),
                    meta=meta())  # fmt: skip


def test_questions_become_the_survey_in_the_areas_order() -> None:
    plan = new_plan()
    second, first = with_area(plan, "IO2"), with_area(plan, "IO1")
    plan.add_question(
        second, "Används screening?", kind="choice", perspective_key=None, meta=meta()
    )
    plan.add_question(first, "Vad har gjorts?", kind="text", perspective_key="jamlikhet",
                      meta=meta())  # fmt: skip
    survey = plan.survey_questions()
    assert [q["id"] for q in survey] == ["IO1-1", "IO2-1"]
    assert survey[1]["choices"] == ["ja", "delvis", "nej"] and survey[0]["choices"] == []
    assert survey[0]["area"] == str(first)
    plan.withdraw_question(second, 1, meta=meta())
    assert [q["id"] for q in plan.survey_questions()] == ["IO1-1"]
    with pytest.raises(NotFound):
        plan.withdraw_question(second, 1, meta=meta())
    with pytest.raises(ValidationFailed) as err:
        plan.add_question(first, "?", kind="text", perspective_key="okänt", meta=meta())
    assert err.value.field == "perspective"
    assert question_id("IO1", 2) == "IO1-2"


def test_a_survey_asks_at_most_fifty_questions() -> None:
    plan = new_plan()
    area = with_area(plan)
    for n in range(MAX_QUESTIONS):
        plan.add_question(area, f"Fråga {n}?", kind="choice", perspective_key=None, meta=meta())
    with pytest.raises(ValidationFailed):
        plan.add_question(area, "En till?", kind="choice", perspective_key=None, meta=meta())


def test_an_activity_links_only_to_known_targets_and_organisations() -> None:
    plan = new_plan()
    area = with_area(plan)
    target = plan.add_target("M1", "Målbild 1", None, meta=meta())
    org = uuid.uuid4()
    with pytest.raises(NotFound) as err:
        plan.add_activity("A1", "X", area=area, description=None, targets=[uuid.uuid4()],
                          organisations=[], known_organisations=set(), initiative=None,
                          meta=meta())  # fmt: skip
    assert err.value.field == "target_ids"
    with pytest.raises(NotFound) as err:
        plan.add_activity("A1", "X", area=area, description=None, targets=[target],
                          organisations=[org], known_organisations=set(), initiative=None,
                          meta=meta())  # fmt: skip
    assert err.value.field == "organisation_ids"
    activity = plan.add_activity("A1", "X", area=area, description=None, targets=[target],
                                 organisations=[org], known_organisations={str(org)},
                                 initiative=None, meta=meta())  # fmt: skip
    plan.address_perspective(activity, "barnperspektivet", "Barn som anhöriga", meta=meta())
    assert plan.activities[str(activity)]["perspectives"] == {
        "barnperspektivet": "Barn som anhöriga"
    }
    before = len(plan.pending_events)
    plan.address_perspective(activity, "barnperspektivet", "Barn som anhöriga", meta=meta())
    assert len(plan.pending_events) == before  # nothing new, nothing recorded


def test_narratives_keep_their_revisions_and_refuse_empty_or_far_years() -> None:
    plan = new_plan()
    area = with_area(plan)
    plan.write_narrative(area, 2024, {"done": "Kurser"}, meta=meta())
    plan.write_narrative(area, 2024, {"done": "Kurser", "next": "Sprida"}, meta=meta())
    assert plan.narratives[f"{area}:2024"]["revision"] == 2
    with pytest.raises(ValidationFailed) as err:
        plan.write_narrative(area, 2024, {}, meta=meta())
    assert err.value.field == "done"
    with pytest.raises(ValidationFailed) as err:
        plan.write_narrative(area, 2030, {"done": "x"}, meta=meta())
    assert err.value.field == "year"


def test_the_follow_up_of_a_year_is_sent_once_and_only_to_someone() -> None:
    plan = new_plan()
    with pytest.raises(ValidationFailed):
        plan.record_follow_up(2024, uuid.uuid4(), {"org": []}, meta=meta())
    plan.record_follow_up(2024, uuid.uuid4(), {"org": ["p"]}, meta=meta())
    with pytest.raises(InvalidTransition):
        plan.record_follow_up(2024, uuid.uuid4(), {"org": ["p"]}, meta=meta())


def test_an_organisation_and_its_contact_persons() -> None:
    org = Organisation.register(RegisterOrganisation(
        code="karlstad", name="Karlstads kommun", kind="kommun", county="Värmlands län",
        area_code="1780", parent_id=None, arena_id=None), meta=meta(),
    )  # fmt: skip
    person = uuid.uuid4()
    org.add_person(person, contact=False, meta=meta())
    assert org.contacts == []
    org.set_contact(person, contact=True, meta=meta())
    assert org.contacts == [str(person)]
    with pytest.raises(Duplicate):
        org.add_person(person, contact=True, meta=meta())
    with pytest.raises(ValidationFailed) as err:
        Organisation.register(RegisterOrganisation(code="x", name="X", kind="kommun",
                              county=None, area_code="178", parent_id=None, arena_id=None),
                              meta=meta())  # fmt: skip
    assert err.value.field == "area_code"
    with pytest.raises(ValidationFailed) as err:
        Organisation.register(RegisterOrganisation(code="x", name="X", kind="bolag",
                              county=None, area_code=None, parent_id=None, arena_id=None),
                              meta=meta())  # fmt: skip
    assert err.value.field == "kind"
    # The aggregate keeps its own rules, for a command that skipped the model's.
    for field, value in (("area_code", "178"), ("kind", "bolag")):
        fields = {"code": "x", "name": "X", "kind": "kommun", "area_code": None, field: value}
        with pytest.raises(ValidationFailed) as err:
            Organisation.register(RegisterOrganisation.model_construct(**fields), meta=meta())
        assert err.value.field == field
