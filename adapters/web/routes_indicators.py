"""Indikatorer: every indicator with its latest figure against its target,
one indicator's series over time as a chart (an inline SVG, the same
numbers in a table), the figures revised, and the import of a file for
plan coordinators (admins too; the domain decides, an arena's moderators
for their arena's indicators).

Everyone signed in reads: the figures are the plan's, as published. The
import shows a refused file's errors line by line, and records nothing of
it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from adapters.web import forms
from adapters.web.chart import layout
from adapters.web.render import page, see_other
from adapters.web.routes_admin import NotForRole
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, Services, SignedIn, Visitor
from domain.authority import GlobalRole, holds
from domain.values import Role
from services.i18n import N_, translator
from services.indicator_import import MAX_BYTES, TEMPLATE_HEADER, ImportRefused
from services.indicators import IndicatorImport, refusal_lines
from services.queries.indicators import IndicatorQueries

router = APIRouter(include_in_schema=False)

GENDERS = {"T": N_("Everyone"), "K": N_("Women"), "M": N_("Men")}
TRENDS = {"up": N_("rising"), "down": N_("falling"), "flat": N_("unchanged")}
NO_FILE = N_("Choose a file to import.")


def keeps_indicators(v: Visitor) -> bool:
    """Plan coordinators and admins, and arenas' moderators (for the
    indicators their arena keeps): the domain decides per indicator."""
    return v.has(GlobalRole.PLAN_COORDINATOR) or any(
        holds(role, Role.MODERATOR) for role in v.arena_roles.values()
    )


def keeper(v: SignedIn) -> Visitor:
    if not keeps_indicators(v):
        raise NotForRole(v)
    return v


Keeper = Annotated[Visitor, Depends(keeper)]


def _queries(s: WebServices) -> IndicatorQueries:
    assert s.indicators is not None, "the composition root gives the web door the indicators"
    return s.indicators


def _importer(s: WebServices) -> IndicatorImport:
    assert s.indicator_import is not None, "the composition root gives the web door the import"
    return s.indicator_import


def _list_page(
    request: Request, v: Visitor, s: WebServices, *, status: int = 200, **state: Any
) -> Response:
    indicators = _queries(s).list_indicators()
    values: dict[str, Any] = {"refused": None, "imported": request.query_params.get("imported")}
    values.update(state)
    return page(
        request,
        v,
        "indicators.html.j2",
        status=status,
        nav="indicators",
        indicators=indicators,
        keeps=keeps_indicators(v),
        template_header=TEMPLATE_HEADER,
        max_mb=MAX_BYTES // (1024 * 1024),
        decimal="," if v.lang == "sv" else ".",
        trends=TRENDS,
        **values,
    )


@router.get("/indicators")
def indicators(request: Request, v: SignedIn, s: Services) -> Response:
    return _list_page(request, v, s)


@router.post("/indicators/import")
async def import_file(request: Request, v: Keeper, s: Services, form: CheckedForm) -> Response:
    upload = form.get("file")
    chosen = forms.id_of(forms.text(form, "indicator")) if forms.text(form, "indicator") else None
    if not isinstance(upload, UploadFile) or not upload.filename:
        problems = [translator(v.lang).gettext(NO_FILE)]
        return _list_page(request, v, s, status=422, refused=problems)
    data = await upload.read(MAX_BYTES + 1)
    from starlette.concurrency import run_in_threadpool

    try:
        done = await run_in_threadpool(
            _importer(s).run,
            data,
            upload.filename,
            v.context(),
            indicator=chosen,
        )
    except ImportRefused as refused:
        return _list_page(request, v, s, status=422, refused=refusal_lines(refused, v.lang))
    return see_other(request, f"/indicators?imported={done.values}", v)


@router.get("/indicators/{indicator_id}")
def indicator(request: Request, indicator_id: str, v: SignedIn, s: Services) -> Response:
    q = _queries(s)
    key = forms.id_of(indicator_id)
    found = q.get_indicator(key) if key else None
    if found is None or key is None:
        return page(request, v, "not_found.html.j2", status=404, nav="indicators")
    areas = found["areas"]
    codes = [a["code"] for a in areas]
    area = request.query_params.get("area", "")
    if area not in codes:
        area = codes[0] if codes else ""
    groups = q.groups(key, area) if area else []
    pairs = [(g["gender"], g["age"]) for g in groups]
    gender, _, age = request.query_params.get("group", "T|").partition("|")
    if (gender, age) not in pairs:
        gender, age = pairs[0] if pairs else ("T", "")
    series = q.series(key, area, gender, age) if area else None
    decimal = "," if v.lang == "sv" else "."
    chart = layout(series["points"] if series else [], found["target_value"], decimal)
    return page(
        request,
        v,
        "indicator.html.j2",
        nav="indicators",
        indicator=found,
        areas=areas,
        area=area,
        groups=[{"key": f"{g}|{a}", "gender": g, "age": a} for g, a in pairs],
        group=f"{gender}|{age}",
        series=series,
        chart=chart,
        revisions=[h for h in q.history(key, area or None) if h["previous"] is not None][:50],
        decimal=decimal,
        genders=GENDERS,
        trends=TRENDS,
    )
