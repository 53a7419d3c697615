"""Medel, for fund coordinators (and auditors and admins, who may read): the
agreements and their grants with the balances, one grant's bookings and
ledger with the running balance, and the ledger's entries as forms
(requisition, booking, expenditure, release, repayment, and a correction
offered from the line it reverses).

The door only parses: amounts as people write them ("7 700 000", "1 250,50",
"7,7 mnkr", `domain.funds.money.parse_sek`), dates, choices. Whether an entry
is allowed is the grant's to say; its refusal is shown at the field it names,
in the reader's language (services/i18n/errors.py). A page or form for
another role answers 403 and records nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from adapters.web import forms
from adapters.web.forms import field_error
from adapters.web.render import page, see_other
from adapters.web.routes_admin import NotForRole
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, Services, SignedIn, Visitor, form_source
from domain.authority import GlobalRole
from domain.commands import Command
from domain.errors import DomainError
from domain.funds import commands as f
from domain.funds.money import parse_sek
from domain.funds.values import KNOWN_AREAS, EntryKind, PrincipalKind
from services.i18n import N_, translator
from services.i18n.labels import area_label, label
from services.queries import Row
from services.queries.funds import FundQueries

router = APIRouter(include_in_schema=False)
INITIATIVES_SHOWN = 500

EMPTY = N_("Fill in this field.")
NOT_AN_AMOUNT = N_("Write an amount in kronor, like 7 700 000, 1 250,50 or 7,7 mnkr.")
NOT_A_DATE = N_("Write a date like 2026-11-10.")
NOT_A_CHOICE = N_("Choose one of the options.")
NOT_ACCEPTED = N_("This value is not accepted.")

# The entry forms, in the order the page shows them.
KINDS = ("requisition", "booking", "expenditure", "release", "repayment")
# The domain's (and the command's) field names -> the form's.
FIELDS = {
    "requisitioned_on": "on",
    "booked_on": "on",
    "spent_on": "on",
    "released_on": "on",
    "repaid_on": "on",
    "reversed_on": "on",
    "reverses": "reason",
    "entry_id": "reason",
    "grant_id": "amount",
    "currency": "amount",
}


async def reader(v: SignedIn) -> Visitor:
    """Fund coordinators, auditors and admins read the ledger."""
    if not v.has_funds():
        raise NotForRole(v)
    return v


async def keeper(v: SignedIn) -> Visitor:
    """Fund coordinators (and admins) keep it; the domain checks again."""
    if not v.has(GlobalRole.FUND_COORDINATOR):
        raise NotForRole(v)
    return v


Reader = Annotated[Visitor, Depends(reader)]
Keeper = Annotated[Visitor, Depends(keeper)]


def fund_queries(s: WebServices) -> FundQueries:
    assert s.funds is not None, "the composition root gives the web door the fund queries"
    return s.funds


@router.get("/funds")
def funds(request: Request, v: Reader, s: Services) -> Response:
    return funds_page(request, v, s)


def funds_page(request: Request, v: Visitor, s: WebServices, **state: Any) -> Response:
    """The agreements and their grants; for fund coordinators, the forms to
    register an agreement and to grant funds (adapters/web/routes_funds_new.py)."""
    tr = translator(v.lang)
    agreements = fund_queries(s).list_agreements()
    for agreement in agreements:
        for grant in agreement["grants"]:
            grant["area_label"] = area_label(tr, grant["area"])
    values = forms.page_state(state, saved=request.query_params.get("saved"))
    return page(
        request,
        v,
        "funds.html.j2",
        agreements=agreements,
        nav="funds",
        keeps=v.has(GlobalRole.FUND_COORDINATOR),
        areas=", ".join(sorted(KNOWN_AREAS)),
        kinds=[(k.value, label(tr, k)) for k in PrincipalKind],
        today=s.clock.now().date().isoformat(),
        this_year=s.clock.now().year,
        **values,
    )


# -- one grant ----------------------------------------------------------------------


def _grant_page(request: Request, v: Visitor, s: WebServices, grant: Row, **state: Any) -> Response:
    """The grant's page: its balances, bookings and a page of its ledger
    (`grant["lines"]`, `grant["older"]`); `ledger_href`, where the ledger's
    other pages are (the page as it is now, or as it was)."""
    tr = translator(v.lang)
    lines = grant["lines"]
    for line in lines:
        line["kind_label"] = label(tr, EntryKind(line["kind"]))
    open_bookings = [b for b in grant["bookings"] if not b.get("reversed")]
    keeps = state.pop("keeps", v.has(GlobalRole.FUND_COORDINATOR))
    # The booking form's initiatives: only for those who see the forms.
    initiatives = s.plan.initiatives_page(limit=INITIATIVES_SHOWN, offset=0).items if keeps else []
    values = forms.page_state(
        state,
        saved=request.query_params.get("saved"),
        nav="funds",
        grant=grant,
        area=area_label(tr, grant["area"]),
        lines=lines,
        bookings=grant["bookings"],
        open_bookings=open_bookings,
        initiatives=initiatives,
        today=s.clock.now().date().isoformat(),
        keeps=keeps,
        ledger_href=f"/funds/grants/{grant['id']}",
        before=ledger_cursor(request),
    )
    return page(request, v, "funds_grant.html.j2", **values)


def ledger_cursor(request: Request) -> int | None:
    """The ledger page asked for: the lines before this log position."""
    given = request.query_params.get("before") or ""
    return int(given) if given.isdigit() else None


def _grant(s: WebServices, grant_id: str, before: int | None = None) -> Row | None:
    key = forms.id_of(grant_id)
    return None if key is None else fund_queries(s).grant_page(key, before=before)


@router.get("/funds/grants/{grant_id}")
def grant_page(request: Request, grant_id: str, v: Reader, s: Services) -> Response:
    grant = _grant(s, grant_id, ledger_cursor(request))
    if grant is None:
        return page(request, v, "not_found.html.j2", status=404)
    return _grant_page(request, v, s, grant)


class Refused(Exception):
    """A field the door cannot read: its name and the words for it."""

    def __init__(self, field: str, text: str) -> None:
        super().__init__(text)
        self.field = field
        self.text = text


class EntryForm:
    """One posted entry form, read field by field into a command's values."""

    def __init__(self, form: FormData, lang: str) -> None:
        self.form = form
        self._ = translator(lang).gettext

    def text(self, name: str, *, required: bool = False) -> str | None:
        value = self.form.get(name)
        text = value.strip() if isinstance(value, str) else ""
        if not text and required:
            raise Refused(name, self._(EMPTY))
        return text or None

    def amount(self) -> int:
        text = self.text("amount", required=True) or ""
        try:
            return parse_sek(text)
        except DomainError:
            raise Refused("amount", self._(NOT_AN_AMOUNT)) from None

    def day(self) -> date:
        text = self.text("on", required=True) or ""
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise Refused("on", self._(NOT_A_DATE)) from None

    def uuid(self, name: str) -> UUID | None:
        text = self.text(name)
        if text is None:
            return None
        try:
            return UUID(text)
        except ValueError:
            raise Refused(name, self._(NOT_A_CHOICE)) from None


def refused_at(
    error: Refused | ValidationError | DomainError,
    name: str,
    lang: str,
    fields: dict[str, str],
    fallback: str,
) -> dict[str, str]:
    """What a fund page shows of its refused form `name`: the form field the
    refusal concerns (`fields`: the command's field names that differ from
    the form's; `fallback` when it names none) and the words for it."""
    if isinstance(error, Refused):
        return {"form": name, "field": error.field, "text": error.text}
    if isinstance(error, ValidationError):
        problem = error.errors()[0]
        where = str(problem["loc"][0]) if problem["loc"] else fallback
        text = translator(lang).gettext(NOT_ACCEPTED)
        return {"form": name, "field": fields.get(where, where), "text": text}
    where = fields.get(error.field or "", error.field or fallback)
    said = field_error(error, lang)
    # A rule's words may start with an entry's kind ("bokning: bara …").
    return {"form": name, "field": where, "text": said[:1].upper() + said[1:]}


def _command(kind: str, grant: UUID, e: EntryForm) -> Command:
    if kind == "requisition":
        return f.Requisition(
            grant_id=grant,
            amount=e.amount(),
            requisitioned_on=e.day(),
            reference=e.text("reference"),
        )
    if kind == "booking":
        return f.BookFunds(
            grant_id=grant,
            amount=e.amount(),
            booked_on=e.day(),
            initiative_id=e.uuid("initiative_id"),
            activity=e.text("activity"),
            note=e.text("note"),
        )
    if kind == "expenditure":
        return f.RecordExpenditure(
            grant_id=grant,
            booking_id=e.text("booking_id", required=True) or "",
            amount=e.amount(),
            spent_on=e.day(),
            voucher=e.text("voucher", required=True) or "",
            description=e.text("description"),
            allow_extending_booking=e.text("allow_extending_booking") == "yes",
        )
    if kind == "release":
        return f.ReleaseBooking(
            grant_id=grant,
            booking_id=e.text("booking_id", required=True) or "",
            amount=e.amount(),
            released_on=e.day(),
            note=e.text("note"),
        )
    return f.RepayFunds(
        grant_id=grant, amount=e.amount(), repaid_on=e.day(), reference=e.text("reference")
    )


def _run(
    request: Request,
    v: Visitor,
    s: WebServices,
    grant: Row,
    form: FormData,
    name: str,
    build: Any,
) -> Response:
    """Runs one entry form: 303 back to its place, or the page with the
    refusal at its field (422)."""
    e = EntryForm(form, v.lang)
    try:
        command = build(e)
        s.commands.run(command, v.context(form_source(form, v)), wait=True)
    except (Refused, ValidationError, DomainError) as error:
        failed = refused_at(error, name, v.lang, FIELDS, "amount")
        return _grant_page(request, v, s, grant, status=422, failed=failed, given=forms.given(form))
    return see_other(request, f"/funds/grants/{grant['id']}?saved={name}#{name}")


@router.post("/funds/grants/{grant_id}/entries/{kind}")
def entry(
    request: Request, grant_id: str, kind: str, v: Keeper, s: Services, form: CheckedForm
) -> Response:
    grant = _grant(s, grant_id)
    if grant is None or kind not in KINDS:
        return page(request, v, "not_found.html.j2", status=404)
    key = UUID(grant["id"])
    return _run(request, v, s, grant, form, kind, lambda e: _command(kind, key, e))


@router.post("/funds/grants/{grant_id}/lines/{entry_id}/reverse")
def reverse(
    request: Request, grant_id: str, entry_id: str, v: Keeper, s: Services, form: CheckedForm
) -> Response:
    grant = _grant(s, grant_id)
    if grant is None or not any(line["entry_id"] == entry_id for line in grant["lines"]):
        return page(request, v, "not_found.html.j2", status=404)
    key = UUID(grant["id"])

    def build(e: EntryForm) -> Command:
        return f.ReverseEntry(
            grant_id=key,
            entry_id=entry_id,
            reversed_on=e.day(),
            reason=e.text("reason", required=True) or "",
        )

    return _run(request, v, s, grant, form, f"reverse-{entry_id}", build)


# -- återrapportering -----------------------------------------------------------------
