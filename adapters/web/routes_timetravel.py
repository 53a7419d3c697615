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
from datetime import datetime, time
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
    _query,
    _reports,
    label_figures,
    report_page,
    shown_asked,
)
from adapters.web.routes_plan_edit import DECISIONS_SHOWN, HEALTH_SHOWN
from adapters.web.series_common import managed_by
from adapters.web.services import WebServices
from adapters.web.visitors import Services, SignedIn, Visitor
from services.i18n import N_, STOCKHOLM, translator
from services.i18n.labels import describe_rule
from services.queries import Row
from services.report_follow_up import PART_NAMES
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
    on = forms.day_of(day)
    if on is None:
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


@dataclass(frozen=True)
class Kind:
    """What a page looks back at: its word (the templates' and the
    history's), the menu it is under, and where its own page is."""

    name: str
    nav: str
    href: str


INITIATIVE = Kind("initiative", "plan", "/initiatives")
ARENA = Kind("arena", "plan", "/arenas")
SERIES = Kind("series", "series", "/series")
GRANT = Kind("grant", "funds", "/funds/grants")


@dataclass(frozen=True)
class Then:
    """A thing as it was: its id, the moment asked for, what was found then,
    and the audit trail's lines since (`more`: whether there are more)."""

    key: str
    moment: Moment
    found: AsOf
    lines: list[Row]
    more: bool

    @property
    def values(self) -> dict[str, Any]:
        """What every as-of page is given, by the templates' names."""
        return {
            "moment": self.moment,
            "asof": self.found,
            "trail_lines": self.lines,
            "more_lines": self.more,
        }


def _as_of(
    request: Request,
    v: Visitor,
    s: WebServices,
    kind: Kind,
    thing_id: str,
    read_now: Callable[[str], Row | None],
    find: Callable[[str, datetime], AsOf | None],
) -> Then | Response:
    """The moment asked for and the thing as it was then; or the page that
    says the moment is unreadable (422) or before the thing existed; or that
    there is no such thing (404). The thing now is read only when nothing
    was found then: what was found then exists now (the difference read it)."""
    key = forms.id_of(thing_id)
    if key is None:
        return page(request, v, "not_found.html.j2", status=404)
    when = moment(request, v.lang)
    found = None if when.at is None else find(key, when.at)
    if found is not None:
        lines, more = travel(s).changes_since(key, found.recorded_at, lang=v.lang)
        return Then(key, when, found, lines, more)
    now = read_now(key)
    if now is None:
        return page(request, v, "not_found.html.j2", status=404)
    missing: dict[str, Any] = {"moment": when, "thing": now, "kind": kind.name}
    status = 422 if when.at is None else 200
    return page(request, v, "asof_missing.html.j2", status=status, nav=kind.nav, **missing)


def _now(thing_id: str, read: Callable[[str], Row | None]) -> tuple[str, Row] | None:
    """The thing the path names as it is now, with its id; None: there is none."""
    key = forms.id_of(thing_id)
    now = read(key) if key else None
    return None if key is None or now is None else (key, now)


def _history(
    request: Request, v: Visitor, s: WebServices, kind: Kind, found: tuple[str, Row] | None
) -> Response:
    """The thing's events a page at a time, each with the state after it
    (`found`: the thing now, see _now; None: 404)."""
    if found is None:
        return page(request, v, "not_found.html.j2", status=404)
    key, now = found
    cursor = request.query_params.get("cursor") or ""
    after = int(cursor) if cursor.isdigit() else None
    steps, next_cursor = travel(s).timeline(
        key, kind.name, after=after, limit=STEPS_SHOWN, lang=v.lang
    )
    return page(
        request,
        v,
        "history.html.j2",
        nav=kind.nav,
        kind=kind.name,
        thing=now,
        href=f"{kind.href}/{key}",
        steps=steps,
        next_cursor=next_cursor,
        first_page=after is None,
    )


@router.get("/initiatives/{initiative_id}/as-of")
def initiative_as_of(request: Request, initiative_id: str, v: Auditor, s: Services) -> Response:
    find = partial(travel(s).initiative, health=HEALTH_SHOWN)
    asked = _as_of(request, v, s, INITIATIVE, initiative_id, s.plan.get_initiative, find)
    if isinstance(asked, Response):
        return asked
    found = asked.found
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
    return page(request, v, "initiative.html.j2", **state, **asked.values)


@router.get("/initiatives/{initiative_id}/history")
def initiative_history(request: Request, initiative_id: str, v: Auditor, s: Services) -> Response:
    return _history(request, v, s, INITIATIVE, _now(initiative_id, s.plan.get_initiative))


@router.get("/arenas/{arena_id}/as-of")
def arena_as_of(request: Request, arena_id: str, v: Auditor, s: Services) -> Response:
    asked = _as_of(request, v, s, ARENA, arena_id, s.plan.get_arena, travel(s).arena)
    if isinstance(asked, Response):
        return asked
    return page(request, v, "arena.html.j2", arena=asked.found.then, nav="plan", **asked.values)


@router.get("/arenas/{arena_id}/history")
def arena_history(request: Request, arena_id: str, v: Auditor, s: Services) -> Response:
    return _history(request, v, s, ARENA, _now(arena_id, s.plan.get_arena))


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
    # Read now before looking back: whether the visitor may look is the series'.
    found = _now(series_id, partial(_series_reader, s, v))
    if found is None:
        return page(request, v, "not_found.html.j2", status=404)
    key, now = found
    asked = _as_of(request, v, s, SERIES, key, lambda _: now, travel(s).series)
    if isinstance(asked, Response):
        return asked
    series = asked.found.then
    tr = translator(v.lang)
    rules = [(r, describe_rule(r, tr)) for r in series["rules"]]
    return page(
        request, v, "series_asof.html.j2", series=series, rules=rules, nav="series",
        **asked.values,
    )  # fmt: skip


@router.get("/series/{series_id}/history")
def series_history(request: Request, series_id: str, v: SignedIn, s: Services) -> Response:
    return _history(request, v, s, SERIES, _now(series_id, partial(_series_reader, s, v)))


@router.get("/funds/grants/{grant_id}/as-of")
def grant_as_of(request: Request, grant_id: str, v: Reader, s: Services) -> Response:
    find = partial(travel(s).grant, before=ledger_cursor(request))
    now = fund_queries(s).grant_with_bookings
    asked = _as_of(request, v, s, GRANT, grant_id, now, find)
    if isinstance(asked, Response):
        return asked
    when = asked.moment
    # The ledger's other pages as they were: the same moment, another cursor.
    query = urlencode({"day": when.day, "time": when.time})
    href = f"/funds/grants/{asked.key}/as-of?{query}"
    # The page as it was: no forms, whoever looks (keeps is the page's own switch).
    return _grant_page(
        request, v, s, asked.found.then, keeps=False, ledger_href=href, **asked.values
    )


@router.get("/funds/grants/{grant_id}/history")
def grant_history(request: Request, grant_id: str, v: Reader, s: Services) -> Response:
    return _history(request, v, s, GRANT, _now(grant_id, fund_queries(s).get_grant))


def _known_year(given: str, years: list[int]) -> int | None:
    """The year asked for, if it is one with grants or plans (as it was,
    there is no latest year to assume)."""
    return int(given) if given.isdigit() and int(given) in years else None


@router.get("/funds/report/as-of")
def report_as_of(request: Request, v: Reader, s: Services) -> Response:
    """Återrapportering as it was known at a moment: the whole year's report
    from the events recorded by then (the CLI's `report funds --as-of`: a
    replay of the log up to the moment, not one aggregate's events), and what
    differs from the report now, figure by figure and line by line; with
    `plan`, the plan's follow-up as known then too."""
    given = request.query_params.get("year", "")
    shown = shown_asked(request, v, s, partial(_known_year, given))
    if isinstance(shown, Response):
        return shown
    year, plan = shown.year, shown.plan
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
    label_figures(diff, v.lang)
    # As it was: no submissions and no forms, whoever looks.
    return report_page(
        request,
        v,
        s,
        then,
        shown,
        submissions=[],
        keeps=False,
        moment=when,
        report_diff=diff,
        parts=PART_NAMES,
    )
