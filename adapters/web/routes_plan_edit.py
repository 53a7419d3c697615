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
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from adapters.web import forms
from adapters.web.render import page, see_other
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, SignedIn, Visitor, is_htmx, web_services
from domain import commands as c
from domain.authority import MEMBER, MODERATOR
from domain.commands import Command
from domain.due import parse_due
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
Services = Annotated[WebServices, Depends(web_services)]
Build = Callable[[FormData, Row], Command]
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
    initiative_id: str,
    form: FormData,
    section: str,
    build: Build,
) -> Response:
    """Runs the form's command and shows the page again: saved, stale (who
    changed what since), or refused with the reason at its field."""
    key = forms.id_of(initiative_id)
    found = s.plan.get_initiative(key) if key else None
    if key is None or found is None:
        return page(request, v, "not_found.html.j2", status=404)
    htmx = is_htmx(request)
    # Sent from a section's row forms: the answer shows them again.
    sent_from = forms.text(form, "editing")
    editing = section if sent_from == section and section in EDITABLE else None
    try:
        forms.run(s, v, form, build(form, found))
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


def _today_year(s: WebServices) -> int:
    return s.clock.now().astimezone(STOCKHOLM).year


def _id(found: Row) -> UUID:
    return UUID(str(found["id"]))


@router.post("/initiatives/{initiative_id}/status")
def change_status(
    request: Request, initiative_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    def build(f: FormData, found: Row) -> Command:
        return c.ChangeInitiativeStatus(
            initiative_id=_id(found),
            status=parse_enum(Status, forms.text(f, "status"), "status"),
            reason=forms.text(f, "reason") or None,
            expected_version=forms.version(f),
        )

    return _edit(request, v, s, initiative_id, form, "status", build)


@router.post("/initiatives/{initiative_id}/health")
def report_health(
    request: Request, initiative_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    def build(f: FormData, found: Row) -> Command:
        return c.ReportHealth(
            initiative_id=_id(found),
            health=parse_enum(Health, forms.text(f, "health"), "health"),
            comment=forms.text(f, "comment") or None,
            expected_version=forms.version(f),
        )

    return _edit(request, v, s, initiative_id, form, "status", build)


@router.post("/initiatives/{initiative_id}/goal")
def revise_goal(
    request: Request, initiative_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    """Målbild and delmål (one per line)."""

    def build(f: FormData, found: Row) -> Command:
        objectives = [line.strip() for line in forms.text(f, "objectives").splitlines()]
        changes = {"goal": forms.text(f, "goal"), "objectives": [o for o in objectives if o]}
        return c.ReviseInitiative(
            initiative_id=_id(found), changes=changes, expected_version=forms.version(f)
        )

    return _edit(request, v, s, initiative_id, form, "goal", build)


@router.post("/initiatives/{initiative_id}/milestones")
def add_milestone(
    request: Request, initiative_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    def build(f: FormData, found: Row) -> Command:
        return c.AddMilestone(
            initiative_id=_id(found),
            title=forms.text(f, "title"),
            due=parse_due(forms.text(f, "due"), default_year=_today_year(s)),
            expected_version=forms.version(f),
        )

    return _edit(request, v, s, initiative_id, form, "milestones", build)


@router.post("/initiatives/{initiative_id}/milestones/{milestone_id}/{action}")
def milestone(
    request: Request,
    initiative_id: str,
    milestone_id: str,
    action: str,
    v: SignedIn,
    s: Services,
    form: CheckedForm,
) -> Response:
    """One milestone: a new due date (`due`), done (`done`) or away (`remove`)."""

    def build(f: FormData, found: Row) -> Command:
        key, expected = _id(found), forms.version(f)
        if action == "due":
            due = parse_due(forms.text(f, "due"), default_year=_today_year(s))
            return c.RescheduleMilestone(
                initiative_id=key, milestone_id=milestone_id, due=due, expected_version=expected
            )
        if action == "done":
            today = s.clock.now().astimezone(STOCKHOLM).date()
            return c.CompleteMilestone(
                initiative_id=key,
                milestone_id=milestone_id,
                completed_on=today,
                expected_version=expected,
            )
        return c.RemoveMilestone(
            initiative_id=key, milestone_id=milestone_id, expected_version=expected
        )

    if action not in ("due", "done", "remove"):
        return page(request, v, "not_found.html.j2", status=404)
    return _edit(request, v, s, initiative_id, form, "milestones", build)


@router.post("/initiatives/{initiative_id}/participants")
def add_participant(
    request: Request, initiative_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    def build(f: FormData, found: Row) -> Command:
        return c.AddParticipant(
            initiative_id=_id(found),
            person_id=forms.person_field(forms.text(f, "person_id")),
            role=parse_enum(Role, forms.text(f, "role"), "role"),
        )

    return _edit(request, v, s, initiative_id, form, "participants", build)


@router.post("/initiatives/{initiative_id}/participants/{person_id}/remove")
def remove_participant(
    request: Request,
    initiative_id: str,
    person_id: str,
    v: SignedIn,
    s: Services,
    form: CheckedForm,
) -> Response:
    def build(f: FormData, found: Row) -> Command:
        return c.RemoveParticipant(
            initiative_id=_id(found), person_id=forms.person_field(person_id)
        )

    return _edit(request, v, s, initiative_id, form, "participants", build)


@router.post("/initiatives/{initiative_id}/links")
def add_link(
    request: Request, initiative_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    def build(f: FormData, found: Row) -> Command:
        return c.AddLink(
            initiative_id=_id(found), title=forms.text(f, "title"), url=forms.text(f, "url") or None
        )

    return _edit(request, v, s, initiative_id, form, "links", build)


@router.post("/initiatives/{initiative_id}/links/{link_id}/remove")
def remove_link(
    request: Request, initiative_id: str, link_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    def build(f: FormData, found: Row) -> Command:
        return c.RemoveLink(initiative_id=_id(found), link_id=link_id)

    return _edit(request, v, s, initiative_id, form, "links", build)
