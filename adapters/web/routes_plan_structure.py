"""Uppföljning: the plan's moderators keep its uppföljningsfrågor and the
goals of its perspectives in the browser (the plan page's forms). The same
commands as the API, channel `web`; the domain decides who may, and a
refusal is shown at its form in the reader's language."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError

from adapters.web import forms
from adapters.web.render import page, see_other
from adapters.web.routes_admin import NotForRole
from adapters.web.routes_plans import plan_page_with
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, SignedIn, Visitor, web_services
from domain.commands import Command
from domain.errors import DomainError, Forbidden
from domain.plans import commands as p
from domain.plans.values import QuestionKind
from domain.values import Perspective
from services.i18n import N_, translator
from services.i18n.errors import error_text
from services.queries import Row

router = APIRouter(include_in_schema=False)
Services = Annotated[WebServices, Depends(web_services)]
NOT_ACCEPTED = N_("This value is not accepted.")


def _run(
    request: Request,
    v: Visitor,
    s: WebServices,
    form: Any,
    plan: Row,
    where: str,
    build: Any,
) -> Response:
    """Builds the form's command and runs it; back to the plan at `where`."""
    tr = translator(v.lang)
    try:
        command: Command = build()
        forms.run(s, v, form, command)
    except (DomainError, ValidationError) as error:
        if isinstance(error, Forbidden):
            raise NotForRole(v) from None
        text = error_text(error, v.lang) if isinstance(error, DomainError) else None
        failed = {"form": where, "field": "", "text": text or tr.gettext(NOT_ACCEPTED)}
        given = {k: str(x) for k, x in form.items() if isinstance(x, str)}
        return plan_page_with(request, v, s, plan, failed=failed, given=given, status=422)
    return see_other(request, f"/plans/{plan['id']}?saved={where}#{where}")


def _plan_and_area(s: WebServices, plan_id: str, area_id: str | None = None) -> Row | None:
    key = forms.id_of(plan_id)
    assert s.plans is not None
    plan = s.plans.get_plan(key) if key else None
    if plan is None or area_id is None:
        return plan
    return plan if area_id in {a["part_id"] for a in plan["areas"]} else None


@router.post("/plans/{plan_id}/areas/{area_id}/questions")
def add_question(
    request: Request, plan_id: str, area_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    plan = _plan_and_area(s, plan_id, forms.id_of(area_id))
    if plan is None:
        return page(request, v, "not_found.html.j2", status=404, nav="plans")
    perspective = forms.text(form, "perspective") or None

    def build() -> Command:
        return p.AddFollowUpQuestion(
            plan_id=UUID(plan["id"]),
            area_id=UUID(area_id),
            text=forms.text(form, "text"),
            kind=QuestionKind(forms.text(form, "kind") or "choice"),
            perspective=Perspective(perspective) if perspective else None,
        )

    return _run(request, v, s, form, plan, f"questions-{area_id}", build)


@router.post("/plans/{plan_id}/perspective-goals")
def set_goal(
    request: Request, plan_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    plan = _plan_and_area(s, plan_id)
    if plan is None:
        return page(request, v, "not_found.html.j2", status=404, nav="plans")

    def build() -> Command:
        return p.SetPerspectiveGoal(
            plan_id=UUID(plan["id"]),
            perspective=Perspective(forms.text(form, "perspective")),
            goal=forms.text(form, "goal"),
        )

    return _run(request, v, s, form, plan, "perspective-goals", build)
