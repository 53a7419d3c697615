"""A person's own settings: the language they read Samverka in (stored for
the person, so every browser and door can follow it, and set as this
browser's language cookie) and how they are reached (Slack, Teams, e-mail,
or Teams or Slack when linked and else e-mail). One command, `SetPreferences`, run as
the person themselves with channel `web`."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from adapters.web import forms
from adapters.web.render import page, see_other
from adapters.web.visitors import LANG_COOKIE, CheckedForm, Services, SignedIn, Visitor
from domain import commands as c
from domain.errors import DomainError
from domain.values import Language, Reach, parse_enum
from services.i18n import lang_of, translator

router = APIRouter(include_in_schema=False)
YEAR = 365 * 24 * 3600


def _settings(request: Request, v: Visitor, **state: Any) -> Response:
    person = v.person or {}
    values = forms.page_state(state, saved=request.query_params.get("saved"), nav="settings")
    return page(
        request,
        v,
        "settings.html.j2",
        language=person.get("language") or v.lang,
        reach=person.get("channel") or Reach.AUTO.value,
        languages=[x.value for x in Language],
        reaches=[x.value for x in Reach],
        **values,
    )


def _said_to_me(error: DomainError, lang: str) -> str:
    """The refusal said to the person about themselves, with what to do."""
    tr = translator(lang)
    if error.rule == "person.no_slack":
        return tr.gettext("You are not linked to Slack yet: ask an administrator to link you.")
    if error.rule == "person.no_teams":
        return tr.gettext(
            "You are not linked to Teams yet: open Samverka in Teams once, "
            "or ask an administrator to link you."
        )
    if error.rule == "person.no_email":
        return tr.gettext(
            "Samverka has no e-mail address of yours: ask an administrator to add it."
        )
    return forms.field_error(error, lang)


@router.get("/settings")
def settings(request: Request, v: SignedIn) -> Response:
    return _settings(request, v)


@router.post("/settings")
def save_settings(request: Request, v: SignedIn, s: Services, form: CheckedForm) -> Response:
    try:
        command = c.SetPreferences(
            person_id=UUID(v.person_id),
            language=parse_enum(Language, forms.text(form, "language"), "language"),
            channel=parse_enum(Reach, forms.text(form, "channel"), "channel"),
        )
        forms.run(s, v, form, command)
    except DomainError as error:
        failed = forms.failure("settings", error, v.lang, words=_said_to_me(error, v.lang))
        return _settings(request, v, status=422, failed=failed, given=forms.given(form))
    response = see_other(request, "/settings?saved=settings")
    response.set_cookie(
        LANG_COOKIE,
        lang_of(command.language.value),
        max_age=YEAR,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response
