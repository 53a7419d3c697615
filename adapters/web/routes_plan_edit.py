"""The initiative page, and editing it in place: status, health with a
comment, målbild and delmål, milestones (due dates in the plan's words,
such as "Oktober?"), participants and links. Each edit is the same command
as the API's, run as the signed-in person with channel `web`; the domain
decides who may (the arena's moderators plan, its members report health).

The page itself shows the plan with one form per section. The forms for
each row of a list (a milestone done, moved or removed; a participant or a
link removed) are behind the section's "Ändra": with htmx the plan part is
swapped for the same part with that section's row forms
(`/initiatives/{id}/edit/{section}`), without JavaScript that address is a
page of its own. An initiative followed for years has hundreds of rows, and
a form for each of them made the page several times slower than the data
it shows; an edit made from a section's row forms comes back to them.

Every form carries the version of the initiative it was rendered from
(`expected_version`). When someone changed the initiative since, the edit
is refused by the domain (`StaleVersion`) and the page says, from the audit
trail, who changed what since then, and offers to reload; what the person
wrote stays in the form. With htmx the plan part of the page is swapped
(every form in it then carries the new version); without JavaScript a
POST answers 303 back to the page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from adapters.web import forms
from adapters.web.form_routes import Params, forms_at
from adapters.web.render import page, see_other
from adapters.web.services import WebServices
from adapters.web.visitors import Services, SignedIn, Visitor, is_htmx
from domain import commands as c
from domain.authority import MEMBER, MODERATOR
from domain.commands import Command
from domain.due import Due, parse_due
from domain.errors import DomainError, StaleVersion
from domain.values import Health, Role, Status, parse_enum
from services.i18n import STOCKHOLM
from services.queries import Row

# The latest reports tell how it is going; an initiative followed for years
# has thousands, which would make the page long and slow.
HEALTH_SHOWN = 12
# Likewise the latest decisions; the rest are a link away.
DECISIONS_SHOWN = 10

router = APIRouter(include_in_schema=False)
Build = Callable[[FormData, Row, Params, WebServices], Command | None]
# The parts of the page an edit saves (and where its answer is shown).
SECTIONS = ("status", "goal", "milestones", "participants", "links")
# The sections whose rows have forms of their own, behind "Ändra".
EDITABLE = ("milestones", "participants", "links")


def _may(v: Visitor, initiative: Row) -> tuple[bool, bool]:
    """Whether the visitor may plan (the arena's moderators, admins) and
    report (its members and the initiative's participants): which forms to
    show. The domain checks again when a form is sent."""
    arena_id = str(initiative["arena_id"])
    participant = any(p["person_id"] == v.person_id for p in initiative["participants"])
    return v.holds(arena_id, MODERATOR), v.holds(arena_id, MEMBER) or participant


def initiative_page(
    request: Request,
    v: Visitor,
    s: WebServices,
    initiative_id: str,
    *,
    status: int = 200,
    partial: bool = False,
    **state: Any,
) -> Response:
    """The initiative page (or, `partial`, its plan part for htmx), with
    the forms the visitor may use and, after an edit, what became of it."""
    with s.plan.connect() as conn:
        found = s.plan.get_initiative(initiative_id, conn=conn)
        if found is None:
            return page(request, v, "not_found.html.j2", status=404)
        history = s.plan.health_history(initiative_id, limit=HEALTH_SHOWN, conn=conn)
        arena = s.plan.get_arena(str(found["arena_id"]), conn=conn)
        may_plan, may_report = _may(v, found)
    taking_part = {p["person_id"] for p in found["participants"]}
    candidates = [m for m in (arena or {}).get("members", []) if m["person_id"] not in taking_part]
    values = forms.page_state(
        state,
        editing=None,
        left=None,
        initiative=found,
        history=history,
        shown=HEALTH_SHOWN,
        decisions_shown=DECISIONS_SHOWN,
        arena=arena,
        may_plan=may_plan,
        may_report=may_report,
        statuses=[x.value for x in Status],
        healths=[x.value for x in Health],
        roles=[x.value for x in Role],
        candidates=candidates,
        nav="plan",
        status=status,
    )
    template = "initiative_plan.html.j2" if partial else "initiative.html.j2"
    return page(request, v, template, **values)


def _edit(
    request: Request,
    v: Visitor,
    s: WebServices,
    form: FormData,
    p: Params,
    spec: tuple[Build, str],
) -> Response:
    """Runs the form's command and shows the page again: saved, stale (who
    changed what since), or refused with the reason at its field."""
    build, section = spec
    key = forms.id_of(p["initiative_id"])
    found = s.plan.get_initiative(key) if key else None
    if key is None or found is None:
        return page(request, v, "not_found.html.j2", status=404)
    htmx = is_htmx(request)
    # Sent from a section's row forms: the answer shows them again.
    sent_from = forms.text(form, "editing")
    editing = section if sent_from == section and section in EDITABLE else None
    try:
        command = build(form, found, p, s)
        if command is None:
            return page(request, v, "not_found.html.j2", status=404)
        forms.run(s, v, form, command)
    except DomainError as error:
        stale = isinstance(error, StaleVersion)
        # htmx swaps only a 2xx answer; without it the page says 409 or 422.
        return initiative_page(
            request,
            v,
            s,
            key,
            status=200 if htmx else 409 if stale else 422,
            partial=htmx,
            editing=editing,
            failed=forms.failure(section, error, v.lang, key="section"),
            given=forms.given(form),
            changes=forms.changes_since(s, v, key, error),
        )
    if htmx:
        return initiative_page(request, v, s, key, partial=True, saved=section, editing=editing)
    path = f"/initiatives/{key}/edit/{section}" if editing else f"/initiatives/{key}"
    return see_other(request, f"{path}?saved={section}#h-{section}")


def wants_part(request: Request) -> bool:
    """An htmx request for the plan part (not a page htmx restores from history)."""
    return is_htmx(request) and request.headers.get("hx-history-restore-request") != "true"


@router.get("/initiatives/{initiative_id}/edit/{section}")
def edit_section(
    request: Request, initiative_id: str, section: str, v: SignedIn, s: Services
) -> Response:
    """The page (with htmx: its plan part) with the section's row forms."""
    key = forms.id_of(initiative_id)
    if key is None or section not in EDITABLE:
        return page(request, v, "not_found.html.j2", status=404)
    saved = request.query_params.get("saved")
    return initiative_page(
        request,
        v,
        s,
        key,
        partial=wants_part(request),
        editing=section,
        saved=section if saved == section else None,
    )


form = forms_at(router, "/initiatives/{initiative_id}", _edit, lambda *spec: spec)


def _today(s: WebServices) -> date:
    return s.clock.now().astimezone(STOCKHOLM).date()


def _due(f: FormData, s: WebServices) -> Due:
    return parse_due(forms.text(f, "due"), default_year=_today(s).year)


def _of(found: Row, f: FormData) -> dict[str, Any]:
    """The initiative a form edits, and the version it was rendered from."""
    return {"initiative_id": UUID(str(found["id"])), "expected_version": forms.version(f)}


@form("/status", "status")
def _status(f: FormData, found: Row, p: Params, s: WebServices) -> Command:
    status = parse_enum(Status, forms.text(f, "status"), "status")
    return c.ChangeInitiativeStatus(
        status=status, reason=forms.text(f, "reason") or None, **_of(found, f)
    )


@form("/health", "status")
def _health(f: FormData, found: Row, p: Params, s: WebServices) -> Command:
    health = parse_enum(Health, forms.text(f, "health"), "health")
    return c.ReportHealth(health=health, comment=forms.text(f, "comment") or None, **_of(found, f))


@form("/goal", "goal")
def _goal(f: FormData, found: Row, p: Params, s: WebServices) -> Command:
    """Målbild and delmål (one per line)."""
    objectives = [line.strip() for line in forms.text(f, "objectives").splitlines()]
    changes = {"goal": forms.text(f, "goal"), "objectives": [o for o in objectives if o]}
    return c.ReviseInitiative(changes=changes, **_of(found, f))


@form("/milestones", "milestones")
def _milestone(f: FormData, found: Row, p: Params, s: WebServices) -> Command:
    return c.AddMilestone(title=forms.text(f, "title"), due=_due(f, s), **_of(found, f))


@form("/milestones/{milestone_id}/{action}", "milestones")
def _one_milestone(f: FormData, found: Row, p: Params, s: WebServices) -> Command | None:
    """One milestone: a new due date (`due`), done (`done`) or away (`remove`)."""
    at = {"milestone_id": p["milestone_id"], **_of(found, f)}
    if p["action"] == "due":
        return c.RescheduleMilestone(due=_due(f, s), **at)
    if p["action"] == "done":
        return c.CompleteMilestone(completed_on=_today(s), **at)
    return c.RemoveMilestone(**at) if p["action"] == "remove" else None


@form("/participants", "participants")
def _participant(f: FormData, found: Row, p: Params, s: WebServices) -> Command:
    person = forms.person_field(forms.text(f, "person_id"))
    role = parse_enum(Role, forms.text(f, "role"), "role")
    return c.AddParticipant(initiative_id=UUID(str(found["id"])), person_id=person, role=role)


@form("/participants/{person_id}/remove", "participants")
def _no_participant(f: FormData, found: Row, p: Params, s: WebServices) -> Command:
    person = forms.person_field(p["person_id"])
    return c.RemoveParticipant(initiative_id=UUID(str(found["id"])), person_id=person)


@form("/links", "links")
def _link(f: FormData, found: Row, p: Params, s: WebServices) -> Command:
    url = forms.text(f, "url") or None
    return c.AddLink(initiative_id=UUID(str(found["id"])), title=forms.text(f, "title"), url=url)


@form("/links/{link_id}/remove", "links")
def _no_link(f: FormData, found: Row, p: Params, s: WebServices) -> Command:
    return c.RemoveLink(initiative_id=UUID(str(found["id"])), link_id=p["link_id"])
