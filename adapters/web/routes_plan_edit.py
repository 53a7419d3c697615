"""The initiative page, and editing it in place: status, health with a
comment, målbild and delmål, milestones (due dates in the plan's words,
such as "Oktober?"), participants and links. Each edit is the same command
as the API's, run as the signed-in person with channel `web`; the domain
decides who may (the arena's moderators plan, its members report health).

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

from adapters.web.render import page, see_other
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, SignedIn, Visitor, form_source, is_htmx, web_services
from domain import commands as c
from domain.authority import MEMBER, MODERATOR
from domain.commands import Command
from domain.due import parse_due
from domain.errors import DomainError, Forbidden, StaleVersion, ValidationFailed
from domain.values import Health, Role, Status, parse_enum
from services.i18n import STOCKHOLM, translator
from services.i18n.errors import error_text
from services.queries import Row
from services.queries.audit import AuditFilter

# The latest reports tell how it is going; an initiative followed for years
# has thousands, which would make the page long and slow.
HEALTH_SHOWN = 12
# Likewise the latest decisions; the rest are a link away.
DECISIONS_SHOWN = 10

router = APIRouter(include_in_schema=False)
Services = Annotated[WebServices, Depends(web_services)]
Build = Callable[[FormData, Row], Command]
TRAIL_PAGE = 200
CHANGES_SHOWN = 20
# The parts of the page an edit saves (and where its answer is shown).
SECTIONS = ("status", "goal", "milestones", "participants", "links")


def _uuid(text: str) -> str | None:
    try:
        return str(UUID(text))
    except ValueError:
        return None


def field_error(error: DomainError, lang: str) -> str:
    """A refusal in the reader's words (services/i18n/errors.py); a rule the
    catalogs have no words for yet is said by the field it concerns."""
    if error.rule is not None:
        return error_text(error, lang)
    tr = translator(lang)
    if isinstance(error, StaleVersion):
        return tr.gettext("Someone else changed this since you opened the page.")
    if isinstance(error, Forbidden):
        return tr.gettext("Your role does not allow this.")
    hints = {
        "due": tr.gettext(
            "Write a date (2026-10-15), a month (Oktober) or an estimate with a question "
            "mark (Oktober?)."
        ),
        "email": tr.gettext("Write an e-mail address, such as namn@example.se."),
        "slack_user_id": tr.gettext("A Slack user id looks like U024BE7LH."),
        "url": tr.gettext("Write a web address that starts with https:// or http://."),
        "due_on": tr.gettext("Choose the last day to answer."),
        "audience": tr.gettext("Choose an initiative or an arena."),
    }
    return hints.get(error.field or "", tr.gettext("Check this field: the value is not valid."))


def person_field(text: str, field: str = "person_id") -> UUID:
    """A person's id from a form (a select's value): refused at its field
    when it is not one."""
    try:
        return UUID(text)
    except ValueError:
        raise ValidationFailed("choose a person", field=field) from None


def _version(form: FormData) -> int | None:
    """The version the form was rendered from (None: the form says none)."""
    given = form.get("expected_version")
    if isinstance(given, str) and given.isdigit() and len(given) < 10:
        return int(given)
    return None


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _may(v: Visitor, initiative: Row) -> tuple[bool, bool]:
    """Whether the visitor may plan (the arena's moderators, admins) and
    report (its members and the initiative's participants): which forms to
    show. The domain checks again when a form is sent."""
    arena_id = str(initiative["arena_id"])
    participant = any(p["person_id"] == v.person_id for p in initiative["participants"])
    return v.holds(arena_id, MODERATOR), v.holds(arena_id, MEMBER) or participant


def changes_since(s: WebServices, v: Visitor, aggregate_id: str, version: int) -> list[Row]:
    """What happened to the aggregate after `version`, from the audit trail,
    newest first, in the reader's language."""
    if s.trail is None:
        return []
    found: list[Row] = []
    cursor: int | None = None
    while True:
        rows, cursor = s.trail.page(
            AuditFilter(aggregate_id=aggregate_id, after=cursor), limit=TRAIL_PAGE, lang=v.lang
        )
        found.extend(r for r in rows if int(r["aggregate_version"]) > version)
        if cursor is None:
            break
    return list(reversed(found))[:CHANGES_SHOWN]


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
    values: dict[str, Any] = {
        "initiative": found,
        "history": history,
        "shown": HEALTH_SHOWN,
        "decisions_shown": DECISIONS_SHOWN,
        "arena": arena,
        "may_plan": may_plan,
        "may_report": may_report,
        "statuses": [x.value for x in Status],
        "healths": [x.value for x in Health],
        "roles": [x.value for x in Role],
        "candidates": candidates,
        "saved": None,
        "failed": None,
        "given": {},
        "changes": [],
        "nav": "plan",
    }
    values.update(state)
    template = "initiative_plan.html.j2" if partial else "initiative.html.j2"
    return page(request, v, template, status=status, **values)


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
    key = _uuid(initiative_id)
    found = s.plan.get_initiative(key) if key else None
    if key is None or found is None:
        return page(request, v, "not_found.html.j2", status=404)
    htmx = is_htmx(request)
    try:
        command = build(form, found)
        s.commands.run(command, v.context(form_source(form, v)), wait=True)
    except StaleVersion as stale:
        changes = changes_since(s, v, key, stale.expected)
        failed = {"section": section, "field": None, "text": field_error(stale, v.lang)}
        given = {k: x for k, x in form.multi_items() if isinstance(x, str)}
        return initiative_page(
            request,
            v,
            s,
            key,
            status=200 if htmx else 409,
            partial=htmx,
            failed=failed,
            given=given,
            changes=changes,
        )
    except DomainError as error:
        failed = {"section": section, "field": error.field, "text": field_error(error, v.lang)}
        given = {k: x for k, x in form.multi_items() if isinstance(x, str)}
        # htmx swaps only a 2xx answer; without it the page says 422.
        return initiative_page(
            request,
            v,
            s,
            key,
            status=200 if htmx else 422,
            partial=htmx,
            failed=failed,
            given=given,
        )
    if htmx:
        return initiative_page(request, v, s, key, partial=True, saved=section)
    return see_other(request, f"/initiatives/{key}?saved={section}#h-{section}")


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
            status=parse_enum(Status, _text(f, "status"), "status"),
            reason=_text(f, "reason") or None,
            expected_version=_version(f),
        )

    return _edit(request, v, s, initiative_id, form, "status", build)


@router.post("/initiatives/{initiative_id}/health")
def report_health(
    request: Request, initiative_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    def build(f: FormData, found: Row) -> Command:
        return c.ReportHealth(
            initiative_id=_id(found),
            health=parse_enum(Health, _text(f, "health"), "health"),
            comment=_text(f, "comment") or None,
            expected_version=_version(f),
        )

    return _edit(request, v, s, initiative_id, form, "status", build)


@router.post("/initiatives/{initiative_id}/goal")
def revise_goal(
    request: Request, initiative_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    """Målbild and delmål (one per line)."""

    def build(f: FormData, found: Row) -> Command:
        objectives = [line.strip() for line in _text(f, "objectives").splitlines()]
        changes = {"goal": _text(f, "goal"), "objectives": [o for o in objectives if o]}
        return c.ReviseInitiative(
            initiative_id=_id(found), changes=changes, expected_version=_version(f)
        )

    return _edit(request, v, s, initiative_id, form, "goal", build)


@router.post("/initiatives/{initiative_id}/milestones")
def add_milestone(
    request: Request, initiative_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    def build(f: FormData, found: Row) -> Command:
        return c.AddMilestone(
            initiative_id=_id(found),
            title=_text(f, "title"),
            due=parse_due(_text(f, "due"), default_year=_today_year(s)),
            expected_version=_version(f),
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
        key, version = _id(found), _version(f)
        if action == "due":
            due = parse_due(_text(f, "due"), default_year=_today_year(s))
            return c.RescheduleMilestone(
                initiative_id=key, milestone_id=milestone_id, due=due, expected_version=version
            )
        if action == "done":
            today = s.clock.now().astimezone(STOCKHOLM).date()
            return c.CompleteMilestone(
                initiative_id=key,
                milestone_id=milestone_id,
                completed_on=today,
                expected_version=version,
            )
        return c.RemoveMilestone(
            initiative_id=key, milestone_id=milestone_id, expected_version=version
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
            person_id=person_field(_text(f, "person_id")),
            role=parse_enum(Role, _text(f, "role"), "role"),
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
        return c.RemoveParticipant(initiative_id=_id(found), person_id=person_field(person_id))

    return _edit(request, v, s, initiative_id, form, "participants", build)


@router.post("/initiatives/{initiative_id}/links")
def add_link(
    request: Request, initiative_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    def build(f: FormData, found: Row) -> Command:
        return c.AddLink(
            initiative_id=_id(found), title=_text(f, "title"), url=_text(f, "url") or None
        )

    return _edit(request, v, s, initiative_id, form, "links", build)


@router.post("/initiatives/{initiative_id}/links/{link_id}/remove")
def remove_link(
    request: Request, initiative_id: str, link_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    def build(f: FormData, found: Row) -> Command:
        return c.RemoveLink(initiative_id=_id(found), link_id=link_id)

    return _edit(request, v, s, initiative_id, form, "links", build)
