"""What the fund ledger, fund reports and erasures say in the audit trail
(the sentences are in services/i18n/audit.py)."""

from __future__ import annotations

from typing import Any

from domain.funds.agreement import FundingAgreement, FundReport
from domain.funds.grant import Grant
from domain.funds.values import area_name
from domain.person import Person
from projections.audit import Line, cut, describes, line
from projections.framework import Ctx
from projections.funds import tables as ft
from projections.store import RowStore


def _grant(rows: RowStore, ctx: Ctx) -> str | None:
    row = rows.get(ft.fund_grants, ctx.aggregate_id)
    if row is None:
        return None
    return f"{row['principal']} {area_name(row['area']).lower()} {row['year']}"


@describes(FundingAgreement, "Registered")
def _agreement(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("agreement.registered", reference=e.reference, title=cut(e.title))


@describes(Grant, "Granted")
def _granted(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line(
        "grant.granted",
        amount=e.amount,
        principal=e.principal["name"],
        area=area_name(e.area).lower(),
        year=e.year,
    )


@describes(Grant, "Requisitioned", "Repaid")
def _money_moved(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    message = "grant.requisitioned" if hasattr(e, "requisitioned_on") else "grant.repaid"
    return line(message, amount=e.amount, grant=_grant(rows, ctx))


@describes(Grant, "Booked")
def _booked(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    activity = cut(e.activity, 60) if e.activity else None
    return line("grant.booked", amount=e.amount, grant=_grant(rows, ctx), activity=activity)


@describes(Grant, "Spent")
def _spent(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    voucher = cut(e.voucher, 40)
    return line("grant.spent", amount=e.amount, voucher=voucher, grant=_grant(rows, ctx))


@describes(Grant, "Released")
def _released(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("grant.released", amount=e.amount, booking=e.booking_id)


@describes(Grant, "Reversed")
def _reversed(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    original = rows.get(ft.fund_entries, ctx.aggregate_id, e.reverses)
    return line(
        "grant.reversed",
        entry_kind=original["kind"] if original else None,
        amount=original["amount"] if original else None,
        grant=_grant(rows, ctx),
        reason=cut(e.reason, 60),
    )


@describes(FundReport, "Submitted")
def _submitted(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line(
        "report.submitted",
        year=e.year,
        recipient=e.recipient,
        position=e.log_position,
        link=e.chain_link[:12],
    )


@describes(Person, "Forgotten")
def _forgotten(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("person.forgotten", ctx.aggregate_id)
