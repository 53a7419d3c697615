"""`samverka fund ...`: the stimulus-fund ledger from the command line.

Amounts are written in kronor as people write them ("7 700 000", "1 250,50",
"7,7 mnkr") and stored as exact öre.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any
from uuid import UUID

import typer

from domain.commands import Command
from domain.funds import commands as f
from domain.funds.money import parse_sek
from domain.funds.values import PrincipalKind
from samverka.bootstrap import Container
from samverka.cli_common import (
    InitiativeOpt,
    TextArg,
    TextOpt,
    echo_read,
    find_initiative,
    id_or_none,
    initiative_ref,
    named,
    run,
    using,
    uuid_ref,
)
from services.application import CommandResult

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


def _balances(k: Container, result: CommandResult) -> dict[str, object]:
    """On a grant: the entry just made and the balances after it."""
    grant = k.funds.get_grant(str(result.aggregate_id))
    if grant is None:
        return {}
    last = grant["lines"][-1] if grant["lines"] else None
    return {"entry_id": last["entry_id"] if last else None, "balances": grant["sek"]}


def _run(command: Command) -> None:
    run(command, then=_balances)


def _entry(command: type[Command], given: Mapping[str, Any], /, **values: Any) -> None:
    """An entry of an amount (in kronor as written) on a grant; its other
    fields from the parameters named as them (`given`: the command
    function's locals()) and `values`."""
    grant, amount = uuid_ref(given["grant"], "grant"), _ore(given["amount"])
    _run(named(command, given, grant_id=grant, amount=amount, **values))


@fund_app.command("agreement")
def agreement_add(
    reference: Annotated[str, typer.Argument(help="Diarienummer")],
    title: TextArg,
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
    echo_read(lambda k: k.funds.list_agreements())


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
    found = using(lambda k: k.funds.agreement_id_by_reference(agreement))
    agreement_id = UUID(found) if found else uuid_ref(agreement, "agreement")
    given = {"principal_kind": kind, "amount": _ore(amount), "decided_on": _date(decided_on)}
    _run(named(f.GrantFunds, locals(), **given))


@fund_app.command("grants")
def grants(
    year: Annotated[int | None, typer.Option()] = None,
    area: TextOpt = None,
    principal: TextOpt = None,
) -> None:
    """Balances per grant: granted, requisitioned, booked, spent, repaid, unspent."""
    echo_read(
        lambda k: (
            k.funds.grants_page(
                limit=10_000, offset=0, year=year, area=area, principal=principal
            ).items
        )
    )


@fund_app.command("show")
def grant_show(grant: Grant) -> None:
    """One grant with its bookings and ledger lines (running balance)."""
    echo_read(lambda k: k.funds.get_grant(str(uuid_ref(grant, "grant"))))


def _referenced_entry(name: str, command: type[Command], on_field: str, *, help: str) -> None:
    """`fund NAME GRANT --amount --date [--reference]`: an entry that
    carries the other party's reference (requisitions, repayments)."""

    def entry(grant: Grant, amount: Amount, on: When, reference: TextOpt = None) -> None:
        _entry(
            command,
            {"grant": grant, "amount": amount, "reference": reference},
            **{on_field: _date(on)},
        )

    entry.__doc__ = help
    fund_app.command(name)(entry)


_referenced_entry(
    "requisition",
    f.Requisition,
    "requisitioned_on",
    help="Record money requisitioned (invoiced to SKR).",
)


@fund_app.command("book")
def book(
    grant: Grant,
    amount: Amount,
    on: When,
    initiative: InitiativeOpt = None,
    activity: Annotated[str | None, typer.Option(help='e.g. "BISAM-samordnare"')] = None,
    note: TextOpt = None,
) -> None:
    """Earmark money on the grant to an initiative or activity."""
    initiative_id = find_initiative(initiative) if initiative else None
    _entry(f.BookFunds, locals(), booked_on=_date(on))


@fund_app.command("spend")
def spend(
    grant: Grant,
    booking: Annotated[str, typer.Option(help="Booking entry id")],
    amount: Amount,
    on: When,
    voucher: Annotated[str, typer.Option(help="Voucher reference (verifikation)")],
    description: TextOpt = None,
    allow_extending_booking: Annotated[bool, typer.Option(help="Spend beyond the booking")] = False,
) -> None:
    """Record an expenditure against a booking."""
    _entry(f.RecordExpenditure, locals(), spent_on=_date(on), booking_id=booking)


@fund_app.command("release")
def release(
    grant: Grant,
    booking: Annotated[str, typer.Option()],
    amount: Amount,
    on: When,
    note: TextOpt = None,
) -> None:
    """Set unspent booked money free again."""
    _entry(f.ReleaseBooking, locals(), released_on=_date(on), booking_id=booking)


_referenced_entry("repay", f.RepayFunds, "repaid_on", help="Record unused funds paid back.")


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
            grant_id=uuid_ref(grant, "grant"), entry_id=entry, reversed_on=_date(on), reason=reason
        )
    )


@fund_app.command("bookings")
def bookings(
    initiative: InitiativeOpt = None,
) -> None:
    """Booked and spent per initiative or activity."""
    echo_read(lambda k: k.funds.bookings(id_or_none(k, initiative_ref, initiative)))
