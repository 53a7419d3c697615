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
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from adapters.web import forms
from adapters.web.fields import EMPTY, NOT_A_CHOICE, NOT_ACCEPTED
from adapters.web.render import page, see_other
from adapters.web.routes_admin import NotForRole
from adapters.web.routes_plans import plan_page_with
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, SignedIn, Visitor, web_services
from domain.commands import Command
from domain.errors import DomainError, Duplicate, Forbidden
from domain.plans import commands as p
from domain.plans.values import activity_id, focus_area_id
from services.i18n import N_, translator
from services.i18n.errors import error_text
from services.queries import Row

router = APIRouter(include_in_schema=False)
Services = Annotated[WebServices, Depends(web_services)]
Build = Callable[[], Command]

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


def _run(
    request: Request,
    v: Visitor,
    s: WebServices,
    form: FormData,
    plan: Row,
    where: str,
    build: Build,
    required: tuple[str, ...] = (),
    added: Callable[[], tuple[str, str]] | None = None,
) -> Response:
    """Runs the form's command as the visitor; back to the plan at `where`
    (or where `added` says the new part is shown: its notice, its anchor),
    or the page again with the refusal at its field and what was written."""
    tr = translator(v.lang)
    field, text = "", ""
    missing = [name for name in required if not forms.text(form, name)]
    if missing:
        field, text = missing[0], tr.gettext(EMPTY)
    else:
        try:
            forms.run(s, v, form, build())
        except (DomainError, ValidationError) as error:
            if isinstance(error, Forbidden):
                raise NotForRole(v) from None
            field, text = _words(error, v.lang)
    if text:
        failed = {"form": where, "field": field, "text": text}
        given = forms.given(form)
        chosen = {name: form.getlist(name) for name in ("target_ids", "organisation_ids")}
        return plan_page_with(
            request, v, s, plan, failed=failed, given=given, chosen=chosen, status=422
        )
    saved, anchor = added() if added is not None else (where, where)
    return see_other(request, f"/plans/{plan['id']}?saved={saved}#{anchor}")


def _plan(s: WebServices, plan_id: str) -> Row | None:
    key = forms.id_of(plan_id)
    assert s.plans is not None
    return s.plans.get_plan(key) if key else None


def _not_found(request: Request, v: Visitor) -> Response:
    return page(request, v, "not_found.html.j2", status=404, nav="plans")


def _ids(form: FormData, name: str) -> list[str]:
    return [str(x).strip() for x in form.getlist(name) if str(x).strip()]


def _optional(form: FormData, name: str) -> str | None:
    return forms.text(form, name) or None


def _lines(form: FormData, name: str) -> list[str]:
    value = form.get(name)
    text = value if isinstance(value, str) else ""
    return [line.strip() for line in text.splitlines() if line.strip()]


@router.post("/plans/{plan_id}/targets")
def add_target(
    request: Request, plan_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    plan = _plan(s, plan_id)
    if plan is None:
        return _not_found(request, v)

    def build() -> Command:
        return p.AddTarget(
            plan_id=UUID(plan["id"]),
            code=forms.text(form, "code"),
            title=forms.text(form, "title"),
            description=_optional(form, "description"),
        )

    return _run(request, v, s, form, plan, "new-target", build, ("code", "title"))


@router.post("/plans/{plan_id}/areas")
def add_area(
    request: Request, plan_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    plan = _plan(s, plan_id)
    if plan is None:
        return _not_found(request, v)

    def build() -> Command:
        return p.AddFocusArea.model_validate(
            {
                "plan_id": plan["id"],
                "code": forms.text(form, "code"),
                "title": forms.text(form, "title"),
                "direction_id": forms.text(form, "direction_id") or None,
                "description": _optional(form, "description"),
                "challenges": _lines(form, "challenges"),
            }
        )

    def added() -> tuple[str, str]:
        new = focus_area_id(UUID(plan["id"]), forms.text(form, "code"))
        return f"added-{new}", f"area-{new}"

    return _run(request, v, s, form, plan, "new-area", build, ("code", "title"), added)


@router.post("/plans/{plan_id}/activities")
def add_activity(
    request: Request, plan_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    plan = _plan(s, plan_id)
    if plan is None:
        return _not_found(request, v)

    def build() -> Command:
        return p.AddActivity.model_validate(
            {
                "plan_id": plan["id"],
                "code": forms.text(form, "code"),
                "title": forms.text(form, "title"),
                "area_id": forms.text(form, "area_id"),
                "description": _optional(form, "description"),
                "target_ids": _ids(form, "target_ids"),
                "organisation_ids": _ids(form, "organisation_ids"),
                "initiative_id": forms.text(form, "initiative_id") or None,
            }
        )

    def added() -> tuple[str, str]:
        new = activity_id(UUID(plan["id"]), forms.text(form, "code"))
        return f"added-{new}", f"how-{new}"

    required = ("area_id", "code", "title")
    return _run(request, v, s, form, plan, "new-activity", build, required, added)


@router.post("/plans/{plan_id}/areas/{area_id}/perspective-goals")
def set_area_goal(
    request: Request, plan_id: str, area_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    plan = _plan(s, plan_id)
    area = forms.id_of(area_id)
    if plan is None or area not in {a["part_id"] for a in plan["areas"]}:
        return _not_found(request, v)

    def build() -> Command:
        return p.SetPerspectiveGoal.model_validate(
            {
                "plan_id": plan["id"],
                "area_id": area,
                "perspective": forms.text(form, "perspective"),
                "goal": forms.text(form, "goal"),
            }
        )

    return _run(request, v, s, form, plan, f"goals-{area}", build, ("perspective",))


@router.post("/plans/{plan_id}/activities/{activity_id}/perspectives")
def address_perspective(
    request: Request, plan_id: str, activity_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    plan = _plan(s, plan_id)
    activity = forms.id_of(activity_id)
    known = {act["activity_id"] for a in (plan or {}).get("areas", []) for act in a["activities"]}
    if plan is None or activity not in known:
        return _not_found(request, v)

    def build() -> Command:
        return p.AddressPerspective.model_validate(
            {
                "plan_id": plan["id"],
                "activity_id": activity,
                "perspective": forms.text(form, "perspective"),
                "how": forms.text(form, "how"),
            }
        )

    return _run(request, v, s, form, plan, f"how-{activity}", build, ("perspective",))
