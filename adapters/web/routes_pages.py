"""The pages of a signed-in person: their overview (with its two forms: an
action item done, an answer to a meeting's invitation) and the plan,
read-only (arenas, an arena, an initiative). Everything is read through the
query facades and changed through the command service, as the API and Slack
do."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import Connection

from adapters.web import forms
from adapters.web.render import page, see_other
from adapters.web.routes_plan_edit import EDITABLE, SECTIONS, initiative_page, wants_part
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, Services, SignedIn, Visitor, is_htmx
from domain.errors import DomainError
from domain.meetings import commands as m
from domain.meetings.rsvp import RecordRsvp
from services.i18n import STOCKHOLM, translator
from services.i18n.errors import error_text
from services.queries import Row

router = APIRouter(include_in_schema=False)
ARENAS_SHOWN = 200


def _refusal(error: Exception, v: Visitor) -> str:
    """Why a command was refused, in words (a form that does not make a
    command at all was not sent by our page)."""
    if isinstance(error, DomainError):
        return error_text(error, v.lang)
    return translator(v.lang).gettext("the button is not valid")


def _not_found(request: Request, v: Visitor) -> Response:
    return page(request, v, "not_found.html.j2", status=404)


@router.get("/")
def overview(request: Request, v: SignedIn, s: Services) -> Response:
    """Min översikt: my arenas, my initiatives with health, my open
    check-ins, my next meetings with my answer, my open action items."""
    me = v.person_id
    with s.checkins.connect() as conn:
        home = s.checkins.home(me, s.clock.now(), conn=conn)
        _with_my_answers(s, me, home["meetings"], conn)
        roles = v.arena_roles  # read with the visitor
        arenas = [
            {**arena, "role": roles[arena_id]}
            for arena_id in roles
            if (arena := s.plan.get_arena(arena_id, conn=conn)) is not None
        ]
        arenas.sort(key=lambda a: str(a["code"]))
    return page(request, v, "overview.html.j2", home=home, arenas=arenas, nav="overview")


def _with_my_answers(s: WebServices, me: str, meetings: list[Row], conn: Connection) -> None:
    for meeting in meetings:
        answers = s.meetings.rsvps(meeting["series_id"], meeting["meeting_id"], conn=conn)
        mine = [a for a in answers if a["person_id"] == me]
        meeting["rsvp"] = mine[0]["response"] if mine else None


@router.get("/arenas")
def arenas(request: Request, v: SignedIn, s: Services) -> Response:
    found = s.plan.arenas_page(limit=ARENAS_SHOWN, offset=0)
    return page(request, v, "arenas.html.j2", arenas=found.items, nav="plan")


@router.get("/arenas/{arena_id}")
def arena(request: Request, arena_id: str, v: SignedIn, s: Services) -> Response:
    key = forms.id_of(arena_id)
    found = s.plan.get_arena(key) if key else None
    if found is None:
        return _not_found(request, v)
    return page(request, v, "arena.html.j2", arena=found, nav="plan")


@router.get("/initiatives/{initiative_id}")
def initiative(request: Request, initiative_id: str, v: SignedIn, s: Services) -> Response:
    key = forms.id_of(initiative_id)
    if key is None:
        return _not_found(request, v)
    saved = request.query_params.get("saved")
    # Back from a section's row forms: the focus goes to its "Ändra" again.
    left = request.query_params.get("left")
    return initiative_page(
        request,
        v,
        s,
        key,
        partial=wants_part(request),
        saved=saved if saved in SECTIONS else None,
        left=left if left in EDITABLE else None,
    )


@router.get("/initiatives/{initiative_id}/decisions")
def initiative_decisions(
    request: Request, initiative_id: str, v: SignedIn, s: Services
) -> Response:
    """Every decision on the initiative (its page shows the latest)."""
    key = forms.id_of(initiative_id)
    found = s.plan.get_initiative(key) if key else None
    if found is None:
        return _not_found(request, v)
    shown = len(found["decisions"])
    return page(
        request,
        v,
        "initiative_decisions.html.j2",
        initiative=found,
        decisions_shown=shown,
        nav="plan",
    )


@router.post("/actions/{meeting_id}/{item_id}/done")
def action_done(
    request: Request, meeting_id: str, item_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    """Marks one of my action items done: the whole page again, or with htmx
    only the item's line."""
    key = forms.id_of(meeting_id)
    if key is None:
        return _not_found(request, v)
    today = s.clock.now().astimezone(STOCKHOLM).date()
    mine = s.meetings.open_actions(person_id=v.person_id)
    text = next((a["text"] for a in mine if (a["meeting_id"], a["item_id"]) == (key, item_id)), "")
    try:
        command = m.CompleteActionItem(meeting_id=UUID(key), item_id=item_id, done_on=today)
        forms.run(s, v, form, command)
    except (DomainError, ValueError) as error:
        reason = _refusal(error, v)
        if not is_htmx(request):
            return page(request, v, "refused_command.html.j2", status=422, failed=reason)
        # htmx swaps only a 2xx answer: the line says what went wrong.
        return page(request, v, "action_line.html.j2", failed=reason, text=text)
    if is_htmx(request):
        return page(request, v, "action_line.html.j2", failed=None, text=text)
    return see_other(request, "/")


@router.post("/meetings/{series_id}/{day}/rsvp")
def rsvp(
    request: Request, series_id: str, day: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    """My answer to one meeting's invitation: the whole page again, or with
    htmx only the meeting's line."""
    key, when = forms.id_of(series_id), forms.day_of(day)
    if key is None or when is None:
        return _not_found(request, v)
    failed = None
    try:
        command = RecordRsvp(
            series_id=UUID(key),
            person_id=UUID(v.person_id),
            response=str(form.get("response") or ""),
            occurrence_date=when,
        )
        forms.run(s, v, form, command)
    except (DomainError, ValueError) as error:
        failed = _refusal(error, v)
    if not is_htmx(request):
        if failed is None:
            return see_other(request, "/")
        return page(request, v, "refused_command.html.j2", status=422, failed=failed)
    now = s.clock.now()
    with s.meetings.connect() as conn:
        found = s.meetings.upcoming(now=now, until=when, series_id=key, conn=conn)
        line = [row for row in found if row["date"] == day]
        _with_my_answers(s, v.person_id, line, conn)
    if not line:
        return _not_found(request, v)
    return page(request, v, "meeting_line.html.j2", m=line[0], failed=failed, fresh=True)
