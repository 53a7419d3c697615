"""Fund ledger projections: agreements, grant balances, bookings, ledger lines."""

from __future__ import annotations

from typing import Any

from domain.funds.agreement import FundingAgreement, FundReport
from domain.funds.effects import TOTALS, Effect, effect, negated
from domain.funds.grant import Grant
from domain.funds.values import EntryKind
from projections.framework import PROJECTION, Ctx
from projections.funds import tables as ft
from projections.store import Row, RowStore, fields, optional_id, require

on = PROJECTION.on


@on(FundingAgreement, "Registered")
def agreement_registered(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = fields(e, "reference", "title", "first_year", "last_year", "currency")
    rows.put(ft.fund_agreements, ctx.new_row(row, times=("created_at",)))


@on(Grant, "Granted")
def granted(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(
        ft.fund_grants,
        ctx.new_row(
            {
                "agreement_id": str(e.agreement_id),
                "principal": e.principal["name"],
                "principal_kind": e.principal["kind"],
                "county": e.principal["county"],
                "area": e.area,
                "year": e.year,
                "decided_on": e.decided_on.isoformat(),
                "granted": 0,
                "requisitioned": 0,
                "booked": 0,
                "spent": 0,
                "repaid": 0,
                "entries": 0,
            },
        ),
    )
    _line(rows, ctx, "grant", EntryKind.GRANT, e.amount, effect(granted=e.amount), e.decided_on)


@on(Grant, "Requisitioned")
def requisitioned(e: Any, ctx: Ctx, rows: RowStore) -> None:
    change = effect(requisitioned=e.amount)
    _line(
        rows,
        ctx,
        e.entry_id,
        EntryKind.REQUISITION,
        e.amount,
        change,
        e.requisitioned_on,
        reference=e.reference,
    )


@on(Grant, "Booked")
def booked(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(
        ft.fund_bookings,
        {
            "grant_id": ctx.aggregate_id,
            "entry_id": e.entry_id,
            "initiative_id": optional_id(e.initiative_id),
            "activity": e.activity,
            "booked_on": e.booked_on.isoformat(),
            "amount": 0,
            "spent": 0,
            "reversed": False,
        },
    )
    change = effect(booked=e.amount, booking_id=e.entry_id, booking_amount=e.amount)
    _line(rows, ctx, e.entry_id, EntryKind.BOOKING, e.amount, change, e.booked_on, note=e.note)


@on(Grant, "Spent")
def spent(e: Any, ctx: Ctx, rows: RowStore) -> None:
    beyond = e.extends_booking_by
    change = effect(
        spent=e.amount,
        booked=beyond,
        booking_id=e.booking_id,
        booking_amount=beyond,
        booking_spent=e.amount,
    )
    _line(
        rows,
        ctx,
        e.entry_id,
        EntryKind.EXPENDITURE,
        e.amount,
        change,
        e.spent_on,
        voucher=e.voucher,
        note=e.description,
    )


@on(Grant, "Released")
def released(e: Any, ctx: Ctx, rows: RowStore) -> None:
    change = effect(booked=-e.amount, booking_id=e.booking_id, booking_amount=-e.amount)
    _line(rows, ctx, e.entry_id, EntryKind.RELEASE, e.amount, change, e.released_on, note=e.note)


@on(Grant, "Repaid")
def repaid(e: Any, ctx: Ctx, rows: RowStore) -> None:
    _line(
        rows,
        ctx,
        e.entry_id,
        EntryKind.REPAYMENT,
        e.amount,
        effect(repaid=e.amount),
        e.repaid_on,
        reference=e.reference,
    )


@on(Grant, "Reversed")
def reversed_(e: Any, ctx: Ctx, rows: RowStore) -> None:
    original = rows.get(ft.fund_entries, ctx.aggregate_id, e.reverses)
    if original is None:
        raise LookupError(f"ledger entry {e.reverses} missing")
    rows.put(ft.fund_entries, {**original, "reversed_by": e.entry_id})
    if original["kind"] == EntryKind.BOOKING.value:
        booking = rows.get(ft.fund_bookings, ctx.aggregate_id, e.reverses)
        if booking is not None:
            rows.put(ft.fund_bookings, {**booking, "reversed": True})
    _line(
        rows,
        ctx,
        e.entry_id,
        EntryKind.REVERSAL,
        original["amount"],
        negated(_effect_of(original)),
        e.reversed_on,
        note=e.reason,
        reverses=e.reverses,
    )


def _effect_of(row: Row) -> Effect:
    # Only the booking's own amount and spending are needed to undo a line:
    # the booking and expenditure lines say how much each moved.
    kind = row["kind"]
    booking_amount = row["d_booked"] if row["booking_id"] else 0
    booking_spent = row["d_spent"] if kind == EntryKind.EXPENDITURE.value else 0
    return effect(
        **{name: row[f"d_{name}"] for name in TOTALS},
        booking_id=row["booking_id"],
        booking_amount=booking_amount,
        booking_spent=booking_spent,
    )


def _line(
    rows: RowStore,
    ctx: Ctx,
    entry_id: str,
    kind: EntryKind,
    amount: int,
    change: Effect,
    business_date: Any,
    **text: str | None,
) -> None:
    """One ledger line and its effect on the grant's balances; `text` is the
    line's voucher, reference, note and the entry it reverses, if any."""
    grant = require(rows, ft.fund_grants, ctx.aggregate_id)
    totals = {name: grant[name] + change[name] for name in TOTALS}  # type: ignore[literal-required]
    rows.put(ft.fund_grants, ctx.changed(grant, **totals, entries=grant["entries"] + 1))
    booking_id = change["booking_id"]
    if booking_id is not None:
        booking = rows.get(ft.fund_bookings, ctx.aggregate_id, booking_id)
        if booking is not None:
            rows.put(
                ft.fund_bookings,
                {
                    **booking,
                    "amount": booking["amount"] + change["booking_amount"],
                    "spent": booking["spent"] + change["booking_spent"],
                },
            )
    rows.put(
        ft.fund_entries,
        {
            "grant_id": ctx.aggregate_id,
            "entry_id": entry_id,
            "position": ctx.position,
            "recorded_at": ctx.at,
            "business_date": business_date.isoformat(),
            "kind": kind.value,
            "amount": amount,
            **{f"d_{name}": change[name] for name in TOTALS},  # type: ignore[literal-required]
            "booking_id": booking_id,
            "voucher": text.get("voucher"),
            "reference": text.get("reference") or None,
            "note": text.get("note") or "",
            "reverses": text.get("reverses"),
            "reversed_by": None,
            **ctx.by_whom(),
        },
    )


@on(FundReport, "Submitted")
def report_submitted(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(
        ft.fund_reports,
        {
            "id": ctx.aggregate_id,
            **fields(e, "year", "principal", "area", "log_position", "chain_link", "report_sha256"),
            "submitted_on": e.submitted_on.isoformat(),
            "recipient": e.recipient,
            "submitted_by": ctx.meta["actor"],
            "submitted_at": ctx.at,
            "position": ctx.position,
            # Submissions recorded before issue 22 have no plan in their event.
            "plan_id": _text(getattr(e, "plan_id", None)),
        },
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
