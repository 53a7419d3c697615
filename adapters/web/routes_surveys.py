"""The yearly follow-up survey in Incheckningar (Värmland's plan: sent at the
end of the year to contact persons in the county's municipalities and the
region, compiled in January). Those who lead an arena see the surveys, plan
a new one from the arena's members and add or remove contacts; a survey
whose round is open shows its response rate. The same commands as the API,
channel `web`; the domain decides who may (the arena's moderators)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from babel.dates import format_date
from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from adapters.web import forms
from adapters.web.fields import NOT_ACCEPTED, Fields
from adapters.web.render import page, see_other
from adapters.web.routes_rounds import ROUNDS_SHOWN, Lead, arenas_held
from adapters.web.series_common import forbidden
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, Services, Visitor, form_source
from domain.authority import MODERATOR
from domain.checkins.questions import Question, make_question
from domain.errors import DomainError, Forbidden
from domain.meetings import commands as m
from services.i18n import N_, STOCKHOLM, translator
from services.i18n.errors import error_text
from services.queries import Row

router = APIRouter(include_in_schema=False)
SURVEYS_SHOWN = 100
NO_CONTACTS = N_("Choose at least one contact person.")
# The command's (and the domain's) field names -> the form's.
PLAN_FIELDS = {
    "title": "title",
    "contacts": "contacts",
    "questions": "questions",
    "first_year": "first_year",
    "arena_id": "title",
    "text": "questions",  # a question's own text
}


def _month_day(text: str, lang: str) -> str:
    month, day = (int(x) for x in text.split("-"))
    # 2024 has 02-29; the month in full ("1 december"), as the plan says it.
    return format_date(date(2024, month, day), "d MMMM", locale=translator(lang).locale)


def _surveys(v: Visitor, s: WebServices, arenas: list[Row]) -> list[Row]:
    """The surveys with their arena, contacts' names and the open round (if any)."""
    elsewhere = translator(v.lang).gettext("(no longer in the arena)")
    names: dict[str, str] = {}
    for arena in arenas:
        names.update({str(p["person_id"]): p["name"] or "?" for p in arena["members"]})
    by_id = {str(a["id"]): a for a in arenas}
    open_rounds = {
        str(r["survey_id"]): r
        for r in s.checkins.rounds_page(limit=ROUNDS_SHOWN, offset=0, state="open").items
        if r.get("survey_id")
    }
    shown = []
    for survey in s.checkins.surveys_page(limit=SURVEYS_SHOWN, offset=0).items:
        its_arena = by_id.get(str(survey["arena_id"]))
        contacts = [(c, names.get(c, elsewhere)) for c in survey["contacts"]]
        members = its_arena["members"] if its_arena else []
        shown.append(
            {
                **survey,
                "arena": its_arena,
                "runs": its_arena is not None and not survey["ended"],
                "contact_names": contacts,
                "addable": [
                    (str(p["person_id"]), p["name"] or "?")
                    for p in members
                    if str(p["person_id"]) not in survey["contacts"]
                ],
                "sent": _month_day(survey["send_on"], v.lang),
                "due": _month_day(survey["due_on"], v.lang),
                "round": open_rounds.get(str(survey["id"])),
            }
        )
    return shown


def _page(request: Request, v: Visitor, s: WebServices, **state: Any) -> Response:
    arenas = arenas_held(v, s, MODERATOR)
    chosen_id = forms.id_of(request.query_params.get("arena_id") or "") or state.pop(
        "arena_id", None
    )
    chosen = next((a for a in arenas if str(a["id"]) == chosen_id), None)
    if chosen is None and len(arenas) == 1:
        chosen = arenas[0]
    year = s.clock.now().astimezone(STOCKHOLM).year
    values = forms.page_state(
        state,
        errors={},
        values={"first_year": str(year)},
        chosen_contacts=[],
        saved=request.query_params.get("saved"),
        nav="rounds",
        surveys=_surveys(v, s, arenas),
        arenas=arenas,
        arena_options=[(str(a["id"]), f"{a['code']} {a['name']}") for a in arenas],
        changes=[],
        chosen=chosen,
        sent=_month_day("12-01", v.lang),
        due=_month_day("01-20", v.lang),
    )
    return page(request, v, "surveys.html.j2", **values)


@router.get("/surveys")
def surveys(request: Request, v: Lead, s: Services) -> Response:
    return _page(request, v, s)


def _questions(text: str | None) -> list[Question]:
    """One question a line, each answered in free text."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return [make_question(f"q{n}", line, "text") for n, line in enumerate(lines, 1)]


@router.post("/surveys")
def plan_survey(request: Request, v: Lead, s: Services, form: CheckedForm) -> Response:
    """Plans the yearly survey: sent on 1 December, due 20 January."""
    f = Fields(form, v.lang)
    title = f.text("title", required=True)
    arena_id = f.person("arena_id", required=True)
    contacts = f.people("contacts")
    if not contacts:
        f.wrong("contacts", NO_CONTACTS)
    first_year = f.number("first_year", required=True)
    questions_text = f.text("questions", required=True)
    filled = {k: x for k, x in form.multi_items() if isinstance(x, str) and k != "contacts"}
    state: dict[str, Any] = {
        "values": filled,
        "chosen_contacts": [str(c) for c in contacts],
        "arena_id": str(arena_id) if arena_id else None,
        "status": 422,
    }
    if f.errors:
        return _page(request, v, s, errors=f.errors, **state)
    try:
        command = m.ScheduleSurvey(
            title=title or "",
            arena_id=arena_id,
            contacts=contacts,
            questions=_questions(questions_text),
            first_year=first_year or 0,
        )
        done = s.commands.run(command, v.context(form_source(form, v)), wait=True)
    except (DomainError, ValidationError) as error:
        if isinstance(error, Forbidden):
            return forbidden(request, v, error_text(error, v.lang))
        if isinstance(error, DomainError) and error.rule is None:
            # A refusal the catalogs have no words for yet (a list too long):
            # said at its field in the reader's language, not the domain's English.
            where = (error.field or "").split(".")[0]
            f.wrong(PLAN_FIELDS.get(where, "title"), NOT_ACCEPTED)
        else:
            f.refused(error, PLAN_FIELDS, "title")
        return _page(request, v, s, errors=f.errors, **state)
    return see_other(request, f"/surveys?saved=planned#survey-{done.aggregate_id}")


def _contact(form: FormData) -> UUID | None:
    key = forms.id_of(str(form.get("person_id") or ""))
    return UUID(key) if key else None


def _on_survey(
    request: Request,
    v: Visitor,
    s: WebServices,
    form: FormData,
    survey_id: str,
    kind: type[m.AddSurveyContact] | type[m.RemoveSurveyContact],
) -> Response:
    key = forms.id_of(survey_id)
    if key is None or s.checkins.get_survey(key) is None:
        return page(request, v, "not_found.html.j2", status=404, nav="rounds")
    person = _contact(form)
    tr = translator(v.lang)
    if person is None:
        failed = {"form": key, "field": "person_id", "text": tr.gettext("Choose a person.")}
        return _page(request, v, s, failed=failed, status=422)
    try:
        command = kind(survey_id=UUID(key), person_id=person)
        s.commands.run(command, v.context(form_source(form, v)), wait=True)
    except DomainError as error:
        if isinstance(error, Forbidden):
            return forbidden(request, v, error_text(error, v.lang))
        failed = {"form": key, "field": "person_id", "text": error_text(error, v.lang)}
        return _page(request, v, s, failed=failed, status=422)
    saved = "added" if kind is m.AddSurveyContact else "removed"
    return see_other(request, f"/surveys?saved={saved}#survey-{key}")


@router.post("/surveys/{survey_id}/contacts")
def add_contact(
    request: Request, survey_id: str, v: Lead, s: Services, form: CheckedForm
) -> Response:
    return _on_survey(request, v, s, form, survey_id, m.AddSurveyContact)


@router.post("/surveys/{survey_id}/contacts/remove")
def remove_contact(
    request: Request, survey_id: str, v: Lead, s: Services, form: CheckedForm
) -> Response:
    return _on_survey(request, v, s, form, survey_id, m.RemoveSurveyContact)
