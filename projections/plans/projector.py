"""Projection of plans and organisations into their read tables.

The structure's events are PlanStructure's (the base class that records
them), of a Plan aggregate."""

from __future__ import annotations

from typing import Any

from domain.plans.organisation import Organisation
from domain.plans.plan import Plan
from domain.plans.structure import PlanStructure
from projections.framework import PROJECTION, Ctx, touch
from projections.plans import tables as pt
from projections.store import Row, RowStore, fields, optional_id, require

on = PROJECTION.on


# -- organisations -------------------------------------------------------------------


@on(Organisation, "Registered")
def organisation_registered(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(
        pt.organisations,
        ctx.new_row(
            {
                "code": e.code,
                "name": e.name,
                "kind": e.kind,
                "county": e.county,
                "area_code": e.area_code,
                "parent_id": optional_id(e.parent_id),
                "arena_id": optional_id(e.arena_id),
            },
        ),
    )


PROJECTION.sets(Organisation, pt.organisations, Revised=lambda e: fields(e, "name", "county"))


@on(Organisation, "PersonAdded", "ContactChanged")
def organisation_person(e: Any, ctx: Ctx, rows: RowStore) -> None:
    touch(rows, pt.organisations, ctx)
    rows.put(
        pt.organisation_members,
        {"organisation_id": ctx.aggregate_id, "person_id": str(e.person_id), "contact": e.contact},
    )


PROJECTION.removes(
    Organisation,
    pt.organisations,
    PersonRemoved=(pt.organisation_members, lambda e: str(e.person_id)),
)


# -- plans ---------------------------------------------------------------------------


@on(Plan, "Created")
def plan_created(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(
        pt.plans,
        ctx.new_row(
            {
                "code": e.code,
                "title": e.title,
                "scope": e.scope,
                "county": e.county,
                "goal": e.goal,
                "purpose": e.purpose,
                "first_year": e.first_year,
                "last_year": e.last_year,
                "arena_id": optional_id(e.arena_id),
                "survey_id": None,
            },
        ),
    )


PROJECTION.sets(
    Plan,
    pt.plans,
    Revised=lambda e: e.changes,
    SurveyLinked=lambda e: {"survey_id": str(e.survey_id)},
)


def _part(ctx: Ctx, kind: str, part_id: Any, e: Any, **more: Any) -> Row:
    return {
        "plan_id": ctx.aggregate_id,
        "part_id": str(part_id),
        "kind": kind,
        "code": e.code,
        "title": e.title,
        "description": e.description,
        "direction_id": None,
        "challenges": [],
        "questions": {},
        "position": ctx.position,
        **more,
    }


@on(PlanStructure, "TargetAdded")
def target_added(e: Any, ctx: Ctx, rows: RowStore) -> None:
    touch(rows, pt.plans, ctx)
    rows.put(pt.plan_parts, _part(ctx, "target", e.target_id, e))


@on(PlanStructure, "DirectionAdded")
def direction_added(e: Any, ctx: Ctx, rows: RowStore) -> None:
    touch(rows, pt.plans, ctx)
    rows.put(pt.plan_parts, _part(ctx, "direction", e.direction_id, e))


@on(PlanStructure, "FocusAreaAdded")
def area_added(e: Any, ctx: Ctx, rows: RowStore) -> None:
    touch(rows, pt.plans, ctx)
    more = {"direction_id": optional_id(e.direction_id), "challenges": e.challenges}
    rows.put(pt.plan_parts, _part(ctx, "area", e.area_id, e, **more))


def _area(rows: RowStore, ctx: Ctx, area_id: Any) -> Row:
    touch(rows, pt.plans, ctx)
    return require(rows, pt.plan_parts, ctx.aggregate_id, str(area_id))


@on(PlanStructure, "FocusAreaRevised")
def area_revised(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(pt.plan_parts, {**_area(rows, ctx, e.area_id), **e.changes})


@on(PlanStructure, "FollowUpQuestionAdded")
def question_added(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = _area(rows, ctx, e.area_id)
    question = {"text": e.text, "kind": e.kind, "perspective": e.perspective}
    rows.put(pt.plan_parts, {**row, "questions": {**row["questions"], str(e.number): question}})


@on(PlanStructure, "FollowUpQuestionWithdrawn")
def question_withdrawn(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = _area(rows, ctx, e.area_id)
    questions = {k: v for k, v in row["questions"].items() if k != str(e.number)}
    rows.put(pt.plan_parts, {**row, "questions": questions})


@on(PlanStructure, "PerspectiveGoalSet")
def perspective_goal_set(e: Any, ctx: Ctx, rows: RowStore) -> None:
    touch(rows, pt.plans, ctx)
    scope = optional_id(e.area_id) or "plan"
    if e.goal:
        rows.put(
            pt.plan_perspective_goals,
            {
                "plan_id": ctx.aggregate_id,
                "scope": scope,
                "perspective": e.perspective,
                "goal": e.goal,
            },
        )
    else:
        rows.delete(pt.plan_perspective_goals, ctx.aggregate_id, scope, e.perspective)


@on(Plan, "ActivityAdded")
def activity_added(e: Any, ctx: Ctx, rows: RowStore) -> None:
    touch(rows, pt.plans, ctx)
    rows.put(
        pt.plan_activities,
        {
            "plan_id": ctx.aggregate_id,
            "activity_id": str(e.activity_id),
            "code": e.code,
            "title": e.title,
            "area_id": str(e.area_id),
            "description": e.description,
            "target_ids": e.target_ids,
            "organisation_ids": e.organisation_ids,
            "initiative_id": optional_id(e.initiative_id),
            "perspectives": {},
        },
    )


def _activity(rows: RowStore, ctx: Ctx, activity_id: Any) -> Row:
    touch(rows, pt.plans, ctx)
    return require(rows, pt.plan_activities, ctx.aggregate_id, str(activity_id))


@on(Plan, "ActivityLinked")
def activity_linked(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = _activity(rows, ctx, e.activity_id)
    links = {"target_ids": e.target_ids, "organisation_ids": e.organisation_ids}
    rows.put(pt.plan_activities, {**row, **links})


@on(Plan, "ActivityPerspectiveAddressed")
def activity_perspective(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = _activity(rows, ctx, e.activity_id)
    said = {k: v for k, v in row["perspectives"].items() if k != e.perspective}
    if e.how:
        said[e.perspective] = e.how
    rows.put(pt.plan_activities, {**row, "perspectives": said})


@on(Plan, "OrganisationJoined")
def organisation_joined(e: Any, ctx: Ctx, rows: RowStore) -> None:
    touch(rows, pt.plans, ctx)
    row = {"plan_id": ctx.aggregate_id, "organisation_id": str(e.organisation_id)}
    rows.put(pt.plan_organisations, row)


PROJECTION.removes(
    Plan, pt.plans, OrganisationLeft=(pt.plan_organisations, lambda e: str(e.organisation_id))
)


@on(Plan, "FollowUpSent")
def follow_up_sent(e: Any, ctx: Ctx, rows: RowStore) -> None:
    touch(rows, pt.plans, ctx)
    rows.put(
        pt.plan_follow_ups,
        {
            "plan_id": ctx.aggregate_id,
            "year": e.year,
            "round_id": str(e.round_id),
            "respondents": e.respondents,
            "sent_at": ctx.at,
        },
    )


@on(Plan, "NarrativeWritten")
def narrative_written(e: Any, ctx: Ctx, rows: RowStore) -> None:
    touch(rows, pt.plans, ctx)
    rows.append(
        pt.plan_narratives,
        {
            "position": ctx.position,
            "plan_id": ctx.aggregate_id,
            "area_id": str(e.area_id),
            "year": e.year,
            "revision": e.revision,
            "done": e.done,
            "effect": e.effect,
            "next": e.next,
            **ctx.by_whom(),
            "recorded_at": ctx.at,
        },
    )
