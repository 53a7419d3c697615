"""A grant of stimulus funds to one principal for one area and year, with its ledger.

Every krona moves through an entry: requisition (invoiced to SKR), booking
(earmarked to an initiative or activity), expenditure (spent, with a voucher),
release (unspent booked money set free), repayment (unused funds paid back)
and reversal (an earlier entry undone; nothing is ever edited). Each entry's
effect on the balances is kept, so a reversal undoes exactly that effect.

Balances never go negative; nothing is booked beyond what is unbooked, nothing
spent beyond its booking unless the expenditure says it may extend the
booking, and the money requisitioned never exceeds the grant.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain.base import SamverkaAggregate, derived_id
from domain.errors import InvalidTransition, NotFound, ValidationFailed
from domain.funds.effects import (
    TOTALS,
    Booking,
    Effect,
    Entry,
    effect,
    negated,
    new_entry,
    releasing,
    spending,
)
from domain.funds.money import Amount, check_amount
from domain.funds.values import EntryKind, Principal
from domain.meta import Meta
from domain.values import optional_text


def grant_id(agreement_id: UUID, principal_name: str, area: str, year: int) -> UUID:
    return derived_id("grant", f"{agreement_id}:{principal_name.casefold()}:{area}:{year}")


class Grant(SamverkaAggregate):
    @staticmethod
    def create_id(agreement_id: UUID, principal: Principal, area: str, year: int) -> UUID:
        return grant_id(agreement_id, principal["name"], area, year)

    @event("Granted")
    def __init__(
        self,
        agreement_id: UUID,
        principal: Principal,
        area: str,
        year: int,
        amount: int,
        decided_on: date,
        meta: Meta,
    ) -> None:
        self.agreement_id = agreement_id
        self.principal = principal
        self.area = area
        self.year = year
        self.granted = amount
        self.requisitioned = self.booked = self.spent = self.repaid = 0
        self.entries: dict[str, Entry] = {
            "grant": Entry(
                kind=EntryKind.GRANT.value,
                amount=amount,
                effect=effect(granted=amount),
                reverses=None,
                reversed_by=None,
            )
        }
        self.bookings: dict[str, Booking] = {}

    # -- balances ------------------------------------------------------------

    @property
    def unbooked(self) -> int:
        return self.granted - self.booked - self.repaid

    @property
    def unspent(self) -> int:
        return self.granted - self.spent - self.repaid

    def balances(self) -> dict[str, int]:
        totals = {name: int(getattr(self, name)) for name in TOTALS}
        return {**totals, "unbooked": self.unbooked, "unspent": self.unspent}

    def check_effect(self, change: Effect, doing: str) -> None:
        """Refuses a change that would break a rule, saying which and by how much."""
        after = {name: getattr(self, name) + change[name] for name in TOTALS}  # type: ignore[literal-required]
        if min(after.values()) < 0:
            raise InvalidTransition(
                f"{doing} would make a balance negative",
                field="amount",
                rule="funds.negative",
                params={"doing": EntryKind(doing)},
            )
        if after["requisitioned"] > after["granted"]:
            left = Amount(self.granted - self.requisitioned)
            raise ValidationFailed(
                f"{doing}: only {left} of the grant is left to requisition",
                field="amount",
                rule="funds.left_to_requisition",
                params={"doing": EntryKind(doing), "left": left},
            )
        if after["booked"] + after["repaid"] > after["granted"]:
            left = Amount(self.unbooked)
            raise ValidationFailed(
                f"{doing}: only {left} is unbooked on this grant",
                field="amount",
                rule="funds.unbooked",
                params={"doing": EntryKind(doing), "left": left},
            )
        booking_id = change["booking_id"]
        if booking_id is not None:
            booking = self.bookings[booking_id]
            amount = booking["amount"] + change["booking_amount"]
            spent = booking["spent"] + change["booking_spent"]
            if amount < 0 or spent < 0:
                raise InvalidTransition(
                    f"{doing} would make the booking negative",
                    field="amount",
                    rule="funds.booking_negative",
                    params={"doing": EntryKind(doing)},
                )
            if spent > amount:
                left = Amount(booking["amount"] - booking["spent"])
                raise ValidationFailed(
                    f"{doing}: only {left} is left on the booking "
                    "(allow extending the booking to spend more)",
                    field="amount",
                    rule="funds.left_on_booking",
                    params={"doing": EntryKind(doing), "left": left},
                )

    def _apply(self, entry_id: str, entry: Entry) -> None:
        change = entry["effect"]
        for name in TOTALS:
            setattr(self, name, getattr(self, name) + change[name])  # type: ignore[literal-required]
        if change["booking_id"] is not None:
            booking = self.bookings[change["booking_id"]]
            booking["amount"] += change["booking_amount"]
            booking["spent"] += change["booking_spent"]
        self.entries[entry_id] = entry

    def check_booking(self, booking_id: str) -> Booking:
        entry = self.entries.get(booking_id)
        if booking_id not in self.bookings or entry is None:
            raise NotFound(
                f"the grant has no booking {booking_id}",
                field="booking_id",
                rule="funds.no_booking",
            )
        if entry["reversed_by"] is not None:
            raise InvalidTransition(
                f"booking {booking_id} has been reversed",
                field="booking_id",
                rule="funds.booking_reversed",
            )
        return self.bookings[booking_id]

    def check_entry(self, entry_id: str, change: Effect, doing: str) -> None:
        """A new entry with this effect may be recorded."""
        self.check_new_entry(entry_id)
        self.check_effect(change, doing)

    def check_new_entry(self, entry_id: str) -> None:
        if entry_id in self.entries:
            raise ValidationFailed(f"entry {entry_id} exists", field="entry_id")
        if len(self.entries) >= 100_000:
            raise ValidationFailed("a grant has at most 100 000 ledger entries")

    # -- requisition and repayment: one total moves, a reference is kept -------

    def requisition(
        self, entry_id: str, amount: int, on: date, reference: str | None, *, meta: Meta
    ) -> None:
        self.check_entry(entry_id, effect(requisitioned=check_amount(amount)), "requisition")
        self._requisitioned(entry_id, amount, on, _reference(reference), meta=meta)

    def repay(
        self, entry_id: str, amount: int, on: date, reference: str | None, *, meta: Meta
    ) -> None:
        """Unused funds paid back; only money that is neither booked nor spent."""
        self.check_entry(entry_id, effect(repaid=check_amount(amount)), "repayment")
        self._repaid(entry_id, amount, on, _reference(reference), meta=meta)

    @event("Requisitioned")
    def _requisitioned(
        self, entry_id: str, amount: int, requisitioned_on: date, reference: str, meta: Meta
    ) -> None:
        self._apply(
            entry_id, new_entry(EntryKind.REQUISITION, amount, effect(requisitioned=amount))
        )

    @event("Repaid")
    def _repaid(
        self, entry_id: str, amount: int, repaid_on: date, reference: str, meta: Meta
    ) -> None:
        self._apply(entry_id, new_entry(EntryKind.REPAYMENT, amount, effect(repaid=amount)))

    # -- bookings ------------------------------------------------------------

    def book(
        self,
        entry_id: str,
        amount: int,
        on: date,
        *,
        initiative_id: UUID | None,
        activity: str | None,
        note: str | None,
        meta: Meta,
    ) -> None:
        self.check_new_entry(entry_id)
        what = optional_text(activity, "activity", max_len=300, multiline=False)
        if initiative_id is None and not what:
            raise ValidationFailed(
                "a booking names an initiative or an activity",
                field="activity",
                rule="funds.booking_names",
            )
        self.check_effect(effect(booked=check_amount(amount)), "booking")
        self._booked(
            entry_id=entry_id,
            amount=amount,
            booked_on=on,
            initiative_id=initiative_id,
            activity=what,
            note=optional_text(note, "note", max_len=2000),
            meta=meta,
        )

    @event("Booked")
    def _booked(
        self,
        entry_id: str,
        amount: int,
        booked_on: date,
        initiative_id: UUID | None,
        activity: str,
        note: str,
        meta: Meta,
    ) -> None:
        self.bookings[entry_id] = Booking(
            amount=0,
            spent=0,
            initiative_id=str(initiative_id) if initiative_id else None,
            activity=activity,
        )
        change = effect(booked=amount, booking_id=entry_id, booking_amount=amount)
        self._apply(entry_id, new_entry(EntryKind.BOOKING, amount, change))

    def spend(
        self,
        entry_id: str,
        booking_id: str,
        amount: int,
        on: date,
        *,
        voucher: str,
        description: str | None,
        allow_extending_booking: bool,
        meta: Meta,
    ) -> None:
        self.check_new_entry(entry_id)
        booking = self.check_booking(booking_id)
        check_amount(amount)
        beyond = max(0, booking["spent"] + amount - booking["amount"])
        if beyond and not allow_extending_booking:
            left = Amount(booking["amount"] - booking["spent"])
            raise ValidationFailed(
                f"only {left} is left on booking {booking_id}; "
                f"allow extending the booking to spend {Amount(amount)}",
                field="amount",
                rule="funds.beyond_booking",
                params={"left": left, "booking_id": booking_id, "amount": Amount(amount)},
            )
        self.check_effect(spending(booking_id, amount, beyond), "expenditure")
        self._spent(
            entry_id=entry_id,
            booking_id=booking_id,
            amount=amount,
            extends_booking_by=beyond,
            spent_on=on,
            voucher=_voucher(voucher),
            description=optional_text(description, "description", max_len=2000),
            meta=meta,
        )

    @event("Spent")
    def _spent(
        self,
        entry_id: str,
        booking_id: str,
        amount: int,
        extends_booking_by: int,
        spent_on: date,
        voucher: str,
        description: str,
        meta: Meta,
    ) -> None:
        change = spending(booking_id, amount, extends_booking_by)
        self._apply(entry_id, new_entry(EntryKind.EXPENDITURE, amount, change))

    def release(
        self, entry_id: str, booking_id: str, amount: int, on: date, note: str | None, *, meta: Meta
    ) -> None:
        """Sets unspent booked money free again (to rebook or repay)."""
        self.check_new_entry(entry_id)
        self.check_booking(booking_id)
        self.check_effect(releasing(booking_id, check_amount(amount)), "release")
        self._released(
            entry_id=entry_id,
            booking_id=booking_id,
            amount=amount,
            released_on=on,
            note=optional_text(note, "note", max_len=2000),
            meta=meta,
        )

    @event("Released")
    def _released(
        self, entry_id: str, booking_id: str, amount: int, released_on: date, note: str, meta: Meta
    ) -> None:
        self._apply(entry_id, new_entry(EntryKind.RELEASE, amount, releasing(booking_id, amount)))

    # -- reversal --------------------------------------------------------------

    def reverse(self, entry_id: str, reverses: str, on: date, reason: str, *, meta: Meta) -> None:
        """Undoes an earlier entry by a new one; the earlier entry stays as it was."""
        self.check_new_entry(entry_id)
        original = self.entries.get(reverses)
        if original is None:
            raise NotFound(
                f"the grant has no entry {reverses}", field="reverses", rule="funds.no_entry"
            )
        if original["kind"] == EntryKind.GRANT.value:
            raise InvalidTransition(
                "the grant itself cannot be reversed", field="reverses", rule="funds.grant_stays"
            )
        if original["kind"] == EntryKind.REVERSAL.value:
            raise InvalidTransition(
                "a reversal cannot be reversed", field="reverses", rule="funds.reversal_stays"
            )
        if original["reversed_by"] is not None:
            raise InvalidTransition(
                f"entry {reverses} was already reversed by {original['reversed_by']}",
                field="reverses",
                rule="funds.already_reversed",
            )
        if original["kind"] == EntryKind.BOOKING.value and self._booking_has_entries(reverses):
            raise InvalidTransition(
                f"booking {reverses} has expenditures or releases; reverse those first",
                field="reverses",
                rule="funds.booking_in_use",
            )
        self.check_effect(negated(original["effect"]), "reversal")
        self._reversed(
            entry_id=entry_id,
            reverses=reverses,
            reversed_on=on,
            reason=optional_text(reason, "reason", max_len=2000) or "rättelse",
            meta=meta,
        )

    def _booking_has_entries(self, booking_id: str) -> bool:
        return any(
            e["effect"]["booking_id"] == booking_id
            and e["kind"] != EntryKind.BOOKING.value
            and e["reversed_by"] is None
            and e["kind"] != EntryKind.REVERSAL.value
            for e in self.entries.values()
        )

    @event("Reversed")
    def _reversed(
        self, entry_id: str, reverses: str, reversed_on: date, reason: str, meta: Meta
    ) -> None:
        original = self.entries[reverses]
        self._apply(
            entry_id,
            Entry(
                kind=EntryKind.REVERSAL.value,
                amount=original["amount"],
                effect=negated(original["effect"]),
                reverses=reverses,
                reversed_by=None,
            ),
        )
        original["reversed_by"] = entry_id


def _reference(reference: str | None) -> str:
    return optional_text(reference, "reference", max_len=200, multiline=False)


def _voucher(voucher: str) -> str:
    clean = voucher.strip()
    if not clean or len(clean) > 100:
        raise ValidationFailed(
            "an expenditure needs a voucher reference (verifikation)",
            field="voucher",
            rule="funds.voucher",
        )
    return clean
