"""Uppföljning: the plan coordinator builds the plan in the browser: adds
målbilder, insatsområden (with their utmaningsfrågor, one a line) and
activities (in an insatsområde, aimed at målbilder, with the organisations
responsible and, when there is one, the initiative that carries it out),
sets an insatsområde's goal for a perspective and says how an activity
addresses a perspective. The same commands as the CLI and the API, channel
`web`; the domain decides who may (the plan's arena's moderators, for
activities also its secretaries), and a refusal is shown at the field it
concerns, in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from adapters.web import forms
from adapters.web.fields import EMPTY, NOT_A_CHOICE, NOT_ACCEPTED
from adapters.web.form_routes import Params, forms_at
from adapters.web.render import page, see_other
from adapters.web.routes_admin import NotForRole
from adapters.web.routes_plans import plan_page_with, plans_of
from adapters.web.services import WebServices
from adapters.web.visitors import Visitor
from domain.commands import Command
from domain.errors import DomainError, Duplicate, Forbidden
from domain.plans import commands as p
from domain.plans.values import activity_id, focus_area_id
from services.i18n import N_, translator
from services.i18n.errors import error_text
from services.queries import Row

router = APIRouter(include_in_schema=False)

TAKEN = N_("The plan already has a part with this code.")
BAD_CODE = N_("Write a code of letters, digits, '.', '_' or '-' without spaces, such as IO5.")
HINTS = {
    "code": BAD_CODE,
    "area_id": NOT_A_CHOICE,
    "direction_id": NOT_A_CHOICE,
    "perspective": NOT_A_CHOICE,
    "target_ids": NOT_A_CHOICE,
    "organisation_ids": NOT_A_CHOICE,
    "initiative_id": NOT_A_CHOICE,
}


def _words(error: Exception, lang: str) -> tuple[str, str]:
    """The field a refusal concerns and what to say there."""
    tr = translator(lang)
    if isinstance(error, ValidationError):
        problems = error.errors()
        field = str(problems[0]["loc"][0]) if problems and problems[0]["loc"] else ""
        return field, tr.gettext(HINTS.get(field, NOT_ACCEPTED))
    assert isinstance(error, DomainError)
    field = error.field or ""
    if error.rule is not None:
        return field, error_text(error, lang)
    if isinstance(error, Duplicate) and field == "code":
        return field, tr.gettext(TAKEN)
    if field in HINTS:
        return field, tr.gettext(HINTS[field])
    return field, forms.field_error(error, lang)


@dataclass(frozen=True)
class PlanForm:
    """A form of the plan page: `read` makes its command of the form, the
    plan and the path's ids; `where` is the form's place on the page (with
    the path's ids, as in `goals-{area_id}`); `required` the fields it cannot
    do without; `added` where the new part is shown (its notice, its anchor);
    `words` the field a refusal is shown at and what to say there."""

    read: Callable[[FormData, Row, Params], Command]
    where: str
    required: tuple[str, ...] = ()
    added: Callable[[FormData, Row], tuple[str, str]] | None = None
    words: Callable[[Exception, str], tuple[str, str]] = _words


def plan_of(s: WebServices, params: Params) -> tuple[Row, Params] | None:
    """The plan the path names and the path's ids in their one spelling;
    None when one is not an id, or the plan has no such area or activity."""
    ids = {name: forms.id_of(value) for name, value in params.items()}
    plan = plans_of(s).get_plan(ids["plan_id"]) if ids["plan_id"] else None
    if plan is None or None in ids.values():
        return None
    areas = plan["areas"]
    if "area_id" in ids and ids["area_id"] not in {a["part_id"] for a in areas}:
        return None
    activities = {act["activity_id"] for a in areas for act in a["activities"]}
    if "activity_id" in ids and ids["activity_id"] not in activities:
        return None
    return plan, {name: value for name, value in ids.items() if value is not None}


def run_plan_form(
    request: Request, v: Visitor, s: WebServices, form: FormData, params: Params, spec: PlanForm
) -> Response:
    """Runs the form's command as the visitor; back to the plan at the form
    (or where `added` says the new part is shown: its notice, its anchor),
    or the page again with the refusal at its field and what was written."""
    found = plan_of(s, params)
    if found is None:
        return page(request, v, "not_found.html.j2", status=404, nav="plans")
    plan, ids = found
    where = spec.where.format(**ids)
    tr = translator(v.lang)
    field, text = "", ""
    missing = [name for name in spec.required if not forms.text(form, name)]
    if missing:
        field, text = missing[0], tr.gettext(EMPTY)
    else:
        try:
            forms.run(s, v, form, spec.read(form, plan, ids))
        except (DomainError, ValidationError) as error:
            if isinstance(error, Forbidden):
                raise NotForRole(v) from None
            field, text = spec.words(error, v.lang)
    if text:
        failed = {"form": where, "field": field, "text": text}
        given = forms.given(form)
        chosen = {name: form.getlist(name) for name in ("target_ids", "organisation_ids")}
        return plan_page_with(
            request, v, s, plan, failed=failed, given=given, chosen=chosen, status=422
        )
    saved, anchor = spec.added(form, plan) if spec.added is not None else (where, where)
    return see_other(request, f"/plans/{plan['id']}?saved={saved}#{anchor}")


form = forms_at(router, "/plans/{plan_id}", run_plan_form, PlanForm)


def _chosen(f: FormData, name: str) -> list[str]:
    return [str(x).strip() for x in f.getlist(name) if str(x).strip()]


def _optional(f: FormData, name: str) -> str | None:
    return forms.text(f, name) or None


def _lines(f: FormData, name: str) -> list[str]:
    value = f.get(name)
    text = value if isinstance(value, str) else ""
    return [line.strip() for line in text.splitlines() if line.strip()]


def with_path(f: FormData, ids: Params, *names: str) -> dict[str, Any]:
    """The path's ids (the plan's, the part's) and the form's fields `names`."""
    return {**ids, **{name: forms.text(f, name) for name in names}}


@form("/targets", "new-target", ("code", "title"))
def _target(f: FormData, plan: Row, ids: Params) -> Command:
    return p.AddTarget.model_validate(
        {**with_path(f, ids, "code", "title"), "description": _optional(f, "description")}
    )


def _area_added(f: FormData, plan: Row) -> tuple[str, str]:
    new = focus_area_id(UUID(plan["id"]), forms.text(f, "code"))
    return f"added-{new}", f"area-{new}"


@form("/areas", "new-area", ("code", "title"), _area_added)
def _area(f: FormData, plan: Row, ids: Params) -> Command:
    return p.AddFocusArea.model_validate(
        {
            **with_path(f, ids, "code", "title"),
            "direction_id": forms.text(f, "direction_id") or None,
            "description": _optional(f, "description"),
            "challenges": _lines(f, "challenges"),
        }
    )


def _activity_added(f: FormData, plan: Row) -> tuple[str, str]:
    new = activity_id(UUID(plan["id"]), forms.text(f, "code"))
    return f"added-{new}", f"how-{new}"


@form("/activities", "new-activity", ("area_id", "code", "title"), _activity_added)
def _activity(f: FormData, plan: Row, ids: Params) -> Command:
    return p.AddActivity.model_validate(
        {
            **with_path(f, ids, "code", "title"),
            "area_id": forms.text(f, "area_id"),
            "description": _optional(f, "description"),
            "target_ids": _chosen(f, "target_ids"),
            "organisation_ids": _chosen(f, "organisation_ids"),
            "initiative_id": forms.text(f, "initiative_id") or None,
        }
    )


@form("/areas/{area_id}/perspective-goals", "goals-{area_id}", ("perspective",))
def _area_goal(f: FormData, plan: Row, ids: Params) -> Command:
    return p.SetPerspectiveGoal.model_validate(with_path(f, ids, "perspective", "goal"))


@form("/activities/{activity_id}/perspectives", "how-{activity_id}", ("perspective",))
def _perspective(f: FormData, plan: Row, ids: Params) -> Command:
    return p.AddressPerspective.model_validate(with_path(f, ids, "perspective", "how"))
