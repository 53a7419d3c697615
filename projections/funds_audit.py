"""Swedish audit lines for the fund ledger, fund reports and erasures."""

from __future__ import annotations

from typing import Any

from domain.funds.agreement import FundingAgreement, FundReport
from domain.funds.grant import Grant
from domain.funds.money import format_sek
from domain.funds.values import ENTRY_KIND_SV, EntryKind, area_name
from domain.person import Person
from projections import fund_tables as ft
from projections.audit import Summary, describes, esc, short
from projections.framework import Ctx
from projections.store import RowStore


def _grant(rows: RowStore, ctx: Ctx) -> str:
    row = rows.get(ft.fund_grants, ctx.aggregate_id)
    if row is None:
        return "ett bidrag"
    return f"{esc(row['principal'])} {esc(area_name(row['area']).lower())} {row['year']}"


@describes(FundingAgreement, "Registered")
def _agreement(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return f"{{actor}} registrerade överenskommelsen {esc(e.reference)} {short(e.title)}", None


@describes(Grant, "Granted")
def _granted(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    who = esc(e.principal["name"])
    return (
        f"{{actor}} registrerade {format_sek(e.amount)} till {who} för "
        f"{esc(area_name(e.area).lower())} {e.year}",
        None,
    )


@describes(Grant, "Requisitioned", "Repaid")
def _money_moved(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    verb = "rekvirerade" if hasattr(e, "requisitioned_on") else "återbetalade"
    return f"{{actor}} {verb} {format_sek(e.amount)} av {_grant(rows, ctx)}", None


@describes(Grant, "Booked")
def _booked(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    what = short(e.activity, 60) if e.activity else "ett initiativ"
    return f"{{actor}} bokade {format_sek(e.amount)} av {_grant(rows, ctx)} på {what}", None


@describes(Grant, "Spent")
def _spent(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return (
        f"{{actor}} bokförde utfall {format_sek(e.amount)} (verifikation {short(e.voucher, 40)}) "
        f"på {_grant(rows, ctx)}",
        None,
    )


@describes(Grant, "Released")
def _released(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return f"{{actor}} frigjorde {format_sek(e.amount)} av bokning {esc(e.booking_id)}", None


@describes(Grant, "Reversed")
def _reversed(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    original = rows.get(ft.fund_entries, ctx.aggregate_id, e.reverses)
    kind = ENTRY_KIND_SV[EntryKind(original["kind"])] if original else "en post"
    amount = format_sek(original["amount"]) if original else ""
    return (
        f"{{actor}} rättade {kind} {amount} på {_grant(rows, ctx)}: {short(e.reason, 60)}",
        None,
    )


@describes(FundReport, "Submitted")
def _submitted(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return (
        f"{{actor}} registrerade återrapporteringen {e.year} som inlämnad till "
        f"{esc(e.recipient)} (logg {e.log_position}, {e.chain_link[:12]})",
        None,
    )


@describes(Person, "Forgotten")
def _forgotten(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return "{actor} raderade personuppgifterna för {subject}", ctx.aggregate_id
