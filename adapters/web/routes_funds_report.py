"""Återrapportering in the browser: the year's report on screen, its
downloads, and its submissions with their difference from now (the fund
pages' other half, adapters/web/routes_funds.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from adapters.web import forms
from adapters.web.forms import field_error
from adapters.web.render import page, secured, see_other
from adapters.web.routes_admin import NotForRole
from adapters.web.routes_funds import (
    NOT_ACCEPTED,
    EntryForm,
    Keeper,
    Reader,
    Refused,
    fund_queries,
)
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, Services, Visitor, form_source
from domain.authority import Authority, GlobalRole
from domain.errors import DomainError
from domain.funds import commands as f
from services.i18n import translator
from services.i18n.labels import area_label
from services.queries import Row
from services.report_follow_up import PART_NAMES, TRENDS
from services.report_formats import FIGURE_NAMES
from services.reports import MEDIA_TYPES, ReportQuery, Reports, render

router = APIRouter(include_in_schema=False)

FORMATS = ("xlsx", "csv", "html", "json")
LINES_SHOWN = 500  # the downloads carry every line


def _reports(s: WebServices) -> Reports:
    assert s.reports is not None, "the composition root gives the web door the reports"
    return s.reports


def _year(request: Request, years: list[int]) -> int | None:
    given = request.query_params.get("year", "")
    if given.isdigit() and 2000 <= int(given) <= 2100:
        return int(given)
    return years[0] if years else None


def _years(s: WebServices, plans: Sequence[Row] = ()) -> list[int]:
    """The years that have grants, and those of the plans the visitor may
    follow up, the latest first."""
    grants = fund_queries(s).grants_page(limit=10_000, offset=0).items
    years = {int(g["year"]) for g in grants}
    for plan in plans:
        years |= set(range(int(plan["first_year"]), int(plan["last_year"]) + 1))
    return sorted(years, reverse=True)


def _authority(v: Visitor) -> Authority:
    return Authority(actor=v.person_id, roles=v.roles)


class NoSuchPlan(Exception):
    """A plan asked for that is not there."""


def _plan(s: WebServices, v: Visitor, given: str | None) -> Row | None:
    """The plan whose follow-up the report is to carry (`?plan=`, by code or
    id): NoSuchPlan when there is none; NotForRole when the visitor may not
    read its compilation (the plan arena's secretaries and moderators,
    auditors, admins)."""
    if not given:
        return None
    plan = _reports(s).find_plan(given[:100])
    if plan is None:
        raise NoSuchPlan(given)
    if not _reports(s).may_follow_up(plan, _authority(v)):
        raise NotForRole(v)
    return plan


def _plans(s: WebServices, v: Visitor) -> list[Row]:
    """The plans whose follow-up the visitor may have in the report."""
    if s.plans is None:
        return []
    found = s.plans.plans_page(limit=100, offset=0).items
    return [p for p in found if _reports(s).may_follow_up(p, _authority(v))]


def _query(year: int, plan: Row | None) -> ReportQuery:
    return ReportQuery(year, plan=None if plan is None else str(plan["id"]))


def label_figures(diff: Row, lang: str) -> None:
    """Names, in the reader's language, each figure of a report's difference
    from another (its area, and the figure itself)."""
    tr = translator(lang)
    for figure in diff["figures"]:
        figure["area_label"] = area_label(tr, figure["area"]) if figure.get("area") else ""
        name = FIGURE_NAMES.get(figure["figure"])
        figure["figure_label"] = tr.gettext(name) if name else figure["figure"]


@router.get("/funds/report")
def report(request: Request, v: Reader, s: Services) -> Response:
    shown = shown_asked(request, v, s, partial(_year, request))
    if isinstance(shown, Response):
        return shown
    return _report_page(request, v, s, shown)


def _report_page(
    request: Request,
    v: Visitor,
    s: WebServices,
    shown: Shown,
    **state: Any,
) -> Response:
    year = shown.year
    found = None if year is None else _reports(s).compute(_query(year, shown.plan))
    submissions = [] if year is None else fund_queries(s).list_submissions(year=year)
    keeps = v.has(GlobalRole.FUND_COORDINATOR)
    saved = request.query_params.get("saved")
    return report_page(
        request, v, s, found, shown, saved=saved, submissions=submissions, keeps=keeps, **state
    )


@dataclass(frozen=True)
class Shown:
    """The year and the plan whose report a page shows, and those the
    visitor may choose instead (the years with grants or plans, the plans
    they may follow up)."""

    year: int | None
    plan: Row | None
    years: list[int]
    plans: list[Row]

    @classmethod
    def of(cls, s: WebServices, v: Visitor, year: int | None, plan: Row | None) -> Shown:
        plans = _plans(s, v)
        return cls(year, plan, _years(s, plans), plans)

    def values(self) -> dict[str, Any]:
        """The page's values for them, by the template's names."""
        return {"year": self.year, "plan": self.plan, "years": self.years, "plans": self.plans}


def shown_asked(
    request: Request, v: Visitor, s: WebServices, year: Callable[[list[int]], int | None]
) -> Shown | Response:
    """What a report page (now, or as it was) shows: the plan asked for
    (`?plan=`), the plans and years the visitor may choose, and the year
    `year` picks among those; the 404 page when that plan is not there. The
    plans and years are read once: they choose the year and fill the page."""
    try:
        plan = _plan(s, v, request.query_params.get("plan"))
    except NoSuchPlan:
        return page(request, v, "not_found.html.j2", status=404)
    plans = _plans(s, v)
    years = _years(s, plans)
    return Shown(year(years), plan, years, plans)


def report_page(
    request: Request, v: Visitor, s: WebServices, report: Row | None, shown: Shown, **state: Any
) -> Response:
    """The page of a year's report, as it is now or as it was
    (routes_timetravel.py); `state` gives the rest (its submissions,
    whether its forms show)."""
    values = forms.page_state(
        state,
        nav="funds",
        report=report,
        formats=FORMATS,
        lines_shown=LINES_SHOWN,
        today=s.clock.now().date().isoformat(),
        trends=TRENDS,
        **shown.values(),
    )
    return page(request, v, "funds_report.html.j2", **values)


@router.get("/funds/report/download")
def download(request: Request, v: Reader, s: Services) -> Response:
    """The report as a file, from the same service as the API's (which needs
    a bearer token a browser does not hold)."""
    year = _year(request, [])
    fmt = request.query_params.get("format", "")
    try:
        plan = _plan(s, v, request.query_params.get("plan"))
    except NoSuchPlan:
        plan, year = None, None
    if year is None or fmt not in FORMATS:
        return page(request, v, "not_found.html.j2", status=404)
    found = _reports(s).compute(_query(year, plan))
    name = f"aterrapportering-{year}{'-' + plan['code'] if plan else ''}.{fmt}"
    return secured(
        Response(
            render(found, fmt, v.lang),
            media_type=MEDIA_TYPES[fmt],
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        ),
        request,
        v,
    )


@router.post("/funds/report/submissions")
def submit(request: Request, v: Keeper, s: Services, form: CheckedForm) -> Response:
    """ "Lämna in": records the report as it is now as submitted (who, when,
    its log position and digest), as the API's submission does."""
    e = EntryForm(form, v.lang)
    given = e.text("year") or ""
    year = int(given) if given.isdigit() and 2000 <= int(given) <= 2100 else None
    try:
        plan = _plan(s, v, e.text("plan"))
    except NoSuchPlan:
        year = None
    if year is None:
        return page(request, v, "not_found.html.j2", status=404)
    query = _query(year, plan)
    try:
        found = _reports(s).compute(query)
        command = f.SubmitFundReport(
            year=year,
            recipient=e.text("recipient", required=True),
            submitted_on=e.day(),
            log_position=found["source"]["log_position"],
            chain_link=found["source"]["chain_link"],
            report_sha256=found["report_sha256"],
            document=Reports.document(found),
            plan_id=query.plan_uuid,
        )
        s.commands.run(command, v.context(form_source(form, v)), wait=True)
    except Refused as refused:
        where, text = refused.field, refused.text
    except (DomainError, ValidationError) as error:
        where = "on" if getattr(error, "field", None) == "submitted_on" else "recipient"
        text = (
            field_error(error, v.lang)
            if isinstance(error, DomainError)
            else translator(v.lang).gettext(NOT_ACCEPTED)
        )
    else:
        also = f"&plan={plan['id']}" if plan else ""
        return see_other(request, f"/funds/report?year={year}{also}&saved=submit#submit")
    failed = {"form": "submit", "field": where, "text": text}
    shown = Shown.of(s, v, year, plan)
    return _report_page(request, v, s, shown, status=422, failed=failed, given=forms.given(form))


@router.get("/funds/report/submissions/{report_id}")
def submission(request: Request, report_id: str, v: Reader, s: Services) -> Response:
    """A submitted report against the same report now: whether it is
    reproduced from the log, and what changed since, line by line."""
    key = forms.id_of(report_id)
    row = None if key is None else fund_queries(s).get_submission(key)
    if row is None:
        return page(request, v, "not_found.html.j2", status=404)
    diff = _reports(s).submission_diff(row)
    label_figures(diff, v.lang)
    return page(
        request, v, "funds_submission.html.j2", nav="funds", diff=diff, row=row, parts=PART_NAMES
    )


@router.get("/funds/report/submissions/{report_id}/report.json")
def submitted_document(request: Request, report_id: str, v: Reader, s: Services) -> Response:
    """The report exactly as submitted: the canonical JSON kept with the
    submission, byte for byte (its SHA-256 is the submission's digest)."""
    key = forms.id_of(report_id)
    row = None if key is None else fund_queries(s).get_submission(key)
    kept = None if row is None else _reports(s).kept(row)
    if row is None or kept is None:
        return page(request, v, "not_found.html.j2", status=404)
    name = f"aterrapportering-{row['year']}-inlamnad-{row['submitted_on']}.json"
    return secured(
        Response(
            kept.encode(),
            media_type=MEDIA_TYPES["json"],
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        ),
        request,
        v,
    )
