"""A person's own settings: the language they read Samverka in (stored for
the person, so every browser and door can follow it, and set as this
browser's language cookie) and how they are reached (Slack, e-mail, or
Slack when linked and else e-mail). One command, `SetPreferences`, run as
the person themselves with channel `web`."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from adapters.web.render import page, see_other
from adapters.web.routes_plan_edit import field_error
from adapters.web.services import WebServices
from adapters.web.visitors import (
    LANG_COOKIE,
    CheckedForm,
    SignedIn,
    Visitor,
    form_source,
    web_services,
)
from domain import commands as c
from domain.errors import DomainError
from domain.values import Language, Reach, parse_enum
from services.i18n import lang_of, translator

router = APIRouter(include_in_schema=False)
Services = Annotated[WebServices, Depends(web_services)]
YEAR = 365 * 24 * 3600


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _settings(request: Request, v: Visitor, **state: Any) -> Response:
    person = v.person or {}
    values: dict[str, Any] = {
        "failed": None,
        "given": {},
        "saved": request.query_params.get("saved"),
        "changes": [],
        "nav": "settings",
        "status": 200,
    }
    values.update(state)
    status = values.pop("status")
    return page(
        request,
        v,
        "settings.html.j2",
        status=status,
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
    if error.rule == "person.no_email":
        return tr.gettext(
            "Samverka has no e-mail address of yours: ask an administrator to add it."
        )
    return field_error(error, lang)


@router.get("/settings")
def settings(request: Request, v: SignedIn) -> Response:
    return _settings(request, v)


@router.post("/settings")
def save_settings(request: Request, v: SignedIn, s: Services, form: CheckedForm) -> Response:
    try:
        command = c.SetPreferences(
            person_id=UUID(v.person_id),
            language=parse_enum(Language, _text(form, "language"), "language"),
            channel=parse_enum(Reach, _text(form, "channel"), "channel"),
        )
        s.commands.run(command, v.context(form_source(form, v)), wait=True)
    except DomainError as error:
        failed = {"form": "settings", "field": error.field, "text": _said_to_me(error, v.lang)}
        given = {k: x for k, x in form.multi_items() if isinstance(x, str)}
        return _settings(request, v, status=422, failed=failed, given=given)
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
