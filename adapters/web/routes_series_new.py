"""Mötesserier: the list of the series the visitor runs, and a new series
with its rule in words and the next ten meetings previewed (holidays
marked, moved dates shown) before it is saved: the same ScheduleSeries
command as the API's, run as the visitor with channel `web`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from adapters.web import forms
from adapters.web.fields import Fields
from adapters.web.render import page, see_other
from adapters.web.series_common import (
    POLICIES,
    forbidden,
    intervals,
    policy_words,
    rule_from,
    rule_keys,
    teams_channel_of,
    today,
    weekdays,
)
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, Services, SignedIn, Visitor, form_source
from domain.authority import SECRETARY, holds
from domain.errors import DomainError, Forbidden
from domain.meetings import commands as m
from domain.meetings.recurrence import (
    HolidayPolicy,
    Occurrence,
)
from services.chat_moderation import preview
from services.i18n import STOCKHOLM, translator
from services.i18n.errors import error_text
from services.i18n.labels import describe_rule
from services.queries import Row

router = APIRouter(include_in_schema=False)


# -- the list ------------------------------------------------------------------------


@router.get("/series")
def series_list(request: Request, v: SignedIn, s: Services) -> Response:
    roles = v.arena_roles  # read with the visitor
    arenas = [a for a, role in roles.items() if holds(role, SECRETARY)]
    found = s.meetings.series_run_by(arenas, v.person_id)
    if not found and not arenas:
        return forbidden(request, v)
    tr = translator(v.lang)
    rows = sorted(found, key=lambda r: (r["ended_on"] is not None, str(r["title"])))
    now = s.clock.now()
    for row in rows:
        row["rule_text"] = describe_rule(row["rules"][-1], tr)
        row["next"] = _next_meeting(s, row, now)
        row["arena_name"] = f"{row['arena_code']} {row['arena_name']}" if row["arena_code"] else ""
    return page(
        request, v, "series_list.html.j2", series=rows, may_create=bool(arenas), nav="series"
    )


def _next_meeting(s: WebServices, series: Row, now: datetime) -> Occurrence | None:
    """The meeting going on now or the next one, for a link to its page."""
    start = now.astimezone(STOCKHOLM).date()
    coming = s.meetings.occurrences(series, start - timedelta(days=60), start + timedelta(days=120))
    return next((o for o in coming if o.held and o.end >= now), None)


# -- a new series --------------------------------------------------------------------


@dataclass
class NewSeries:
    """The new-series form as it was filled in (strings, for showing it again)."""

    values: dict[str, Any]
    invited: list[str]


def _arenas_to_schedule_in(s: WebServices, v: Visitor) -> list[Row]:
    roles = s.plan.arena_roles(v.person_id)
    found = []
    for arena_id, role in roles.items():
        if holds(role, SECRETARY) and (arena := s.plan.get_arena(arena_id)) is not None:
            found.append(arena)
    return sorted(found, key=lambda a: str(a["code"]))


def _blank(s: WebServices, v: Visitor, arenas: list[Row]) -> NewSeries:
    start = today(s) + timedelta(days=7)
    return NewSeries(
        values={
            "title": "",
            "arena_id": str(arenas[0]["id"]) if arenas else "",
            "moderator_id": v.person_id,
            "secretary_id": "",
            "starts_on": start.isoformat(),
            "weekday": str(start.weekday()),
            "start_time": "12:00",
            "duration_minutes": "30",
            "interval_weeks": "2",
            "holiday_policy": HolidayPolicy.NEXT_WORKING_DAY.value,
            "until": "",
            "location": "",
            "video_link": "",
            "slack_channel": "",
            "teams_channel": "",
        },
        invited=[],
    )


def _filled(form: Any) -> NewSeries:
    keys = rule_keys()
    values = {k: str(form.get(k) or "") for k in keys}
    return NewSeries(values=values, invited=[str(p) for p in form.getlist("invitees")])


def _preview_of(s: WebServices, f: Fields) -> tuple[str, list[Occurrence]] | None:
    rule, starts = rule_from(f)
    policy = f.choice("holiday_policy", POLICIES)
    until = f.day("until")
    if rule is None or starts is None or policy is None:
        return None
    first = max(starts, today(s))
    return describe_rule(rule, translator(f.lang)), preview(rule, first, policy, until)


def _new_form(
    request: Request,
    v: Visitor,
    s: Services,
    filled: NewSeries,
    *,
    errors: dict[str, str] | None = None,
    shown: tuple[str, list[Occurrence]] | None = None,
    status: int = 200,
) -> Response:
    arenas = _arenas_to_schedule_in(s, v)
    if not arenas:
        return forbidden(request, v)
    chosen = filled.values["arena_id"] or str(arenas[0]["id"])
    arena = next((a for a in arenas if str(a["id"]) == chosen), arenas[0])
    return page(
        request,
        v,
        "series_new.html.j2",
        status=status,
        arena_options=[(str(a["id"]), f"{a['code']} {a['name']}") for a in arenas],
        people=[(str(p["person_id"]), p["name"] or "?") for p in arena["members"]],
        weekdays=weekdays(v.lang),
        interval_options=intervals(v.lang),
        policy_words=policy_words(v.lang),
        values=filled.values,
        invited=filled.invited,
        errors=errors or {},
        rule_text=shown[0] if shown else None,
        coming=shown[1] if shown else None,
        policies=POLICIES,
        nav="series",
    )


@router.get("/series/new")
def new_series(request: Request, v: SignedIn, s: Services) -> Response:
    arenas = _arenas_to_schedule_in(s, v)
    filled = _blank(s, v, arenas)
    if (arena := request.query_params.get("arena_id")) and forms.id_of(arena):
        filled.values["arena_id"] = arena
    f = Fields(_as_form(filled), v.lang)
    return _new_form(request, v, s, filled, shown=_preview_of(s, f))


def _as_form(filled: NewSeries) -> Any:
    from starlette.datastructures import FormData

    return FormData(list(filled.values.items()))


@router.get("/series/preview")
def series_preview(request: Request, v: SignedIn, s: Services) -> Response:
    """The rule in words and the next ten meetings, for the form as it is now
    (htmx asks on every change)."""
    from starlette.datastructures import FormData

    f = Fields(FormData(list(request.query_params.multi_items())), v.lang)
    shown = _preview_of(s, f)
    return page(
        request,
        v,
        "series_preview.html.j2",
        rule_text=shown[0] if shown else None,
        coming=shown[1] if shown else None,
        errors=f.errors,
    )


SCHEDULE_FIELDS = {
    "title": "title",
    "arena_id": "arena_id",
    "moderator_id": "moderator_id",
    "secretary_id": "secretary_id",
    "invitees": "invitees",
    "starts_on": "starts_on",
    "until": "until",
    "location": "location",
    "video_link": "video_link",
    "video": "video_link",
    "slack_channel": "slack_channel",
    "teams_channel": "teams_channel",
    "holiday_policy": "holiday_policy",
    "weekday": "weekday",
    "start_time": "start_time",
    "duration_minutes": "duration_minutes",
    "interval_weeks": "interval_weeks",
}


@router.post("/series/new")
def schedule(request: Request, v: SignedIn, s: Services, form: CheckedForm) -> Response:
    filled = _filled(form)
    f = Fields(form, v.lang)
    shown = _preview_of(s, f)
    if form.get("action") == "preview":
        return _new_form(request, v, s, filled, errors=f.errors, shown=shown)
    title = f.text("title", required=True)
    arena = f.person("arena_id", required=True)
    moderator = f.person("moderator_id", required=True)
    secretary = f.person("secretary_id")
    invitees = f.people("invitees")
    if f.errors or shown is None:
        return _new_form(request, v, s, filled, errors=f.errors, shown=shown, status=422)
    rule, starts = rule_from(Fields(form, v.lang))
    assert rule is not None and starts is not None and moderator is not None
    try:
        command = m.ScheduleSeries(
            title=title or "",
            arena_id=arena,
            moderator_id=moderator,
            secretary_id=secretary,
            invitees=invitees,
            starts_on=starts,
            weekday=rule["weekday"],
            start_time=rule["start_time"],
            duration_minutes=rule["duration_minutes"],
            interval_weeks=rule["interval_weeks"],
            holiday_policy=HolidayPolicy(str(form.get("holiday_policy"))),
            until=f.day("until"),
            location=f.text("location"),
            video_link=f.text("video_link"),
            slack_channel=f.text("slack_channel"),
            teams_channel=teams_channel_of(f.text("teams_channel")),
        )
        done = s.commands.run(command, v.context(form_source(form, v)), wait=True)
    except (DomainError, ValidationError) as error:
        if isinstance(error, Forbidden):
            return forbidden(request, v, error_text(error, v.lang))
        f.refused(error, SCHEDULE_FIELDS, "title")
        return _new_form(request, v, s, filled, errors=f.errors, shown=shown, status=422)
    return see_other(request, f"/series/{done.aggregate_id}?saved=scheduled")
