"""Medel: a fund coordinator registers a funding agreement (with its
diarienummer and period) and grants funds under it to a principal for an
area and a year, as `samverka funds agreement` and `samverka funds grant`
do (`RegisterAgreement`, `GrantFunds`, channel `web`).

The door parses the year, the amount (as people write it: "7 700 000",
"1 250,50", "7,7 mnkr"; `domain.funds.money.parse_sek`) and the day; the
rules (a period that ends before it starts, a year outside the agreement,
a grant that exists, a joint grant without its county) are the domain's,
said at their field in the reader's language. The forms are on `/funds`
(adapters/web/routes_funds.py renders the page).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from adapters.web import forms
from adapters.web.render import see_other
from adapters.web.routes_funds import (
    NOT_A_CHOICE,
    EntryForm,
    Keeper,
    Refused,
    funds_page,
    refused_at,
)
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, Services, Visitor, form_source
from domain.commands import Command
from domain.errors import DomainError
from domain.funds import commands as f
from domain.funds.values import PrincipalKind
from services.i18n import N_

router = APIRouter(include_in_schema=False)

NOT_A_YEAR = N_("Write a year, like 2026.")
# The command's field names -> the form's.
FIELDS = {"decided_on": "on", "principal_kind": "kind", "agreement_id": "agreement"}


class GrantForm(EntryForm):
    """An agreement's or a grant's form, read field by field."""

    def year(self, name: str) -> int:
        text = self.text(name, required=True) or ""
        if not (len(text) == 4 and text.isdigit() and 2000 <= int(text) <= 2100):
            raise Refused(name, self._(NOT_A_YEAR))
        return int(text)

    def choice(self, name: str, allowed: set[str]) -> str:
        text = self.text(name, required=True) or ""
        if text not in allowed:
            raise Refused(name, self._(NOT_A_CHOICE))
        return text


def _run(
    request: Request, v: Visitor, s: WebServices, form: FormData, name: str, build: Any
) -> Response:
    """Runs the form's command: 303 back to /funds, or the page with the
    refusal at its field (422)."""
    e = GrantForm(form, v.lang)
    try:
        command: Command = build(e)
        s.commands.run(command, v.context(form_source(form, v)), wait=True)
    except (Refused, ValidationError, DomainError) as error:
        failed = refused_at(error, name, v.lang, FIELDS, "title")
        return funds_page(request, v, s, status=422, failed=failed, given=forms.given(form))
    return see_other(request, f"/funds?saved={name}#{name}")


@router.post("/funds/agreements")
def register_agreement(request: Request, v: Keeper, s: Services, form: CheckedForm) -> Response:
    def build(e: GrantForm) -> Command:
        return f.RegisterAgreement(
            reference=e.text("reference", required=True) or "",
            title=e.text("title", required=True) or "",
            first_year=e.year("first_year"),
            last_year=e.year("last_year"),
        )

    return _run(request, v, s, form, "agreement", build)


@router.post("/funds/grants")
def grant_funds(request: Request, v: Keeper, s: Services, form: CheckedForm) -> Response:
    def build(e: GrantForm) -> Command:
        agreement = e.uuid("agreement")
        if agreement is None:
            raise Refused("agreement", e._(NOT_A_CHOICE))
        kind = e.choice("kind", {k.value for k in PrincipalKind})
        return f.GrantFunds(
            agreement_id=UUID(str(agreement)),
            principal=e.text("principal", required=True) or "",
            principal_kind=PrincipalKind(kind),
            county=e.text("county"),
            area=e.text("area", required=True) or "",
            year=e.year("year"),
            amount=e.amount(),
            decided_on=e.day(),
        )

    return _run(request, v, s, form, "grant", build)
