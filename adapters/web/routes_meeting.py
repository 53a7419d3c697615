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
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from adapters.web import forms
from adapters.web.fields import Fields
from adapters.web.form_routes import Params, forms_at
from adapters.web.meeting_forms import forms_of
from adapters.web.meeting_view import MeetingView
from adapters.web.render import environment, page, secured, see_other
from adapters.web.series_common import forbidden, given, managed_by, not_found
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, Services, SignedIn, Visitor, form_source, is_htmx
from domain.commands import Command
from domain.errors import DomainError, Forbidden
from domain.meetings import commands as m
from domain.meetings import minutes as n
from services.i18n.errors import error_text

router = APIRouter(include_in_schema=False)
POLL = "every 3s"
FORMS = ("agenda", "guest", "note", "decision", "action")
Build = Callable[[MeetingView], Command]


def _meeting(request: Request, v: Visitor, s: WebServices, series_id: str, day: str) -> Any:
    """The meeting, or the page that says why not (a Response)."""
    key, when = forms.id_of(series_id), forms.day_of(day)
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
    return _page(request, v, mt, {}, {}, saved=saved)


def _page(
    request: Request,
    v: Visitor,
    mt: MeetingView,
    errors: dict[str, str],
    kept: dict[str, str],
    **extra: Any,
) -> Response:
    """The meeting's page, its forms filled in (meeting_forms.py)."""
    values = _values(mt, v, errors, kept)
    shown = forms_of({"v": v, **values}) if mt.open else ""
    return page(request, v, "meeting.html.j2", nav="series", forms=shown, **values, **extra)


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


@dataclass(frozen=True)
class _Form:
    """A meeting form: the part of the page it is, what it reads from the
    form (and the path), and the form fields a refusal of a command field
    is shown at (the first one when the refusal names none). `keyed`: a
    resent form is the same command (False: each send is a new state)."""

    read: Callable[[Fields, Params], Build | None]
    part: str
    fields: dict[str, str]
    keyed: bool = True


def _answer(
    request: Request, v: Visitor, s: WebServices, form: FormData, p: Params, spec: _Form
) -> Response:
    """Runs the form's command. Without htmx: 303 back to the page (or the
    page with the error at its field). With htmx: the form again (fresh, or
    with the error and what was written) and the record beside it."""
    f = Fields(form, v.lang)
    build = spec.read(f, p)
    if build is None:
        return not_found(request, v)
    mt = _meeting(request, v, s, p["series_id"], p["day"])
    if isinstance(mt, Response):
        return mt
    part = spec.part
    if not f.errors:
        try:
            source = form_source(form, v) if spec.keyed else None
            s.commands.run(build(mt), v.context(source), wait=True)
        except (DomainError, ValidationError) as error:
            if isinstance(error, Forbidden):
                return forbidden(request, v, error_text(error, v.lang))
            f.refused(error, spec.fields, next(iter(spec.fields.values())))
    kept = (
        {k: str(val) for k, val in form.items() if k not in ("csrf", "form_id")} if f.errors else {}
    )
    if not is_htmx(request):
        if not f.errors:
            return see_other(request, f"{mt.base}?saved={part}#{part}")
        mt = MeetingView(s, mt.series, mt.day)
        return _page(request, v, mt, f.errors, kept, status=422, saved="")
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


# Attendance is ticked again and again, and the notes saved as they are
# typed: each send is the state as it is now, not a resent form (keyed=False).
form = forms_at(router, "/series/{series_id}/meetings/{day}", _answer, _Form)


def _at(mt: MeetingView) -> dict[str, Any]:
    return {"series_id": UUID(str(mt.series["id"])), "occurrence_date": mt.day}


@form("/attendance", "attendance", {"present": "present"}, False)
def _attendance(f: Fields, p: Params) -> Build:
    present, listed = f.people("present"), f.people("listed")
    absent = [x for x in listed if x not in present]
    return lambda mt: m.RecordAttendance(**_at(mt), present=present, absent=absent)


@form("/attendance/{person_id}", "attendance", {"present": "present"}, False)
def _attendance_of(f: Fields, p: Params) -> Build | None:
    """One checkbox ticked or unticked (htmx): only that person changes, so two
    secretaries ticking at once do not undo each other."""
    person = forms.id_of(p["person_id"])
    if person is None:
        return None
    one, here = [UUID(person)], UUID(person) in f.people("present")
    return lambda mt: m.RecordAttendance(
        **_at(mt), present=one if here else [], absent=[] if here else one
    )


@form("/guest", "guest", {"present": "guest-person"})
def _guest(f: Fields, p: Params) -> Build:
    person = f.person("guest-person", required=True)
    return lambda mt: m.RecordAttendance(**_at(mt), present=[given(person)])


@form("/notes", "notes", {"notes": "notes", "text": "notes"}, False)
def _notes(f: Fields, p: Params) -> Build:
    text = str(f.form.get("notes") or "")
    return lambda mt: m.WriteNotes(**_at(mt), text=text)


@form("/note", "note", {"text": "note-text"})
def _note(f: Fields, p: Params) -> Build:
    text = f.text("note-text", required=True)
    return lambda mt: n.AddMeetingNote(**_at(mt), text=text or "")


@form("/decision", "decision", {"text": "decision-text", "rationale": "decision-rationale"})
def _decision(f: Fields, p: Params) -> Build:
    text, rationale = f.text("decision-text", required=True), f.text("decision-rationale")
    return lambda mt: n.DecideInMeeting(**_at(mt), text=text or "", rationale=rationale)


@form(
    "/action", "action", {"text": "action-text", "assignee_id": "action-owner", "due": "action-due"}
)
def _action(f: Fields, p: Params) -> Build:
    text, due = f.text("action-text", required=True), f.day("action-due")
    owner = f.person("action-owner", required=True)
    return lambda mt: m.AssignActionItem(
        **_at(mt), text=text or "", assignee_id=given(owner), due=due
    )


@form("/agenda", "agenda", {"title": "agenda-title"})
def _agenda(f: Fields, p: Params) -> Build:
    title = f.text("agenda-title", required=True)
    return lambda mt: m.AddAgendaItem(**_at(mt), title=title or "")


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
        problem = {"close": error_text(error, v.lang)}
        return _page(request, v, mt, problem, {}, status=422, saved="")
    return see_other(request, f"{mt.base}?saved=closed")
