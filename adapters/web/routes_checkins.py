"""Answering my check-in: one page per open round that asks me, a field per
question (health and choices as radio buttons, numbers, text), my earlier
answer filled in. The answer is the same command as from Slack or e-mail;
what is wrong with it is shown at the question it concerns."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from adapters.web import forms
from adapters.web.render import page, see_other
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, Services, SignedIn, Visitor
from domain.errors import DomainError
from domain.meetings import commands as m
from services.i18n.errors import error_text
from services.queries import Row

router = APIRouter(include_in_schema=False)
HEALTH_CHOICES = ("on-track", "at-risk", "blocked")


def _round(s: WebServices, v: Visitor, round_id: str) -> Row | None:
    """The open round that asks me, or None."""
    key = forms.id_of(round_id)
    if key is None:
        return None
    return s.checkins.open_round_for(v.person_id, s.clock.now(), round_id=key)


def _answers(questions: list[dict[str, Any]], form: FormData) -> dict[str, Any]:
    """The form's fields as answers: numbers as numbers where they are one
    (the domain says so when they are not), empty fields left out."""
    answers: dict[str, Any] = {}
    for question in questions:
        value = form.get(f"q-{question['id']}")
        if not isinstance(value, str) or not value.strip():
            continue
        answers[question["id"]] = _number(value) if question["kind"] == "number" else value
    return answers


def _number(text: str) -> float | int | str:
    cleaned = text.strip().replace(",", ".").replace("\u2212", "-")
    try:
        number = float(cleaned)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def _form(
    request: Request,
    v: Visitor,
    checkin: Row,
    answers: dict[str, Any] | None,
    *,
    status: int = 200,
    failed: str | None = None,
    failed_question: str | None = None,
    saved: bool = False,
) -> Response:
    return page(
        request,
        v,
        "checkin.html.j2",
        status=status,
        checkin=checkin,
        answers=answers or {},
        health_choices=HEALTH_CHOICES,
        failed=failed,
        failed_question=failed_question,
        saved=saved,
        nav="overview",
    )


@router.get("/checkins/{round_id}")
def checkin_page(request: Request, round_id: str, v: SignedIn, s: Services) -> Response:
    checkin = _round(s, v, round_id)
    if checkin is None:
        return page(request, v, "not_found.html.j2", status=404)
    mine = s.checkins.answers_of(str(checkin["id"]), v.person_id)
    saved = request.query_params.get("saved") == "1"
    return _form(request, v, checkin, mine, saved=saved)


@router.post("/checkins/{round_id}")
def answer(
    request: Request, round_id: str, v: SignedIn, s: Services, form: CheckedForm
) -> Response:
    checkin = _round(s, v, round_id)
    if checkin is None:
        return page(request, v, "not_found.html.j2", status=404)
    answers = _answers(checkin["questions"], form)
    command = m.AnswerCheckIn(
        round_id=UUID(str(checkin["id"])),
        person_id=UUID(v.person_id),
        answers=answers,
        answered_at=s.clock.now(),
    )
    try:
        forms.run(s, v, form, command)
    except DomainError as error:
        question = error.params.get("question")
        return _form(
            request,
            v,
            checkin,
            answers,
            status=422,
            failed=error_text(error, v.lang),
            failed_question=str(question) if question else None,
        )
    return see_other(request, f"/checkins/{checkin['id']}?saved=1")
