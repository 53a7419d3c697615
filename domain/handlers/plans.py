"""Handlers of plans and organisations.

A plan is run by its arena's moderators (admins for a plan without arena);
its activities and their perspectives may also be kept by the arena's
secretaries. An organisation is kept by its arena's moderators.
"""

from __future__ import annotations

import uuid

from domain.authority import MODERATOR, SECRETARY
from domain.checkins.survey import SurveyPlan
from domain.errors import Duplicate, ValidationFailed
from domain.handlers.registry import acts_on, handles
from domain.initiative import Initiative
from domain.meta import Meta
from domain.person import Person
from domain.plans import commands as p
from domain.plans.organisation import Organisation
from domain.plans.plan import Plan
from domain.plans.values import organisation_id, plan_id
from domain.uow import UnitOfWork

# -- organisations -------------------------------------------------------------------


@handles(p.RegisterOrganisation)
def register_organisation(uow: UnitOfWork, cmd: p.RegisterOrganisation, meta: Meta) -> Organisation:
    uow.allow_new_in_arena(cmd.arena_id, MODERATOR)
    uow.check_named(Organisation, cmd.parent_id, field="parent_id")
    if uow.exists(organisation_id(cmd.code)):
        raise Duplicate(f"an organisation with code {cmd.code} exists", field="code")
    return uow.created(Organisation.register(cmd, meta=meta))


def kept_organisation(uow: UnitOfWork, cmd: p.OnOrganisation) -> Organisation:
    """The organisation, for its arena's moderators."""
    return uow.get_in_arena(Organisation, cmd.organisation_id, MODERATOR, field="organisation_id")


@acts_on(p.ReviseOrganisation, kept_organisation)
def revise_organisation(org: Organisation, cmd: p.ReviseOrganisation, meta: Meta) -> None:
    org.revise(name=cmd.name, county=cmd.county, meta=meta)


@acts_on(p.AddOrganisationPerson, kept_organisation, brings=lambda cmd: cmd.person_id)
def add_organisation_person(org: Organisation, cmd: p.AddOrganisationPerson, meta: Meta) -> None:
    org.add_person(cmd.person_id, contact=cmd.contact, meta=meta)


@acts_on(p.SetOrganisationContact, kept_organisation)
def set_organisation_contact(org: Organisation, cmd: p.SetOrganisationContact, meta: Meta) -> None:
    org.set_contact(cmd.person_id, contact=cmd.contact, meta=meta)


@acts_on(p.RemoveOrganisationPerson, kept_organisation)
def remove_organisation_person(
    org: Organisation, cmd: p.RemoveOrganisationPerson, meta: Meta
) -> None:
    org.remove_person(cmd.person_id, meta=meta)


# -- plans ---------------------------------------------------------------------------


@handles(p.CreatePlan)
def create_plan(uow: UnitOfWork, cmd: p.CreatePlan, meta: Meta) -> Plan:
    uow.allow_new_in_arena(cmd.arena_id, MODERATOR)
    if uow.exists(plan_id(cmd.code)):
        raise Duplicate(f"a plan with code {cmd.code} exists", field="code")
    return uow.created(Plan.create(cmd, meta=meta))


def run_plan(uow: UnitOfWork, cmd: p.OnPlan) -> Plan:
    """The plan, for its arena's moderators."""
    return uow.get_in_arena(Plan, cmd.plan_id, MODERATOR, field="plan_id")


def plan_activities(uow: UnitOfWork, cmd: p.OnPlan) -> Plan:
    """The plan, for its arena's secretaries and moderators."""
    return uow.get_in_arena(Plan, cmd.plan_id, SECRETARY, field="plan_id")


@acts_on(p.RevisePlan, run_plan)
def revise_plan(plan: Plan, cmd: p.RevisePlan, meta: Meta) -> None:
    plan.revise(cmd.fields(omit={"plan_id", "expected_version"}), meta=meta)


@acts_on(p.AddTarget, run_plan)
def add_target(plan: Plan, cmd: p.AddTarget, meta: Meta) -> None:
    plan.add_target(cmd.code, cmd.title, cmd.description, meta=meta)


@acts_on(p.AddDirection, run_plan)
def add_direction(plan: Plan, cmd: p.AddDirection, meta: Meta) -> None:
    plan.add_direction(cmd.code, cmd.title, cmd.description, meta=meta)


@acts_on(p.AddFocusArea, run_plan)
def add_focus_area(plan: Plan, cmd: p.AddFocusArea, meta: Meta) -> None:
    plan.add_area(
        cmd.code,
        cmd.title,
        direction=cmd.direction_id,
        description=cmd.description,
        challenges=list(cmd.challenges),
        meta=meta,
    )


@acts_on(p.ReviseFocusArea, run_plan)
def revise_focus_area(plan: Plan, cmd: p.ReviseFocusArea, meta: Meta) -> None:
    plan.revise_area(
        cmd.area_id,
        title=cmd.title,
        description=cmd.description,
        challenges=list(cmd.challenges) if cmd.challenges is not None else None,
        meta=meta,
    )


@acts_on(p.AddFollowUpQuestion, run_plan)
def add_follow_up_question(plan: Plan, cmd: p.AddFollowUpQuestion, meta: Meta) -> None:
    plan.add_question(
        cmd.area_id, cmd.text, kind=cmd.kind, perspective_key=cmd.perspective, meta=meta
    )


@acts_on(p.WithdrawFollowUpQuestion, run_plan)
def withdraw_follow_up_question(plan: Plan, cmd: p.WithdrawFollowUpQuestion, meta: Meta) -> None:
    plan.withdraw_question(cmd.area_id, cmd.number, meta=meta)


@acts_on(p.SetPerspectiveGoal, run_plan)
def set_perspective_goal(plan: Plan, cmd: p.SetPerspectiveGoal, meta: Meta) -> None:
    plan.set_perspective_goal(cmd.area_id, cmd.perspective, cmd.goal, meta=meta)


def _organisations(uow: UnitOfWork, ids: list[uuid.UUID]) -> set[str]:
    return {str(uow.get(Organisation, o, field="organisation_ids").id) for o in ids}


@handles(p.AddActivity)
def add_activity(uow: UnitOfWork, cmd: p.AddActivity, meta: Meta) -> Plan:
    plan = plan_activities(uow, cmd)
    uow.check_named(Initiative, cmd.initiative_id, field="initiative_id")
    plan.add_activity(
        cmd.code,
        cmd.title,
        area=cmd.area_id,
        description=cmd.description,
        targets=list(cmd.target_ids),
        organisations=list(cmd.organisation_ids),
        known_organisations=_organisations(uow, list(cmd.organisation_ids)),
        initiative=cmd.initiative_id,
        meta=meta,
    )
    return plan


@handles(p.LinkActivity)
def link_activity(uow: UnitOfWork, cmd: p.LinkActivity, meta: Meta) -> Plan:
    plan = plan_activities(uow, cmd)
    plan.link_activity(
        cmd.activity_id,
        targets=list(cmd.target_ids),
        organisations=list(cmd.organisation_ids),
        known_organisations=_organisations(uow, list(cmd.organisation_ids)),
        meta=meta,
    )
    return plan


@acts_on(p.AddressPerspective, plan_activities)
def address_perspective(plan: Plan, cmd: p.AddressPerspective, meta: Meta) -> None:
    plan.address_perspective(cmd.activity_id, cmd.perspective, cmd.how, meta=meta)


@handles(p.AddPlanOrganisation)
def add_plan_organisation(uow: UnitOfWork, cmd: p.AddPlanOrganisation, meta: Meta) -> Plan:
    plan = run_plan(uow, cmd)
    uow.get(Organisation, cmd.organisation_id, field="organisation_id")
    plan.add_organisation(cmd.organisation_id, meta=meta)
    return plan


@acts_on(p.RemovePlanOrganisation, run_plan)
def remove_plan_organisation(plan: Plan, cmd: p.RemovePlanOrganisation, meta: Meta) -> None:
    plan.remove_organisation(cmd.organisation_id, meta=meta)


@acts_on(p.WriteNarrative, run_plan)
def write_narrative(plan: Plan, cmd: p.WriteNarrative, meta: Meta) -> None:
    parts = {"done": cmd.done, "effect": cmd.effect, "next": cmd.next}
    plan.write_narrative(cmd.area_id, cmd.year, parts, meta=meta)


# -- the yearly survey ---------------------------------------------------------------


def respondents(uow: UnitOfWork, plan: Plan) -> dict[str, list[str]]:
    """The contact persons of each organisation taking part (not forgotten)."""
    found: dict[str, list[str]] = {}
    for org_id in plan.organisations:
        organisation = uow.get(Organisation, uuid.UUID(org_id))
        people = [
            c
            for c in organisation.contacts
            if not uow.get(Person, uuid.UUID(c), field="contacts").forgotten
        ]
        found[org_id] = sorted(people)
    return found


def contacts_of(found: dict[str, list[str]]) -> list[str]:
    return sorted({person for people in found.values() for person in people})


@handles(p.SchedulePlanSurvey)
def schedule_plan_survey(uow: UnitOfWork, cmd: p.SchedulePlanSurvey, meta: Meta) -> SurveyPlan:
    plan = run_plan(uow, cmd)
    questions = plan.survey_questions()
    if not questions:
        raise ValidationFailed("the plan has no uppföljningsfrågor yet", field="plan_id")
    survey = SurveyPlan.schedule_for_plan(
        cmd,
        arena_id=plan.arena_id,
        contacts=[uuid.UUID(c) for c in contacts_of(respondents(uow, plan))],
        questions=questions,
        meta=meta,
    )
    plan.link_survey(survey.id, meta=meta)
    uow.add(survey)
    return survey
