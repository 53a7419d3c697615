"""Uppföljning: a regional plan and its yearly follow-up, for the plan
coordinator. The plan page shows the structure (goal, målbilder, strategic
directions, insatsområden with their utmaningsfrågor and uppföljningsfrågor,
activities with their responsible organisations and perspectives); to the
plan's arena's secretaries and moderators, auditors and admins it shows the
year's survey compiled per insatsområde, organisation and perspective, last
year beside this year, and to its moderators a form per insatsområde for the
year's narrative (each save a new revision; the earlier ones are listed).
The same command as the API, channel `web`; the domain decides who may."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from adapters.web import forms
from adapters.web.render import page, secured, see_other
from adapters.web.routes_admin import NotForRole
from adapters.web.routes_indicators import TRENDS
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, Services, SignedIn, Visitor
from domain.authority import MODERATOR, SECRETARY, Authority, holds
from domain.errors import DomainError, Forbidden
from domain.plans import commands as p
from domain.values import Perspective
from services.i18n import N_, STOCKHOLM, translator
from services.i18n.errors import error_text
from services.i18n.labels import label
from services.plan_formats import XLSX, compilation_xlsx
from services.queries import Row
from services.queries.plans import PlansQueries

router = APIRouter(include_in_schema=False)
NO_TEXT = N_("Write at least one of the three parts.")
PARTS = ("done", "effect", "next")
MAX_CHOICES = 500


def plans_of(s: WebServices) -> PlansQueries:
    assert s.plans is not None, "the composition root gives the web door the plan queries"
    return s.plans


def _authority(v: Visitor) -> Authority:
    return Authority(actor=v.person_id, roles=v.roles)


@router.get("/plans")
def plans(request: Request, v: SignedIn, s: Services) -> Response:
    items = plans_of(s).plans_page(limit=100, offset=0).items
    return page(request, v, "plans.html.j2", plans=items, nav="plans")


def _year(request: Request, plan: Row, now_year: int) -> int:
    asked = request.query_params.get("year") or ""
    if asked.isdigit() and 2000 <= int(asked) <= 2100:
        return int(asked)
    years = plan["survey_years"]
    return int(years[-1]) if years else now_year


def plan_page_with(
    request: Request, v: Visitor, s: WebServices, plan: Row, **state: Any
) -> Response:
    """The plan's page, with a form's state (a refusal, what was given)."""
    queries = plans_of(s)
    year = _year(request, plan, s.clock.now().astimezone(STOCKHOLM).year)
    reads = queries.may_compile(plan, _authority(v))
    compiled = queries.compilation_seen_by(plan["id"], year, _authority(v)) if reads else None
    history: dict[str, list[Row]] = {}
    for row in queries.narratives(plan["id"], year=year) if reads else []:
        history.setdefault(row["area_id"], []).append(row)
    organisations = {o["id"]: o["name"] for o in plan["organisations"]}
    targets = {t["part_id"]: t["code"] for t in plan["targets"]}
    for area in plan["areas"]:
        for act in area["activities"]:
            act["responsible"] = sorted(organisations.get(o, "?") for o in act["organisation_ids"])
            codes = [targets.get(x, "?") for x in act["target_ids"]]
            act["target_codes"] = sorted(codes, key=lambda c: (len(c), c))  # M2 before M10
    arena = plan["arena_id"] or ""
    writes = v.is_admin or holds(v.arena_roles.get(arena), MODERATOR)
    keeps = writes or holds(v.arena_roles.get(arena), SECRETARY)
    values = forms.page_state(
        state,
        saved=request.query_params.get("saved"),
        nav="plans",
        plan=plan,
        year=year,
        compiled=compiled,
        reads=reads,
        writes=writes,
        keeps=keeps,
        history=history,
        perspectives=[(x.value, label(translator(v.lang), x)) for x in Perspective],
        indicators=_indicators(s, plan),
        trends=TRENDS,
        decimal="," if v.lang == "sv" else ".",
        chosen={},
        choices=_choices(s, plan) if keeps else {},
    )
    return page(request, v, "plan.html.j2", **values)


def _indicators(s: WebServices, plan: Row) -> dict[str, list[Row]]:
    """The indicators linked to each insatsområde and målbild, with their
    latest value and trend (the headline series the indicator list shows)."""
    if s.indicators is None:
        return {}
    parts = {("area", a["part_id"]) for a in plan["areas"]}
    parts |= {("goal", t["part_id"]) for t in plan["targets"]}
    linked: dict[str, list[Row]] = {}
    for indicator in s.indicators.list_indicators():
        for link in indicator["links"]:
            if (link["kind"], link["target_id"]) in parts:
                linked.setdefault(link["target_id"], []).append(indicator)
    return linked


def _choices(s: WebServices, plan: Row) -> dict[str, list[tuple[str, str]]]:
    """What the activity form offers: every organisation (the plan's first)
    and the initiatives of the plan's arena."""
    taking_part = {o["id"] for o in plan["organisations"]}
    orgs = plans_of(s).organisations_page(limit=MAX_CHOICES, offset=0).items
    orgs = sorted(orgs, key=lambda o: (o["id"] not in taking_part, o["name"]))
    where = {"arena_id": plan["arena_id"]} if plan["arena_id"] else {}
    found = s.plan.initiatives_page(limit=MAX_CHOICES, offset=0, **where).items
    return {
        "organisations": [(o["id"], o["name"]) for o in orgs],
        "initiatives": [(i["id"], f"{i['code']} {i['title']}") for i in found],
        "directions": [(d["part_id"], d["title"]) for d in plan["directions"]],
        "areas": [(a["part_id"], f"{a['code']} {a['title']}") for a in plan["areas"]],
        "targets": [(t["part_id"], f"{t['code']} {t['title']}") for t in plan["targets"]],
    }


def _plan(s: WebServices, plan_id: str) -> Row | None:
    key = forms.id_of(plan_id)
    return plans_of(s).get_plan(key) if key else None


@router.get("/plans/{plan_id}")
def plan_page(request: Request, plan_id: str, v: SignedIn, s: Services) -> Response:
    plan = _plan(s, plan_id)
    if plan is None:
        return page(request, v, "not_found.html.j2", status=404, nav="plans")
    return plan_page_with(request, v, s, plan)


@router.get("/plans/{plan_id}/follow-ups/{year}.xlsx")
def download(request: Request, plan_id: str, year: int, v: SignedIn, s: Services) -> Response:
    """The year's compilation as a workbook, for those who read it on the page."""
    plan = _plan(s, plan_id)
    if plan is None or not 2000 <= year <= 2100:
        return page(request, v, "not_found.html.j2", status=404, nav="plans")
    try:
        compiled = plans_of(s).compilation_seen_by(plan["id"], year, _authority(v))
    except Forbidden:
        raise NotForRole(v) from None
    assert compiled is not None
    name = f"uppfoljning-{plan['code']}-{year}.xlsx"
    return secured(
        Response(
            compilation_xlsx(compiled, v.lang),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        ),
        request,
        v,
    )


@router.post("/plans/{plan_id}/areas/{area_id}/narrative")
def write_narrative(
    request: Request, plan_id: str, area_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    plan = _plan(s, plan_id)
    area = forms.id_of(area_id)
    if plan is None or area is None or area not in {a["part_id"] for a in plan["areas"]}:
        return page(request, v, "not_found.html.j2", status=404, nav="plans")
    tr = translator(v.lang)
    given = {name: forms.text(form, name) for name in PARTS}
    year_text = forms.text(form, "year")
    year = int(year_text) if year_text.isdigit() else 0
    failed = {"form": area, "text": ""}
    if not any(given.values()):
        failed["text"] = tr.gettext(NO_TEXT)
        return plan_page_with(request, v, s, plan, failed=failed, given=given, status=422)
    try:
        command = p.WriteNarrative(plan_id=UUID(plan["id"]), area_id=UUID(area), year=year, **given)
        forms.run(s, v, form, command)
    except (DomainError, ValidationError) as error:
        if isinstance(error, Forbidden):
            raise NotForRole(v) from None
        if isinstance(error, DomainError):
            failed["text"] = error_text(error, v.lang)
        else:
            failed["text"] = tr.gettext("This value is not accepted.")
        return plan_page_with(request, v, s, plan, failed=failed, given=given, status=422)
    return see_other(request, f"/plans/{plan['id']}?year={year}&saved={area}#compiled-{area}")
