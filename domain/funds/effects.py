"""What one ledger entry does to a grant's balances, kept so it can be undone."""

from __future__ import annotations

from typing import TypedDict

from domain.funds.values import EntryKind

TOTALS = ("granted", "requisitioned", "booked", "spent", "repaid")


class Effect(TypedDict):
    """What one entry changed: the grant's totals and, for bookings, one booking."""

    granted: int
    requisitioned: int
    booked: int
    spent: int
    repaid: int
    booking_id: str | None
    booking_amount: int
    booking_spent: int


class Entry(TypedDict):
    kind: str
    amount: int
    effect: Effect
    reverses: str | None
    reversed_by: str | None


class Booking(TypedDict):
    amount: int
    spent: int
    initiative_id: str | None
    activity: str


def effect(
    *,
    requisitioned: int = 0,
    booked: int = 0,
    spent: int = 0,
    repaid: int = 0,
    granted: int = 0,
    booking_id: str | None = None,
    booking_amount: int = 0,
    booking_spent: int = 0,
) -> Effect:
    return Effect(
        granted=granted,
        requisitioned=requisitioned,
        booked=booked,
        spent=spent,
        repaid=repaid,
        booking_id=booking_id,
        booking_amount=booking_amount,
        booking_spent=booking_spent,
    )


def negated(e: Effect) -> Effect:
    return Effect(
        granted=-e["granted"],
        requisitioned=-e["requisitioned"],
        booked=-e["booked"],
        spent=-e["spent"],
        repaid=-e["repaid"],
        booking_id=e["booking_id"],
        booking_amount=-e["booking_amount"],
        booking_spent=-e["booking_spent"],
    )


def new_entry(kind: EntryKind, amount: int, change: Effect) -> Entry:
    return Entry(kind=kind.value, amount=amount, effect=change, reverses=None, reversed_by=None)


def spending(booking_id: str, amount: int, beyond: int) -> Effect:
    return effect(
        spent=amount,
        booked=beyond,
        booking_id=booking_id,
        booking_amount=beyond,
        booking_spent=amount,
    )


def releasing(booking_id: str, amount: int) -> Effect:
    return effect(booked=-amount, booking_id=booking_id, booking_amount=-amount)
