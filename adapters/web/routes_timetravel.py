"""Tidsresa: "Visa som det var" on an initiative (auditors and admins) and
on a grant (those who read the ledger): the page as it was at a moment
picked with a date and a time in Swedish time, marked as historical, with no
forms, and what changed since (field by field, and the audit trail's lines:
who, when, through which door); and each one's history, event by event, with
the state after each.

Everything is read through `TimeTravel`: the thing's own events, never a
replay of the whole log. The form is a GET (a look, bookmarkable).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import partial
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from adapters.web import forms
from adapters.web.render import page
from adapters.web.routes_admin import NotForRole
from adapters.web.routes_audit import Auditor
from adapters.web.routes_funds import Reader, _grant_page, fund_queries, ledger_cursor
from adapters.web.routes_funds_report import (
    FORMATS,
    LINES_SHOWN,
    NoSuchPlan,
    _plan,
    _plans,
    _query,
    _reports,
    _years,
)
from adapters.web.routes_plan_edit import DECISIONS_SHOWN, HEALTH_SHOWN
from adapters.web.series_common import managed_by
from adapters.web.services import WebServices
from adapters.web.visitors import Services, SignedIn, Visitor
from services.i18n import N_, STOCKHOLM, translator
from services.i18n.labels import area_label, describe_rule
from services.queries import Row
from services.report_follow_up import PART_NAMES, TRENDS
from services.report_formats import FIGURE_NAMES
from services.timetravel import AsOf, TimeTravel

router = APIRouter(include_in_schema=False)
STEPS_SHOWN = 50

NOT_A_DAY = N_("Write a date like 2026-11-10.")
NOT_A_TIME = N_("Write a time like 14:30.")
# A time may have seconds and milliseconds (the history's links carry them).
# When no time is given: as it was at the end of that day.
END_OF_DAY = time(23, 59)


@dataclass
class Moment:
    """The form as given, the moment it names (Swedish time), what was wrong."""

    day: str
    time: str
    at: datetime | None = None
    field: str | None = None
    text: str = ""


def moment(request: Request, lang: str) -> Moment:
    day = (request.query_params.get("day") or "").strip()
    clock = (request.query_params.get("time") or "").strip()
    found = Moment(day, clock)
    _ = translator(lang).gettext
    try:
        on = date.fromisoformat(day)
    except ValueError:
        found.field, found.text = "day", _(NOT_A_DAY)
        return found
    try:
        at = time.fromisoformat(clock) if clock else END_OF_DAY
    except ValueError:
        found.field, found.text = "time", _(NOT_A_TIME)
        return found
    if len(clock) <= 5:  # 14:30, or none: to the end of that minute
        at = at.replace(second=59, microsecond=999999)
    elif "." not in clock:  # 14:30:05: to the end of that second
        at = at.replace(microsecond=999999)
    found.at = datetime.combine(on, at, STOCKHOLM)
    return found


def travel(s: WebServices) -> TimeTravel:
    assert s.timetravel is not None, "the composition root gives the web door time travel"
    return s.timetravel


def _changes(s: WebServices, v: Visitor, thing_id: str, found: AsOf) -> dict[str, Any]:
    lines, more = travel(s).changes_since(thing_id, found.recorded_at, lang=v.lang)
    return {"asof": found, "trail_lines": lines, "more_lines": more}


def _as_of(
    request: Request,
    v: Visitor,
    thing: tuple[str, Callable[[], Row | None]],
    nav: str,
    find: Callable[[datetime], AsOf | None],
) -> tuple[Moment, AsOf] | Response:
    """The moment asked for and the thing (`kind`, and how to read it as it
    is now) as it was then; or the page that says the moment is
    unreadable (422) or before the thing existed; or that there is no such
    thing (404). The thing now is read only when nothing was found then:
    what was found then exists now (the difference read it)."""
    kind, read_now = thing
    when = moment(request, v.lang)
    found = None if when.at is None else find(when.at)
    if found is not None:
        return when, found
    now = read_now()
    if now is None:
        return page(request, v, "not_found.html.j2", status=404)
    values: dict[str, Any] = {"moment": when, "thing": now, "kind": kind}
    status = 422 if when.at is None else 200
    return page(request, v, "asof_missing.html.j2", status=status, nav=nav, **values)


@router.get("/initiatives/{initiative_id}/as-of")
def initiative_as_of(request: Request, initiative_id: str, v: Auditor, s: Services) -> Response:
    key = forms.id_of(initiative_id)
    if key is None:
        return page(request, v, "not_found.html.j2", status=404)
    asked = _as_of(
        request,
        v,
        ("initiative", lambda: s.plan.get_initiative(key)),
        "plan",
        lambda at: travel(s).initiative(key, at, health=HEALTH_SHOWN),
    )
    if isinstance(asked, Response):
        return asked
    when, found = asked
    arena = s.plan.get_arena(str(found.then["arena_id"]))
    state = forms.page_state(
        {},
        initiative=found.then,
        history=found.extra["history"],
        shown=HEALTH_SHOWN,
        decisions_shown=DECISIONS_SHOWN,
        arena=arena,
        may_plan=False,
        may_report=False,
        statuses=[],
        healths=[],
        roles=[],
        candidates=[],
        nav="plan",
    )
    extra = _changes(s, v, key, found)
    return page(request, v, "initiative.html.j2", moment=when, **state, **extra)


@router.get("/initiatives/{initiative_id}/history")
def initiative_history(request: Request, initiative_id: str, v: Auditor, s: Services) -> Response:
    key = forms.id_of(initiative_id)
    now = s.plan.get_initiative(key) if key else None
    if key is None or now is None:
        return page(request, v, "not_found.html.j2", status=404)
    return _history(request, v, s, key, "initiative", now, f"/initiatives/{key}", "plan")


@router.get("/arenas/{arena_id}/as-of")
def arena_as_of(request: Request, arena_id: str, v: Auditor, s: Services) -> Response:
    key = forms.id_of(arena_id)
    if key is None:
        return page(request, v, "not_found.html.j2", status=404)
    now = ("arena", lambda: s.plan.get_arena(key))
    asked = _as_of(request, v, now, "plan", lambda at: travel(s).arena(key, at))
    if isinstance(asked, Response):
        return asked
    when, found = asked
    extra = _changes(s, v, key, found)
    return page(request, v, "arena.html.j2", arena=found.then, nav="plan", moment=when, **extra)


@router.get("/arenas/{arena_id}/history")
def arena_history(request: Request, arena_id: str, v: Auditor, s: Services) -> Response:
    key = forms.id_of(arena_id)
    now = s.plan.get_arena(key) if key else None
    if key is None or now is None:
        return page(request, v, "not_found.html.j2", status=404)
    return _history(request, v, s, key, "arena", now, f"/arenas/{key}", "plan")


def _series_reader(s: WebServices, v: Visitor, key: str) -> dict[str, Any] | None:
    """The series now, when the visitor may look back at it: auditors and
    admins, and those who run it (its page is theirs)."""
    with s.meetings.connect() as conn:
        series = s.meetings.get_series(key, conn=conn)
        if series is None:
            return None
        if not (v.may_audit or managed_by(v, series)):
            raise NotForRole(v)
    return series


@router.get("/series/{series_id}/as-of")
def series_as_of(request: Request, series_id: str, v: SignedIn, s: Services) -> Response:
    key = forms.id_of(series_id)
    now = _series_reader(s, v, key) if key else None
    if key is None or now is None:
        return page(request, v, "not_found.html.j2", status=404)
    found_now = ("series", lambda: now)
    asked = _as_of(request, v, found_now, "series", lambda at: travel(s).series(key, at))
    if isinstance(asked, Response):
        return asked
    when, found = asked
    tr = translator(v.lang)
    rules = [(r, describe_rule(r, tr)) for r in found.then["rules"]]
    extra = _changes(s, v, key, found)
    return page(
        request, v, "series_asof.html.j2", series=found.then, rules=rules, nav="series",
        moment=when, **extra,
    )  # fmt: skip


@router.get("/series/{series_id}/history")
def series_history(request: Request, series_id: str, v: SignedIn, s: Services) -> Response:
    key = forms.id_of(series_id)
    now = _series_reader(s, v, key) if key else None
    if key is None or now is None:
        return page(request, v, "not_found.html.j2", status=404)
    return _history(request, v, s, key, "series", now, f"/series/{key}", "series")


@router.get("/funds/grants/{grant_id}/as-of")
def grant_as_of(request: Request, grant_id: str, v: Reader, s: Services) -> Response:
    key = forms.id_of(grant_id)
    if key is None:
        return page(request, v, "not_found.html.j2", status=404)
    now = ("grant", lambda: fund_queries(s).grant_with_bookings(key))
    find = partial(travel(s).grant, key, before=ledger_cursor(request))
    asked = _as_of(request, v, now, "funds", find)
    if isinstance(asked, Response):
        return asked
    when, found = asked
    extra = _changes(s, v, key, found)
    # The ledger's other pages as they were: the same moment, another cursor.
    href = f"/funds/grants/{key}/as-of?{urlencode({'day': when.day, 'time': when.time})}"
    # The page as it was: no forms, whoever looks (keeps is the page's own switch).
    return _grant_page(
        request, v, s, found.then, keeps=False, moment=when, ledger_href=href, **extra
    )


@router.get("/funds/grants/{grant_id}/history")
def grant_history(request: Request, grant_id: str, v: Reader, s: Services) -> Response:
    key = forms.id_of(grant_id)
    now = fund_queries(s).get_grant(key) if key else None
    if key is None or now is None:
        return page(request, v, "not_found.html.j2", status=404)
    return _history(request, v, s, key, "grant", now, f"/funds/grants/{key}", "funds")


def _history(
    request: Request,
    v: Visitor,
    s: WebServices,
    key: str,
    kind: str,
    now: dict[str, Any],
    href: str,
    nav: str,
) -> Response:
    cursor = request.query_params.get("cursor") or ""
    after = int(cursor) if cursor.isdigit() else None
    steps, next_cursor = travel(s).timeline(key, kind, after=after, limit=STEPS_SHOWN, lang=v.lang)
    return page(
        request,
        v,
        "history.html.j2",
        nav=nav,
        kind=kind,
        thing=now,
        href=href,
        steps=steps,
        next_cursor=next_cursor,
        first_page=after is None,
    )


@router.get("/funds/report/as-of")
def report_as_of(request: Request, v: Reader, s: Services) -> Response:
    """Återrapportering as it was known at a moment: the whole year's report
    from the events recorded by then (the CLI's `report funds --as-of`: a
    replay of the log up to the moment, not one aggregate's events), and what
    differs from the report now, figure by figure and line by line; with
    `plan`, the plan's follow-up as known then too."""
    try:
        plan = _plan(s, v, request.query_params.get("plan"))
    except NoSuchPlan:
        return page(request, v, "not_found.html.j2", status=404)
    plans = _plans(s, v)
    years = _years(s, plans)
    given = request.query_params.get("year", "")
    year = int(given) if given.isdigit() and int(given) in years else None
    when = moment(request, v.lang)
    if year is None or when.at is None:
        if year is None:
            when.field, when.text = "day", translator(v.lang).gettext(NOT_A_DAY)
        return page(
            request, v, "asof_missing.html.j2", status=422, nav="funds", moment=when,
            thing={"id": ""}, kind="report", request_year=given if given.isdigit() else "",
        )  # fmt: skip
    then = _reports(s).compute(_query(year, plan), as_of=when.at)
    now = _reports(s).compute(_query(year, plan))
    diff = _reports(s).diff(then, now)
    tr = translator(v.lang)
    for figure in diff["figures"]:
        figure["area_label"] = area_label(tr, figure["area"]) if figure.get("area") else ""
        name = FIGURE_NAMES.get(figure["figure"])
        figure["figure_label"] = tr.gettext(name) if name else figure["figure"]
    return page(
        request,
        v,
        "funds_report.html.j2",
        nav="funds",
        years=years,
        year=year,
        report=then,
        formats=FORMATS,
        lines_shown=LINES_SHOWN,
        submissions=[],
        today=s.clock.now().date().isoformat(),
        keeps=False,
        failed=None,
        given={},
        saved=None,
        changes=[],
        moment=when,
        report_diff=diff,
        plans=plans,
        plan=plan,
        trends=TRENDS,
        parts=PART_NAMES,
    )
