"""Mötesserier: the meeting series of the arenas where the visitor is a
secretary or moderator (and those they run). A new series with its rule in
words and the next ten meetings previewed (holidays marked, moved dates
shown) before it is saved; invite and remove people; move or cancel one
meeting; a new rule from a date; end the series. Every form is the same
command as the API's and Slack's, run as the visitor with channel `web`;
what the domain refuses is shown at the field it concerns."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError

from adapters.web import forms
from adapters.web.fields import Fields
from adapters.web.render import page, see_other
from adapters.web.series_common import (
    POLICIES,
    SHOWN_AHEAD,
    VERDICTS,
    day_of,
    forbidden,
    given,
    intervals,
    managed_by,
    not_found,
    rule_from,
    rule_keys,
    today,
    verdict_words,
    weekdays,
)
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, SignedIn, Visitor, form_source, web_services
from domain.errors import DomainError, Forbidden
from domain.meetings import commands as m
from services.i18n import translator
from services.i18n.errors import error_text
from services.i18n.labels import describe_rule
from services.queries import Row

router = APIRouter(include_in_schema=False)
Services = Annotated[WebServices, Depends(web_services)]


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
    key = forms.id_of(series_id)
    if key is None:
        return not_found(request, v)
    with s.meetings.connect() as conn:
        series = s.meetings.get_series(key, conn=conn)
        if series is None:
            return not_found(request, v)
        if not managed_by(v, series):
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
        evaluation=_evaluation(s, series, now),
        verdicts=verdict_words(v.lang),
        saved=request.query_params.get("saved", ""),
        policies=POLICIES,
        weekdays=weekdays(v.lang),
        interval_options=intervals(v.lang),
        today=first,
        nav="series",
    )


def _evaluation(s: WebServices, series: Row, now: datetime) -> dict[str, str] | None:
    """The evaluation after the first meetings: its answer once given, or the
    form once the series has held as many meetings as it asks (None: not yet)."""
    given_ = [h for h in series["history"] if h["kind"] == "evaluated"]
    if given_:
        verdict, _, comment = str(given_[-1]["detail"]).partition(": ")
        return {"verdict": verdict, "comment": comment}
    held = series["evaluate_after"]
    if not held or series["ended_on"]:
        return None
    nth = s.meetings.nth_held(series, held)
    if nth is None or nth.end > now:
        return None
    return {"held": str(held)}


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


def _series_uuid(series_id: str) -> UUID | None:
    key = forms.id_of(series_id)
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
    sid, pid = _series_uuid(series_id), forms.id_of(person_id)
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
    rule, starts = rule_from(f, "new-")
    version = f.number("version", required=True)
    names = {k: "new-" + k for k in rule_keys()}
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


@router.post("/series/{series_id}/evaluation")
def evaluate(
    request: Request, series_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    sid = _series_uuid(series_id)
    if sid is None:
        return not_found(request, v)
    f = Fields(form, v.lang)
    verdict = f.choice("eval-verdict", VERDICTS)
    comment = f.text("eval-comment")
    return _run(
        request, v, s, series_id, form, f,
        lambda: m.EvaluateSeries(series_id=sid, verdict=given(verdict), comment=comment),
        {"verdict": "eval-verdict", "comment": "eval-comment"}, "eval-verdict", "evaluated",
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
