"""Mötet: the secretary's page during a meeting, on a laptop or on the wall.

The record (agenda, who is here, notes, decisions, action items) is one
fragment that every open page asks for again every few seconds (htmx
polling), so what one secretary saves shows on the wall soon after. The
forms beside it save as they are ticked or sent: attendance, a guest, the
running notes (as they are typed), a note, a decision, an action item with
its owner and due date, an agenda item, and "Stäng mötet", which records
the minutes (the scheduler sends them). Each is the same command as the
API's and Slack's; without JavaScript each form posts and comes back with a
303. A form the domain refuses comes back with the error at its field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from adapters.web import forms
from adapters.web.fields import Fields
from adapters.web.meeting_view import MeetingView
from adapters.web.render import environment, page, secured, see_other
from adapters.web.series_common import day_of, forbidden, managed_by, not_found
from adapters.web.services import WebServices
from adapters.web.visitors import (
    CheckedForm,
    SignedIn,
    Visitor,
    form_source,
    is_htmx,
    web_services,
)
from domain.commands import Command
from domain.errors import DomainError, Forbidden
from domain.meetings import commands as m
from domain.meetings import minutes as n
from services.i18n.errors import error_text

router = APIRouter(include_in_schema=False)
Services = Annotated[WebServices, Depends(web_services)]
POLL = "every 3s"
FORMS = ("agenda", "guest", "note", "decision", "action")


def _meeting(request: Request, v: Visitor, s: WebServices, series_id: str, day: str) -> Any:
    """The meeting, or the page that says why not (a Response)."""
    key, when = forms.id_of(series_id), day_of(day)
    if key is None or when is None:
        return not_found(request, v)
    with s.meetings.connect() as conn:  # one connection for the page's reads
        series = s.meetings.series_row(key, conn=conn)
        if series is None:
            return not_found(request, v)
        if not managed_by(v, series):
            return forbidden(request, v)
        found = MeetingView(s, series, when, conn)
    if found.occurrence is None and not found.found:
        return not_found(request, v)
    return found


def _values(
    mt: MeetingView, v: Visitor, errors: dict[str, str], kept: dict[str, str]
) -> dict[str, Any]:
    return {
        "mt": mt,
        "meeting": mt.row,
        "series": mt.series,
        "errors": errors,
        "kept": kept,
        "poll": POLL,
        "assignees": [(p, name) for p, name, _ in mt.people],
    }


@router.get("/series/{series_id}/meetings/{day}")
def meeting_page(request: Request, series_id: str, day: str, v: SignedIn, s: Services) -> Response:
    mt = _meeting(request, v, s, series_id, day)
    if isinstance(mt, Response):
        return mt
    saved = request.query_params.get("saved", "")
    return page(request, v, "meeting.html.j2", saved=saved, nav="series", **_values(mt, v, {}, {}))


@router.get("/series/{series_id}/meetings/{day}/wall")
def wall(request: Request, series_id: str, day: str, v: SignedIn, s: Services) -> Response:
    """The record alone and large, for the projector (it polls like the page)."""
    mt = _meeting(request, v, s, series_id, day)
    if isinstance(mt, Response):
        return mt
    values = _values(mt, v, {}, {})
    return page(request, v, "meeting_wall.html.j2", nav="series", wall=True, **values)


@router.get("/series/{series_id}/meetings/{day}/record")
def record(request: Request, series_id: str, day: str, v: SignedIn, s: Services) -> Response:
    """The record alone, for the pages that poll it."""
    mt = _meeting(request, v, s, series_id, day)
    if isinstance(mt, Response):
        return mt
    html = page(request, v, "meeting_record.html.j2", **_values(mt, v, {}, {}))
    # The wall has no boxes to update.
    wall = request.query_params.get("wall") == "1"
    return html if wall or not mt.open else _with_boxes(request, v, mt, html)


def _with_boxes(request: Request, v: Visitor, mt: MeetingView, record: Response) -> Response:
    """The polled record, and the attendance boxes as they are now (out of band)."""
    boxes = environment(v.lang).get_template("attendance_boxes.html.j2")
    extra = boxes.render(mt=mt, boxes_oob=True).encode()
    return secured(HTMLResponse(bytes(record.body) + extra), request, v)


def _answer(
    request: Request,
    v: Visitor,
    s: WebServices,
    series_id: str,
    day: str,
    form: FormData,
    f: Fields,
    build: Callable[[MeetingView], Command],
    *,
    part: str,
    fields: dict[str, str],
    fallback: str,
    keyed: bool = True,
) -> Response:
    """Runs the form's command. Without htmx: 303 back to the page (or the
    page with the error at its field). With htmx: the form again (fresh, or
    with the error and what was written) and the record beside it."""
    mt = _meeting(request, v, s, series_id, day)
    if isinstance(mt, Response):
        return mt
    if not f.errors:
        try:
            source = form_source(form, v) if keyed else None
            s.commands.run(build(mt), v.context(source), wait=True)
        except (DomainError, ValidationError) as error:
            if isinstance(error, Forbidden):
                return forbidden(request, v, error_text(error, v.lang))
            f.refused(error, fields, fallback)
    kept = (
        {k: str(val) for k, val in form.items() if k not in ("csrf", "form_id")} if f.errors else {}
    )
    if not is_htmx(request):
        if not f.errors:
            return see_other(request, f"{mt.base}?saved={part}#{part}")
        mt = MeetingView(s, mt.series, mt.day)
        values = _values(mt, v, f.errors, kept)
        return page(request, v, "meeting.html.j2", status=422, saved="", nav="series", **values)
    # htmx swaps only a 2xx answer: the form comes back with its error.
    mt = MeetingView(s, mt.series, mt.day)
    env = environment(v.lang)
    values = {
        "v": v,
        "person": v.person,
        "path": request.url.path,
        **_values(mt, v, f.errors, kept),
    }
    html = env.get_template("meeting_form.html.j2").render(parts=[part], **values)
    html += env.get_template("meeting_record.html.j2").render(oob=True, **values)
    html += env.get_template("meeting_status.html.j2").render(
        oob=True, saved="" if f.errors else part, failed=bool(f.errors), **values
    )
    return secured(HTMLResponse(html), request, v)


@router.post("/series/{series_id}/meetings/{day}/attendance")
def attendance(
    request: Request, series_id: str, day: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    f = Fields(form, v.lang)
    present = f.people("present")
    listed = f.people("listed")

    def build(mt: MeetingView) -> Command:
        absent = [p for p in listed if p not in present]
        return m.RecordAttendance(
            series_id=UUID(str(mt.series["id"])),
            occurrence_date=mt.day,
            present=present,
            absent=absent,
        )

    # Ticked again and again: each is a new state, not a resent form.
    return _answer(
        request, v, s, series_id, day, form, f, build,
        part="attendance", fields={"present": "present"}, fallback="present", keyed=False,
    )  # fmt: skip


@router.post("/series/{series_id}/meetings/{day}/attendance/{person_id}")
def attendance_of(
    request: Request,
    series_id: str,
    day: str,
    person_id: str,
    v: SignedIn,
    s: Services,
    form: CheckedForm,
) -> Response:
    """One checkbox ticked or unticked (htmx): only that person changes, so two
    secretaries ticking at once do not undo each other."""
    f = Fields(form, v.lang)
    person = forms.id_of(person_id)
    if person is None:
        return not_found(request, v)
    here = UUID(person) in f.people("present")

    def build(mt: MeetingView) -> Command:
        return m.RecordAttendance(
            series_id=UUID(str(mt.series["id"])),
            occurrence_date=mt.day,
            present=[UUID(person)] if here else [],
            absent=[] if here else [UUID(person)],
        )

    return _answer(
        request, v, s, series_id, day, form, f, build,
        part="attendance", fields={"present": "present"}, fallback="present", keyed=False,
    )  # fmt: skip


@router.post("/series/{series_id}/meetings/{day}/guest")
def guest(
    request: Request, series_id: str, day: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    f = Fields(form, v.lang)
    person = f.person("guest-person", required=True)

    def build(mt: MeetingView) -> Command:
        assert person is not None
        return m.RecordAttendance(
            series_id=UUID(str(mt.series["id"])), occurrence_date=mt.day, present=[person]
        )

    return _answer(
        request, v, s, series_id, day, form, f, build,
        part="guest", fields={"present": "guest-person"}, fallback="guest-person",
    )  # fmt: skip


@router.post("/series/{series_id}/meetings/{day}/notes")
def notes(
    request: Request, series_id: str, day: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    f = Fields(form, v.lang)
    text = str(form.get("notes") or "")

    def build(mt: MeetingView) -> Command:
        return m.WriteNotes(series_id=UUID(str(mt.series["id"])), occurrence_date=mt.day, text=text)

    # Saved as it is typed: each save is the text as it is now.
    return _answer(
        request, v, s, series_id, day, form, f, build,
        part="notes", fields={"notes": "notes", "text": "notes"}, fallback="notes", keyed=False,
    )  # fmt: skip


@router.post("/series/{series_id}/meetings/{day}/note")
def note(
    request: Request, series_id: str, day: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    f = Fields(form, v.lang)
    text = f.text("note-text", required=True)

    def build(mt: MeetingView) -> Command:
        return n.AddMeetingNote(
            series_id=UUID(str(mt.series["id"])), occurrence_date=mt.day, text=text or ""
        )

    return _answer(
        request, v, s, series_id, day, form, f, build,
        part="note", fields={"text": "note-text"}, fallback="note-text",
    )  # fmt: skip


@router.post("/series/{series_id}/meetings/{day}/decision")
def decision(
    request: Request, series_id: str, day: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    f = Fields(form, v.lang)
    text = f.text("decision-text", required=True)
    rationale = f.text("decision-rationale")

    def build(mt: MeetingView) -> Command:
        return n.DecideInMeeting(
            series_id=UUID(str(mt.series["id"])),
            occurrence_date=mt.day,
            text=text or "",
            rationale=rationale,
        )

    return _answer(
        request, v, s, series_id, day, form, f, build,
        part="decision", fields={"text": "decision-text", "rationale": "decision-rationale"},
        fallback="decision-text",
    )  # fmt: skip


@router.post("/series/{series_id}/meetings/{day}/action")
def action(
    request: Request, series_id: str, day: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    f = Fields(form, v.lang)
    text = f.text("action-text", required=True)
    owner = f.person("action-owner", required=True)
    due = f.day("action-due")

    def build(mt: MeetingView) -> Command:
        assert owner is not None
        return m.AssignActionItem(
            series_id=UUID(str(mt.series["id"])),
            occurrence_date=mt.day,
            text=text or "",
            assignee_id=owner,
            due=due,
        )

    return _answer(
        request, v, s, series_id, day, form, f, build,
        part="action",
        fields={"text": "action-text", "assignee_id": "action-owner", "due": "action-due"},
        fallback="action-text",
    )  # fmt: skip


@router.post("/series/{series_id}/meetings/{day}/agenda")
def agenda(
    request: Request, series_id: str, day: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    f = Fields(form, v.lang)
    title = f.text("agenda-title", required=True)

    def build(mt: MeetingView) -> Command:
        return m.AddAgendaItem(
            series_id=UUID(str(mt.series["id"])), occurrence_date=mt.day, title=title or ""
        )

    return _answer(
        request, v, s, series_id, day, form, f, build,
        part="agenda", fields={"title": "agenda-title"}, fallback="agenda-title",
    )  # fmt: skip


@router.post("/series/{series_id}/meetings/{day}/close")
def close(
    request: Request, series_id: str, day: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    mt = _meeting(request, v, s, series_id, day)
    if isinstance(mt, Response):
        return mt
    command = m.CloseMeeting(
        series_id=UUID(str(mt.series["id"])), occurrence_date=mt.day, closed_at=s.clock.now()
    )
    try:
        s.commands.run(command, v.context(form_source(form, v)), wait=True)
    except DomainError as error:
        if isinstance(error, Forbidden):
            return forbidden(request, v, error_text(error, v.lang))
        values = _values(mt, v, {"close": error_text(error, v.lang)}, {})
        return page(request, v, "meeting.html.j2", status=422, saved="", nav="series", **values)
    return see_other(request, f"{mt.base}?saved=closed")
