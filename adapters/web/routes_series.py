"""Mötesserier: the meeting series of the arenas where the visitor is a
secretary or moderator (and those they run). A new series with its rule in
words and the next ten meetings previewed (holidays marked, moved dates
shown) before it is saved; invite and remove people; move or cancel one
meeting; a new rule from a date; the Slack and Teams channels its reminders and
minutes go to; end the series. Every form is the same
command as the API's and Slack's, run as the visitor with channel `web`;
what the domain refuses is shown at the field it concerns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from adapters.web import forms
from adapters.web.fields import Fields
from adapters.web.form_routes import Params, forms_at
from adapters.web.render import page, see_other
from adapters.web.series_common import (
    POLICIES,
    SHOWN_AHEAD,
    VERDICTS,
    forbidden,
    given,
    intervals,
    managed_by,
    not_found,
    rule_from,
    rule_keys,
    teams_channel_of,
    today,
    verdict_words,
    weekdays,
)
from adapters.web.services import WebServices
from adapters.web.visitors import Services, SignedIn, Visitor, form_source
from domain.commands import Command
from domain.errors import DomainError, Forbidden
from domain.meetings import commands as m
from services.i18n import translator
from services.i18n.errors import error_text
from services.i18n.labels import describe_rule
from services.queries import Row

router = APIRouter(include_in_schema=False)


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


Refusal = tuple[Callable[[], Command], dict[str, str], str]


def _run(
    request: Request,
    v: Visitor,
    s: WebServices,
    form: FormData,
    p: Params,
    spec: tuple[Callable[[Fields, Params, UUID], Refusal | None], str],
) -> Response:
    """Builds the command from the form (unless a field is wrong), runs it,
    and answers 303 back to the series or the page with what went wrong.
    The form's reader gives the command, the form fields a refusal of a
    command field is shown at, and the one for any other refusal."""
    read, saved = spec
    series_id, sid = p["series_id"], _series_uuid(p["series_id"])
    f = Fields(form, v.lang)
    found = read(f, p, sid) if sid is not None else None
    if found is None:
        return not_found(request, v)
    build, fields, fallback = found
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


form = forms_at(router, "/series/{series_id}", _run, lambda *spec: spec)


@form("/invitees", "invited")
def _invite(f: Fields, p: Params, sid: UUID) -> Refusal:
    person = f.person("invite-person", required=True)
    add = {"person_id": "invite-person"}
    return lambda: m.AddInvitee(series_id=sid, person_id=given(person)), add, "invite-person"


@form("/invitees/{person_id}/remove", "removed")
def _uninvite(f: Fields, p: Params, sid: UUID) -> Refusal | None:
    pid = forms.id_of(p["person_id"])
    if pid is None:
        return None
    field = f"remove-{pid}"
    return lambda: m.RemoveInvitee(series_id=sid, person_id=UUID(pid)), {"person_id": field}, field


@form("/meetings/{day}/move", "moved")
def _move(f: Fields, p: Params, sid: UUID) -> Refusal | None:
    key, prefix = forms.day_of(p["day"]), f"move-{p['day']}-"
    if key is None:
        return None
    starts = f.moment(prefix + "date", prefix + "time")
    reason = f.text(prefix + "reason")
    names = {"starts_at": prefix + "date", "starts_local": prefix + "date"}
    return (
        lambda: m.MoveOccurrence(
            series_id=sid, occurrence_date=key, starts_local=given(starts), reason=reason
        ),
        names | {"reason": prefix + "reason"},
        prefix + "date",
    )


@form("/meetings/{day}/cancel", "cancelled")
def _cancel(f: Fields, p: Params, sid: UUID) -> Refusal | None:
    key, prefix = forms.day_of(p["day"]), f"cancel-{p['day']}-"
    if key is None:
        return None
    reason = f.text(prefix + "reason")
    field = prefix + "reason"
    return (
        lambda: m.CancelOccurrence(series_id=sid, occurrence_date=key, reason=reason),
        {"reason": field},
        field,
    )


@form("/reschedule", "rescheduled")
def _reschedule(f: Fields, p: Params, sid: UUID) -> Refusal:
    rule, starts = rule_from(f, "new-")
    version = f.number("version", required=True)
    names = {k: "new-" + k for k in rule_keys()}
    names |= {"effective_from": "new-starts_on", "from": "new-starts_on"}
    return (
        lambda: m.RescheduleSeries(
            series_id=sid, effective_from=given(starts), expected_version=version,
            weekday=rule["weekday"] if rule else 0,
            start_time=rule["start_time"] if rule else "",
            duration_minutes=rule["duration_minutes"] if rule else 0,
            interval_weeks=rule["interval_weeks"] if rule else 0,
        ),
        names, "new-starts_on",
    )  # fmt: skip


@form("/evaluation", "evaluated")
def _evaluate(f: Fields, p: Params, sid: UUID) -> Refusal:
    verdict = f.choice("eval-verdict", VERDICTS)
    comment = f.text("eval-comment")
    return (
        lambda: m.EvaluateSeries(series_id=sid, verdict=given(verdict), comment=comment),
        {"verdict": "eval-verdict", "comment": "eval-comment"},
        "eval-verdict",
    )


@form("/end", "ended")
def _end(f: Fields, p: Params, sid: UUID) -> Refusal:
    last = f.day("end-last_day", required=True)
    reason = f.text("end-reason")
    return (
        lambda: m.EndSeries(series_id=sid, last_day=given(last), reason=reason),
        {"last_day": "end-last_day", "reason": "end-reason"},
        "end-last_day",
    )


@form("/slack-channel", "slack-channel")
def _slack_channel(f: Fields, p: Params, sid: UUID) -> Refusal:
    channel = f.text("slack-channel")
    return (
        lambda: m.SetSlackChannel(series_id=sid, channel=channel),
        {"channel": "slack-channel", "slack_channel": "slack-channel"},
        "slack-channel",
    )


@form("/teams-channel", "channel")
def _teams_channel(f: Fields, p: Params, sid: UUID) -> Refusal:
    """The command the Teams door runs when a series is linked from its channel."""
    channel = teams_channel_of(f.text("teams-channel"))
    names = {"conversation_id": "teams-channel", "teams_channel": "teams-channel"}
    return (
        lambda: m.SetTeamsChannel(series_id=sid, conversation_id=channel),
        names,
        "teams-channel",
    )
