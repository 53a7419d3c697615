"""Mötesserier: the meeting series of the arenas where the visitor is a
secretary or moderator (and those they run). A new series with its rule in
words and the next ten meetings previewed (holidays marked, moved dates
shown) before it is saved; invite and remove people; move or cancel one
meeting; a new rule from a date; end the series. Every form is the same
command as the API's and Slack's, run as the visitor with channel `web`;
what the domain refuses is shown at the field it concerns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any, TypeVar
from uuid import UUID

from babel.dates import get_day_names
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy import Connection

from adapters.web.fields import Fields
from adapters.web.render import page, see_other
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, SignedIn, Visitor, form_source, web_services
from domain.authority import SECRETARY, holds, may_manage_series
from domain.errors import DomainError, Forbidden
from domain.meetings import commands as m
from domain.meetings.recurrence import (
    DEFAULT_TZ,
    HolidayPolicy,
    Occurrence,
    Rule,
    make_rule,
    occurrences,
)
from services.i18n import N_, STOCKHOLM, translator
from services.i18n.errors import error_text
from services.i18n.labels import describe_rule
from services.queries import Row

router = APIRouter(include_in_schema=False)
T = TypeVar("T")
Services = Annotated[WebServices, Depends(web_services)]
PREVIEWED = 10
SHOWN_AHEAD = 10
POLICIES = tuple(p.value for p in HolidayPolicy)


POLICY_WORDS = {
    HolidayPolicy.NEXT_WORKING_DAY.value: N_("Move the meeting to the next working day"),
    HolidayPolicy.SKIP.value: N_("No meeting that day"),
    HolidayPolicy.KEEP.value: N_("Meet as usual"),
}
INTERVAL_WORDS = {
    1: N_("Every week"),
    2: N_("Every other week"),
    3: N_("Every third week"),
    4: N_("Every fourth week"),
}


def weekdays(lang: str) -> list[tuple[str, str]]:
    names = get_day_names("wide", locale=translator(lang).locale)
    return [(str(day), str(names[day])) for day in range(7)]


def intervals(lang: str) -> list[tuple[str, str]]:
    tr = translator(lang)
    return [(str(n), tr.gettext(words)) for n, words in INTERVAL_WORDS.items()]


def policy_words(lang: str) -> dict[str, str]:
    tr = translator(lang)
    return {p: tr.gettext(words) for p, words in POLICY_WORDS.items()}


# -- who runs what -------------------------------------------------------------------


def managed_by(s: WebServices, v: Visitor, series: Row, conn: Connection | None = None) -> bool:
    roles = s.plan.arena_roles(v.person_id, conn=conn)
    arena = str(series["arena_id"]) if series["arena_id"] else None
    managers = (str(series["moderator_id"]), str(series["secretary_id"] or ""))
    return may_manage_series(v.person_id, roles, arena, managers)


def series_id_of(text: str) -> str | None:
    try:
        return str(UUID(text))
    except ValueError:
        return None


def day_of(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def today(s: WebServices) -> date:
    return s.clock.now().astimezone(STOCKHOLM).date()


def forbidden(request: Request, v: Visitor, reason: str | None = None) -> Response:
    """Not theirs to run: nothing is shown, nothing was recorded."""
    why = reason or translator(v.lang).gettext(
        "Only the series' moderator and secretary, and the arena's secretaries and "
        "moderators, run a meeting series."
    )
    return page(request, v, "refused_command.html.j2", status=403, failed=why, nav="series")


def not_found(request: Request, v: Visitor) -> Response:
    return page(request, v, "not_found.html.j2", status=404, nav="series")


# -- the list ------------------------------------------------------------------------


@router.get("/series")
def series_list(request: Request, v: SignedIn, s: Services) -> Response:
    me = v.person_id
    with s.meetings.connect() as conn:
        roles = s.plan.arena_roles(me, conn=conn)
        arenas = [a for a, role in roles.items() if holds(role, SECRETARY)]
        found: dict[str, Row] = {}
        for arena in arenas:
            for row in s.meetings.list_series(arena_id=arena, conn=conn):
                found[str(row["id"])] = row
        for row in s.meetings.list_series(person_id=me, conn=conn):
            if me in (str(row["moderator_id"]), str(row["secretary_id"])):
                found[str(row["id"])] = row
        arena_names = _arena_names(s, list({str(r["arena_id"]) for r in found.values()}), conn)
    if not found and not arenas:
        return forbidden(request, v)
    tr = translator(v.lang)
    rows = sorted(found.values(), key=lambda r: (r["ended_on"] is not None, str(r["title"])))
    for row in rows:
        row["rule_text"] = describe_rule(row["rules"][-1], tr)
        row["arena_name"] = arena_names.get(str(row["arena_id"]), "")
    return page(
        request, v, "series_list.html.j2", series=rows, may_create=bool(arenas), nav="series"
    )


def _arena_names(s: WebServices, ids: list[str], conn: Connection) -> dict[str, str]:
    names = {}
    for arena_id in ids:
        arena = s.plan.get_arena(arena_id, conn=conn) if arena_id != "None" else None
        if arena is not None:
            names[arena_id] = f"{arena['code']} {arena['name']}"
    return names


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
        },
        invited=[],
    )


def _filled(form: Any) -> NewSeries:
    keys = _blank_keys()
    values = {k: str(form.get(k) or "") for k in keys}
    return NewSeries(values=values, invited=[str(p) for p in form.getlist("invitees")])


def _blank_keys() -> tuple[str, ...]:
    return (
        "title", "arena_id", "moderator_id", "secretary_id", "starts_on", "weekday",
        "start_time", "duration_minutes", "interval_weeks", "holiday_policy", "until",
        "location", "video_link",
    )  # fmt: skip


def _rule_from(f: Fields, prefix: str = "") -> tuple[Rule | None, date | None]:
    """The rule the form asks for (None when a field is wrong) and its first day."""
    starts = f.day(prefix + "starts_on", required=True)
    weekday = f.number(prefix + "weekday", required=True)
    clock = f.clock(prefix + "start_time", required=True)
    duration = f.number(prefix + "duration_minutes", required=True)
    interval = f.number(prefix + "interval_weeks", required=True)
    if None in (starts, weekday, clock, duration, interval):
        return None, starts
    assert starts is not None and weekday is not None and clock is not None
    assert duration is not None and interval is not None
    try:
        rule = make_rule(
            effective_from=starts,
            interval_weeks=interval,
            weekday=weekday,
            start_time=clock,
            duration_minutes=duration,
        )
    except DomainError as error:
        names = {"starts_on": "starts_on", "from": "starts_on"}
        f.refused(error, {k: prefix + names.get(k, k) for k in _blank_keys()}, prefix + "weekday")
        return None, starts
    return rule, starts


def preview(rule: Rule, policy: str, first: date, until: date | None) -> list[Occurrence]:
    """The next meetings of a rule from `first` on (holidays marked, moved
    dates shown): the domain's own occurrences, nothing decided here."""
    weeks = rule["interval_weeks"] * (PREVIEWED + 1) + 2
    found = occurrences(
        [rule],
        tz_name=DEFAULT_TZ,
        policy=policy,
        overrides={},
        start=first,
        end=first + timedelta(weeks=weeks),
        until=until,
    )
    return found[:PREVIEWED]


def _preview_of(s: WebServices, f: Fields) -> tuple[str, list[Occurrence]] | None:
    rule, starts = _rule_from(f)
    policy = f.choice("holiday_policy", POLICIES)
    until = f.day("until")
    if rule is None or starts is None or policy is None:
        return None
    first = max(starts, today(s))
    return describe_rule(rule, translator(f.lang)), preview(rule, policy, first, until)


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
    if (arena := request.query_params.get("arena_id")) and series_id_of(arena):
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
    rule, starts = _rule_from(Fields(form, v.lang))
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
        )
        done = s.commands.run(command, v.context(form_source(form, v)), wait=True)
    except (DomainError, ValidationError) as error:
        if isinstance(error, Forbidden):
            return forbidden(request, v, error_text(error, v.lang))
        f.refused(error, SCHEDULE_FIELDS, "title")
        return _new_form(request, v, s, filled, errors=f.errors, shown=shown, status=422)
    return see_other(request, f"/series/{done.aggregate_id}?saved=scheduled")


# -- one series ----------------------------------------------------------------------


def series_page(
    request: Request,
    v: Visitor,
    s: WebServices,
    series_id: str,
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    key = series_id_of(series_id)
    if key is None:
        return not_found(request, v)
    with s.meetings.connect() as conn:
        series = s.meetings.get_series(key, conn=conn)
        if series is None:
            return not_found(request, v)
        if not managed_by(s, v, series, conn):
            return forbidden(request, v)
        arena = s.plan.get_arena(str(series["arena_id"]), conn=conn) if series["arena_id"] else None
        meetings = {
            str(r["occurrence_date"]): r for r in s.meetings.meetings_of_series(key, conn=conn)
        }
    tr = translator(v.lang)
    now = s.clock.now()
    first = today(s)
    coming = [
        o
        for o in s.meetings.occurrences(
            series, first - timedelta(days=7), first + timedelta(days=400)
        )
        if o.end >= now or o.key >= first
    ][:SHOWN_AHEAD]
    invited = {str(p["person_id"]) for p in series["invitees"]}
    members = arena["members"] if arena else []
    return page(
        request,
        v,
        "series.html.j2",
        status=status,
        series=series,
        names={str(p["person_id"]): p["name"] or "?" for p in series["invitees"]},
        rules=[(r, describe_rule(r, tr)) for r in series["rules"]],
        coming=coming,
        meetings=meetings,
        invite_options=[
            (str(p["person_id"]), p["name"] or "?")
            for p in members
            if str(p["person_id"]) not in invited
        ],
        arena=arena,
        errors=errors or {},
        open_days=_opened(errors or {}),
        saved=request.query_params.get("saved", ""),
        policies=POLICIES,
        weekdays=weekdays(v.lang),
        interval_options=intervals(v.lang),
        today=first,
        nav="series",
    )


def _opened(errors: dict[str, str]) -> set[str]:
    """The folded forms to show open: those with an error (a meeting's by its day)."""
    found = set()
    for name in errors:
        kind, _, rest = name.partition("-")
        found.add(rest[:10] if kind in ("move", "cancel") else kind)
    return found


@router.get("/series/{series_id}")
def one_series(request: Request, series_id: str, v: SignedIn, s: Services) -> Response:
    return series_page(request, v, s, series_id)


def _run(
    request: Request,
    v: Visitor,
    s: WebServices,
    series_id: str,
    form: Any,
    f: Fields,
    build: Any,
    fields: dict[str, str],
    fallback: str,
    saved: str,
) -> Response:
    """Builds the command from the form (unless a field is wrong), runs it,
    and answers 303 back to the series or the page with what went wrong."""
    if not f.errors:
        try:
            command = build()
            s.commands.run(command, v.context(form_source(form, v)), wait=True)
        except (DomainError, ValidationError) as error:
            if isinstance(error, Forbidden):
                return forbidden(request, v, error_text(error, v.lang))
            f.refused(error, fields, fallback)
    if f.errors:
        return series_page(request, v, s, series_id, errors=f.errors, status=422)
    return see_other(request, f"/series/{series_id}?saved={saved}")


def given(value: T | None) -> T:
    """A field the form checked already (a command is built only when none is wrong)."""
    assert value is not None
    return value


def _series_uuid(series_id: str) -> UUID | None:
    key = series_id_of(series_id)
    return UUID(key) if key else None


@router.post("/series/{series_id}/invitees")
def invite(
    request: Request, series_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    sid = _series_uuid(series_id)
    if sid is None:
        return not_found(request, v)
    f = Fields(form, v.lang)
    person = f.person("invite-person", required=True)
    return _run(
        request, v, s, series_id, form, f,
        lambda: m.AddInvitee(series_id=sid, person_id=given(person)),
        {"person_id": "invite-person"}, "invite-person", "invited",
    )  # fmt: skip


@router.post("/series/{series_id}/invitees/{person_id}/remove")
def uninvite(
    request: Request, series_id: str, person_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    sid, pid = _series_uuid(series_id), series_id_of(person_id)
    if sid is None or pid is None:
        return not_found(request, v)
    f = Fields(form, v.lang)
    return _run(
        request, v, s, series_id, form, f,
        lambda: m.RemoveInvitee(series_id=sid, person_id=UUID(pid)),
        {"person_id": f"remove-{pid}"}, f"remove-{pid}", "removed",
    )  # fmt: skip


@router.post("/series/{series_id}/meetings/{day}/move")
def move(
    request: Request, series_id: str, day: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    sid, key = _series_uuid(series_id), day_of(day)
    if sid is None or key is None:
        return not_found(request, v)
    f = Fields(form, v.lang)
    prefix = f"move-{day}-"
    starts = f.moment(prefix + "date", prefix + "time")
    reason = f.text(prefix + "reason")
    return _run(
        request, v, s, series_id, form, f,
        lambda: m.MoveOccurrence(
            series_id=sid, occurrence_date=key, starts_local=given(starts), reason=reason
        ),
        {"starts_at": prefix + "date", "starts_local": prefix + "date",
         "reason": prefix + "reason"},
        prefix + "date", "moved",
    )  # fmt: skip


@router.post("/series/{series_id}/meetings/{day}/cancel")
def cancel(
    request: Request, series_id: str, day: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    sid, key = _series_uuid(series_id), day_of(day)
    if sid is None or key is None:
        return not_found(request, v)
    f = Fields(form, v.lang)
    prefix = f"cancel-{day}-"
    reason = f.text(prefix + "reason")
    return _run(
        request, v, s, series_id, form, f,
        lambda: m.CancelOccurrence(series_id=sid, occurrence_date=key, reason=reason),
        {"reason": prefix + "reason"}, prefix + "reason", "cancelled",
    )  # fmt: skip


@router.post("/series/{series_id}/reschedule")
def reschedule(
    request: Request, series_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    sid = _series_uuid(series_id)
    if sid is None:
        return not_found(request, v)
    f = Fields(form, v.lang)
    rule, starts = _rule_from(f, "new-")
    version = f.number("version", required=True)
    names = {k: "new-" + k for k in _blank_keys()}
    names |= {"effective_from": "new-starts_on", "from": "new-starts_on"}
    return _run(
        request, v, s, series_id, form, f,
        lambda: m.RescheduleSeries(
            series_id=sid, effective_from=given(starts), expected_version=version,
            weekday=rule["weekday"] if rule else 0,
            start_time=rule["start_time"] if rule else "",
            duration_minutes=rule["duration_minutes"] if rule else 0,
            interval_weeks=rule["interval_weeks"] if rule else 0,
        ),
        names, "new-starts_on", "rescheduled",
    )  # fmt: skip


@router.post("/series/{series_id}/end")
def end(request: Request, series_id: str, v: SignedIn, s: Services, form: CheckedForm) -> Response:
    sid = _series_uuid(series_id)
    if sid is None:
        return not_found(request, v)
    f = Fields(form, v.lang)
    last = f.day("end-last_day", required=True)
    reason = f.text("end-reason")
    return _run(
        request, v, s, series_id, form, f,
        lambda: m.EndSeries(series_id=sid, last_day=given(last), reason=reason),
        {"last_day": "end-last_day", "reason": "end-reason"}, "end-last_day", "ended",
    )  # fmt: skip
