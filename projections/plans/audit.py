"""What plans and organisations say in the audit trail (the sentences are in
services/i18n/audit.py). A plan's structure is recorded by PlanStructure,
the base of Plan: its events are the plan's."""

from __future__ import annotations

from typing import Any

from domain.plans.organisation import Organisation
from domain.plans.plan import Plan
from domain.plans.structure import PlanStructure
from projections.audit import Line, cut, describes, line
from projections.framework import Ctx
from projections.plans import tables as pt
from projections.store import RowStore


def _plan(rows: RowStore, ctx: Ctx) -> str | None:
    row = rows.get(pt.plans, ctx.aggregate_id)
    return None if row is None else str(row["code"])


def _area(rows: RowStore, ctx: Ctx, area_id: Any) -> str | None:
    row = rows.get(pt.plan_parts, ctx.aggregate_id, str(area_id))
    return None if row is None else f"{row['code']} {cut(row['title'], 60)}"


def _organisation(rows: RowStore, ctx: Ctx) -> str | None:
    row = rows.get(pt.organisations, ctx.aggregate_id)
    return None if row is None else str(row["name"])


@describes(Organisation, "Registered")
def _registered(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("organisation.registered", name=e.name, kind=e.kind)


@describes(Organisation, "PersonAdded", "ContactChanged")
def _person(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    message = "organisation.contact_added" if e.contact else "organisation.person_added"
    return line(message, e.person_id, organisation=_organisation(rows, ctx))


@describes(Organisation, "PersonRemoved")
def _person_removed(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("organisation.person_removed", e.person_id, organisation=_organisation(rows, ctx))


@describes(Plan, "Created")
def _created(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("plan.created", code=e.code, title=cut(e.title))


@describes(PlanStructure, "TargetAdded", "DirectionAdded", "FocusAreaAdded")
def _part(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("plan.part_added", plan=_plan(rows, ctx), code=e.code, title=cut(e.title, 60))


@describes(PlanStructure, "FollowUpQuestionAdded")
def _question(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("plan.question_added", area=_area(rows, ctx, e.area_id), text=cut(e.text))


@describes(Plan, "ActivityAdded")
def _activity(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("plan.activity_added", plan=_plan(rows, ctx), code=e.code, title=cut(e.title, 60))


@describes(Plan, "FollowUpSent")
def _sent(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("plan.follow_up_sent", plan=_plan(rows, ctx), year=e.year, count=len(e.respondents))


@describes(Plan, "NarrativeWritten")
def _narrative(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    area = _area(rows, ctx, e.area_id)
    return line("plan.narrative_written", area=area, year=e.year, revision=e.revision)
