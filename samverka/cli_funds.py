"""`samverka fund ...`: the stimulus-fund ledger from the command line.

Amounts are written in kronor as people write them ("7 700 000", "1 250,50",
"7,7 mnkr") and stored as exact öre.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import typer

from domain.commands import Command
from domain.funds import commands as f
from domain.funds.money import parse_sek
from domain.funds.values import PrincipalKind
from samverka.cli_common import container, echo_json, fail, initiative_ref, meta

fund_app = typer.Typer(
    help="Stimulus funds: agreements, grants and the ledger.", no_args_is_help=True
)
Amount = Annotated[str, typer.Option(help='Kronor, e.g. "7 700 000" or "7,7 mnkr"')]
When = Annotated[str, typer.Option("--date", help="Business date, YYYY-MM-DD")]
Grant = Annotated[str, typer.Argument(help="Grant id (see `fund grant list`)")]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _ore(text: str) -> int:
    return parse_sek(text)


def _id(text: str, what: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        fail(f"{text!r} is not a {what} id")


def _run(command: Command) -> None:
    k = container()
    result = k.app.execute(command, meta())
    k.projector.catch_up()
    out: dict[str, object] = {
        "id": str(result.aggregate_id),
        "version": result.version,
        "position": result.position,
    }
    grant = k.funds.get_grant(str(result.aggregate_id))
    if grant is not None:
        last = grant["lines"][-1] if grant["lines"] else None
        out["entry_id"] = last["entry_id"] if last else None
        out["balances"] = grant["sek"]
    echo_json(out)
    k.close()


@fund_app.command("agreement")
def agreement_add(
    reference: Annotated[str, typer.Argument(help="Diarienummer")],
    title: Annotated[str, typer.Argument()],
    first_year: Annotated[int, typer.Option(help="First year of the period")],
    last_year: Annotated[int, typer.Option(help="Last year of the period")],
) -> None:
    """Register a funding agreement (överenskommelse)."""
    _run(
        f.RegisterAgreement(
            reference=reference, title=title, first_year=first_year, last_year=last_year
        )
    )


@fund_app.command("agreements")
def agreements() -> None:
    """List agreements with their grants."""
    k = container()
    echo_json(k.funds.list_agreements())
    k.close()


@fund_app.command("grant")
def grant_add(
    agreement: Annotated[str, typer.Argument(help="Agreement id or diarienummer")],
    principal: Annotated[str, typer.Option(help='"Region Dalarna", "Borlänge kommun"')],
    area: Annotated[str, typer.Option(help="samsjuklighet, brukarmedverkan, ... or a free area")],
    year: Annotated[int, typer.Option()],
    amount: Amount,
    decided_on: When,
    kind: Annotated[
        PrincipalKind, typer.Option(help="region, kommun or lansgemensamt")
    ] = PrincipalKind.REGION,
    county: Annotated[
        str | None, typer.Option(help="The county a länsgemensamt grant is for")
    ] = None,
) -> None:
    """Grant funds to a principal for an area and year."""
    k = container()
    found = k.funds.agreement_id_by_reference(agreement)
    k.close()
    agreement_id = UUID(found) if found else _id(agreement, "agreement")
    _run(
        f.GrantFunds(
            agreement_id=agreement_id,
            principal=principal,
            principal_kind=kind,
            area=area,
            year=year,
            amount=_ore(amount),
            decided_on=_date(decided_on),
            county=county,
        )
    )


@fund_app.command("grants")
def grants(
    year: Annotated[int | None, typer.Option()] = None,
    area: Annotated[str | None, typer.Option()] = None,
    principal: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Balances per grant: granted, requisitioned, booked, spent, repaid, unspent."""
    k = container()
    echo_json(
        k.funds.grants_page(limit=10_000, offset=0, year=year, area=area, principal=principal).items
    )
    k.close()


@fund_app.command("show")
def grant_show(grant: Grant) -> None:
    """One grant with its bookings and ledger lines (running balance)."""
    k = container()
    echo_json(k.funds.get_grant(str(_id(grant, "grant"))))
    k.close()


@fund_app.command("requisition")
def requisition(
    grant: Grant, amount: Amount, on: When, reference: Annotated[str | None, typer.Option()] = None
) -> None:
    """Record money requisitioned (invoiced to SKR)."""
    _run(
        f.Requisition(
            grant_id=_id(grant, "grant"),
            amount=_ore(amount),
            requisitioned_on=_date(on),
            reference=reference,
        )
    )


@fund_app.command("book")
def book(
    grant: Grant,
    amount: Amount,
    on: When,
    initiative: Annotated[str | None, typer.Option(help="Initiative id or code")] = None,
    activity: Annotated[str | None, typer.Option(help='e.g. "BISAM-samordnare"')] = None,
    note: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Earmark money on the grant to an initiative or activity."""
    initiative_id = None
    if initiative:
        k = container()
        initiative_id = initiative_ref(k, initiative)
        k.close()
    _run(
        f.BookFunds(
            grant_id=_id(grant, "grant"),
            amount=_ore(amount),
            booked_on=_date(on),
            initiative_id=initiative_id,
            activity=activity,
            note=note,
        )
    )


@fund_app.command("spend")
def spend(
    grant: Grant,
    booking: Annotated[str, typer.Option(help="Booking entry id")],
    amount: Amount,
    on: When,
    voucher: Annotated[str, typer.Option(help="Voucher reference (verifikation)")],
    description: Annotated[str | None, typer.Option()] = None,
    allow_extending_booking: Annotated[bool, typer.Option(help="Spend beyond the booking")] = False,
) -> None:
    """Record an expenditure against a booking."""
    _run(
        f.RecordExpenditure(
            grant_id=_id(grant, "grant"),
            booking_id=booking,
            amount=_ore(amount),
            spent_on=_date(on),
            voucher=voucher,
            description=description,
            allow_extending_booking=allow_extending_booking,
        )
    )


@fund_app.command("release")
def release(
    grant: Grant,
    booking: Annotated[str, typer.Option()],
    amount: Amount,
    on: When,
    note: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Set unspent booked money free again."""
    _run(
        f.ReleaseBooking(
            grant_id=_id(grant, "grant"),
            booking_id=booking,
            amount=_ore(amount),
            released_on=_date(on),
            note=note,
        )
    )


@fund_app.command("repay")
def repay(
    grant: Grant, amount: Amount, on: When, reference: Annotated[str | None, typer.Option()] = None
) -> None:
    """Record unused funds paid back."""
    _run(
        f.RepayFunds(
            grant_id=_id(grant, "grant"),
            amount=_ore(amount),
            repaid_on=_date(on),
            reference=reference,
        )
    )


@fund_app.command("reverse")
def reverse(
    grant: Grant,
    entry: Annotated[str, typer.Argument(help="Entry id to reverse")],
    on: When,
    reason: Annotated[str, typer.Option()],
) -> None:
    """Correct an earlier entry by reversing it (entries are never edited)."""
    _run(
        f.ReverseEntry(
            grant_id=_id(grant, "grant"), entry_id=entry, reversed_on=_date(on), reason=reason
        )
    )


@fund_app.command("bookings")
def bookings(
    initiative: Annotated[str | None, typer.Option(help="Initiative id or code")] = None,
) -> None:
    """Booked and spent per initiative or activity."""
    k = container()
    initiative_id = str(initiative_ref(k, initiative)) if initiative else None
    echo_json(k.funds.bookings(initiative_id))
    k.close()
