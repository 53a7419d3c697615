"""Incheckningar, for those who run check-ins (an arena's secretaries and
moderators, auditors, admins): the open rounds with their response rates
(the list refreshes itself with htmx polling), a new round for an
initiative or an arena, one round with who has answered, closing it, and
its summary. The same commands as the API, channel `web`; the domain
decides who may open and close a round (the arena's secretaries and up).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from adapters.web import forms
from adapters.web.render import page, see_other
from adapters.web.routes_admin import NotForRole
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, Services, SignedIn, Visitor
from domain.authority import SECRETARY, GlobalRole
from domain.errors import DomainError, ValidationFailed
from domain.handlers.checkins import status_questions
from domain.meetings import commands as m
from domain.values import Role
from services.i18n import STOCKHOLM
from services.queries import Row

router = APIRouter(include_in_schema=False)
ROUNDS_SHOWN = 50
ARENAS_SHOWN = 200
DUE_HOUR = time(17, 0)  # a round is due at five in the afternoon of its day
DAYS_TO_ANSWER = 7


async def lead(v: SignedIn) -> Visitor:
    if not v.leads_anywhere():
        raise NotForRole(v)
    return v


Lead = Annotated[Visitor, Depends(lead)]


def arenas_held(v: Visitor, s: WebServices, role: Role = SECRETARY) -> list[Row]:
    """The arenas where the visitor holds `role` (a secretary may open rounds
    in them, a moderator plan surveys), each with its members and initiatives."""
    with s.plan.connect() as conn:
        arenas = s.plan.arenas_page(limit=ARENAS_SHOWN, offset=0, conn=conn).items
        found = []
        for arena in arenas:
            if v.holds(str(arena["id"]), role):
                full = s.plan.get_arena(str(arena["id"]), conn=conn)
                if full is not None:
                    found.append(full)
    return found


def _open_rounds(s: WebServices) -> list[Row]:
    return s.checkins.rounds_page(limit=ROUNDS_SHOWN, offset=0, state="open").items


def _rounds_page(request: Request, v: Visitor, s: WebServices, **state: Any) -> Response:
    today = s.clock.now().astimezone(STOCKHOLM).date()
    values = forms.page_state(state, nav="rounds")
    closed = s.checkins.rounds_page(limit=10, offset=0, state="closed").items
    return page(
        request,
        v,
        "rounds.html.j2",
        rounds=_open_rounds(s),
        closed=closed,
        audiences=arenas_held(v, s),
        default_due=(today + timedelta(days=DAYS_TO_ANSWER)).isoformat(),
        **values,
    )


@router.get("/rounds")
def rounds(request: Request, v: Lead, s: Services) -> Response:
    return _rounds_page(request, v, s)


@router.get("/rounds/open")
def open_rounds(request: Request, v: Lead, s: Services) -> Response:
    """The open rounds' list alone: what the page's htmx polling swaps in."""
    return page(request, v, "rounds_open.html.j2", rounds=_open_rounds(s))


def _due_at(text: str, now: datetime) -> datetime:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed("give the last day to answer", field="due_on") from None
    if not 2000 <= day.year <= 2100:
        raise ValidationFailed("give the last day to answer", field="due_on")
    return datetime.combine(day, DUE_HOUR, tzinfo=STOCKHOLM)


def _audience(text: str) -> tuple[str, UUID]:
    kind, _, key = text.partition(":")
    found = forms.id_of(key)
    if kind not in ("initiative", "arena") or found is None:
        raise ValidationFailed("choose who is asked", field="audience")
    return kind, UUID(found)


@router.post("/rounds")
def open_round(request: Request, v: Lead, s: Services, form: CheckedForm) -> Response:
    """A new round for an initiative's participants or an arena's members,
    with the status questions, due at five in the afternoon of its day."""
    now = s.clock.now()
    try:
        kind, audience_id = _audience(forms.text(form, "audience"))
        command = m.OpenCheckInRound(
            title=forms.text(form, "title"),
            audience_kind=kind,
            audience_id=audience_id,
            questions=status_questions(),
            opens_at=now,
            due_at=_due_at(forms.text(form, "due_on"), now),
        )
        result = forms.run(s, v, form, command)
    except DomainError as error:
        failed = forms.failure("open", error, v.lang)
        return _rounds_page(request, v, s, status=422, failed=failed, given=forms.given(form))
    return see_other(request, f"/rounds/{result.aggregate_id}?saved=opened")


def _arena_of(s: WebServices, found: Row) -> str | None:
    """The arena a round belongs to (its initiative's, its series', or its own)."""
    if found["initiative_id"]:
        initiative = s.plan.get_initiative(str(found["initiative_id"]))
        return str(initiative["arena_id"]) if initiative else None
    if found["audience_kind"] == "arena" and found["audience_ref"]:
        return str(found["audience_ref"])
    if found["series_id"]:
        series = s.meetings.get_series(str(found["series_id"]))
        return str(series["arena_id"]) if series else None
    return None


def _round_page(request: Request, v: Visitor, s: WebServices, found: Row, **state: Any) -> Response:
    arena_id = _arena_of(s, found)
    runs = v.holds(arena_id, SECRETARY) if arena_id else v.is_admin
    recipients = s.checkins.recipients_seen_by(str(found["id"]), v.context().authority)
    values = forms.page_state(state, saved=request.query_params.get("saved"), nav="rounds")
    return page(
        request,
        v,
        "round.html.j2",
        checkin=found,
        recipients=recipients,
        may_close=runs,
        # Free-text answers in the summary: those who may read everyone's answers.
        may_read=runs or v.has(GlobalRole.AUDITOR),
        **values,
    )


@router.get("/rounds/{round_id}")
def one_round(request: Request, round_id: str, v: Lead, s: Services) -> Response:
    key = forms.id_of(round_id)
    found = s.checkins.get_round(key) if key else None
    if found is None:
        return page(request, v, "not_found.html.j2", status=404)
    return _round_page(request, v, s, found)


@router.post("/rounds/{round_id}/close")
def close_round(
    request: Request, round_id: str, v: Lead, s: Services, form: CheckedForm
) -> Response:
    """Closes the round now; its summary is recorded."""
    key = forms.id_of(round_id)
    found = s.checkins.get_round(key) if key else None
    if key is None or found is None:
        return page(request, v, "not_found.html.j2", status=404)
    try:
        forms.run(s, v, form, m.CloseCheckInRound(round_id=UUID(key), closed_at=s.clock.now()))
    except DomainError as error:
        failed = forms.field_error(error, v.lang)
        return _round_page(request, v, s, found, status=422, failed=failed)
    return see_other(request, f"/rounds/{key}?saved=closed")
