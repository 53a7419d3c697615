"""Uppföljning: the plan's moderators keep its uppföljningsfrågor and the
goals of its perspectives in the browser (the plan page's forms). The same
commands as the API, channel `web`; the domain decides who may, and a
refusal is shown at its form in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from fastapi import APIRouter
from starlette.datastructures import FormData

from adapters.web import forms
from adapters.web.fields import NOT_ACCEPTED
from adapters.web.form_routes import Params, forms_at
from adapters.web.routes_plan_parts import PlanForm, run_plan_form
from domain.commands import Command
from domain.errors import DomainError
from domain.plans import commands as p
from domain.plans.values import QuestionKind
from domain.values import Perspective
from services.i18n import translator
from services.i18n.errors import error_text
from services.queries import Row

router = APIRouter(include_in_schema=False)


def _words(error: Exception, lang: str) -> tuple[str, str]:
    """A refusal is shown at its form, not at a field."""
    text = error_text(error, lang) if isinstance(error, DomainError) else None
    return "", text or translator(lang).gettext(NOT_ACCEPTED)


def _spec(read: Callable[[FormData, Row, Params], Command], where: str) -> PlanForm:
    return PlanForm(read, where, words=_words)


form = forms_at(router, "/plans/{plan_id}", run_plan_form, _spec)


@form("/areas/{area_id}/questions", "questions-{area_id}")
def _question(f: FormData, plan: Row, ids: Params) -> Command:
    perspective = forms.text(f, "perspective") or None
    return p.AddFollowUpQuestion(
        plan_id=UUID(plan["id"]),
        area_id=UUID(ids["area_id"]),
        text=forms.text(f, "text"),
        kind=QuestionKind(forms.text(f, "kind") or "choice"),
        perspective=Perspective(perspective) if perspective else None,
    )


@form("/perspective-goals", "perspective-goals")
def _goal(f: FormData, plan: Row, ids: Params) -> Command:
    return p.SetPerspectiveGoal(
        plan_id=UUID(plan["id"]),
        perspective=Perspective(forms.text(f, "perspective")),
        goal=forms.text(f, "goal"),
    )
