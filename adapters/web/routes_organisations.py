"""Uppföljning: the organisations taking part in a plan's follow-up and their
contact persons, to whom the yearly survey goes. The moderators of an
organisation's arena add a contact person (a person already known to
Samverka) or take one away; everyone signed in may read the list. The same
commands as the API, channel `web`; the domain decides who may."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from adapters.web import forms
from adapters.web.render import page, see_other
from adapters.web.routes_admin import NotForRole
from adapters.web.routes_plan_parts import plan_of
from adapters.web.routes_plans import plans_of
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, Services, SignedIn, Visitor
from domain.authority import MODERATOR, holds
from domain.commands import Command
from domain.errors import DomainError, Forbidden
from domain.plans import commands as p
from services.i18n import N_, translator
from services.i18n.errors import error_text
from services.queries import Row

router = APIRouter(include_in_schema=False)
PERSONS_SHOWN = 2000
CHOOSE = N_("Choose a person.")


def _page(request: Request, v: Visitor, s: WebServices, plan: Row, **state: Any) -> Response:
    queries = plans_of(s)
    organisations = []
    for listed in plan["organisations"]:
        found = queries.get_organisation(listed["id"])
        if found is None:
            continue
        arena = found["arena_id"] or ""
        found["keeps"] = v.is_admin or holds(v.arena_roles.get(arena), MODERATOR)
        found["contacts"] = [m for m in found["members"] if m["contact"]]
        organisations.append(found)
    keeps_any = any(o["keeps"] for o in organisations)
    people = (
        [
            (str(x["id"]), x["name"] or "?")
            for x in s.plan.persons_page(limit=PERSONS_SHOWN, offset=0).items
        ]
        if keeps_any
        else []
    )
    values = forms.page_state(
        state,
        saved=request.query_params.get("saved"),
        nav="plans",
        plan=plan,
        organisations=organisations,
        people=sorted(people, key=lambda x: x[1]),
    )
    return page(request, v, "plan_organisations.html.j2", **values)


@router.get("/plans/{plan_id}/organisations")
def organisations(request: Request, plan_id: str, v: SignedIn, s: Services) -> Response:
    found = plan_of(s, {"plan_id": plan_id})
    if found is None:
        return page(request, v, "not_found.html.j2", status=404, nav="plans")
    return _page(request, v, s, found[0])


def _change(
    request: Request, v: Visitor, s: WebServices, form: Any, plan_id: str, org_id: str, add: bool
) -> Response:
    found = plan_of(s, {"plan_id": plan_id, "org_id": org_id})
    if found is None or found[1]["org_id"] not in {o["id"] for o in found[0]["organisations"]}:
        return page(request, v, "not_found.html.j2", status=404, nav="plans")
    plan, org = found[0], found[1]["org_id"]
    person = forms.id_of(forms.text(form, "person_id"))
    if person is None:
        failed = {"form": org, "field": "person_id", "text": translator(v.lang).gettext(CHOOSE)}
        return _page(request, v, s, plan, failed=failed, status=422)
    organisation = plans_of(s).get_organisation(org)
    known = {m["person_id"] for m in (organisation or {}).get("members", [])}
    command: Command
    if add and person not in known:
        command = p.AddOrganisationPerson(
            organisation_id=UUID(org), person_id=UUID(person), contact=True
        )
    else:
        command = p.SetOrganisationContact(
            organisation_id=UUID(org), person_id=UUID(person), contact=add
        )
    try:
        forms.run(s, v, form, command)
    except DomainError as error:
        if isinstance(error, Forbidden):
            raise NotForRole(v) from None
        failed = {"form": org, "field": "person_id", "text": error_text(error, v.lang)}
        return _page(request, v, s, plan, failed=failed, status=422)
    return see_other(request, f"/plans/{plan['id']}/organisations?saved={org}#org-{org}")


@router.post("/plans/{plan_id}/organisations/{org_id}/contacts")
def add_contact(
    request: Request, plan_id: str, org_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    return _change(request, v, s, form, plan_id, org_id, add=True)


@router.post("/plans/{plan_id}/organisations/{org_id}/contacts/remove")
def remove_contact(
    request: Request, plan_id: str, org_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    return _change(request, v, s, form, plan_id, org_id, add=False)
