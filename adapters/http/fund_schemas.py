"""Request bodies of the fund ledger. Amounts are integer öre; currency is SEK."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from adapters.http.schemas import Body, Short
from domain.funds.values import PrincipalKind

# Strict: a JSON integer only (true would be 1 öre, "100" and 100.0 would pass).
Ore = Annotated[
    int, Field(strict=True, ge=1, le=10**14, description="Amount in öre (1 kr = 100 öre)")
]
Sek = Literal["SEK"]
Year = Annotated[int, Field(ge=2000, le=2100)]
Note = Annotated[str, Field(max_length=2000)]
Ref = Annotated[str, Field(max_length=200)]
EntryId = Annotated[str, Field(min_length=1, max_length=32)]
Area = Annotated[str, Field(min_length=1, max_length=60)]


class AgreementIn(Body):
    reference: Annotated[str, Field(min_length=1, max_length=100, description="Diarienummer")]
    title: Annotated[str, Field(min_length=1, max_length=500)]
    first_year: Year
    last_year: Year
    currency: Sek = "SEK"


class GrantIn(Body):
    agreement_id: UUID
    principal: Short
    principal_kind: PrincipalKind = PrincipalKind.REGION
    county: Short | None = None
    area: Area
    year: Year
    amount_ore: Ore
    decided_on: date
    currency: Sek = "SEK"


class RequisitionIn(Body):
    amount_ore: Ore
    requisitioned_on: date
    reference: Ref | None = None
    currency: Sek = "SEK"


class BookingIn(Body):
    amount_ore: Ore
    booked_on: date
    initiative_id: UUID | None = None
    activity: Annotated[str, Field(max_length=300)] | None = None
    note: Note | None = None
    currency: Sek = "SEK"


class ExpenditureIn(Body):
    booking_id: EntryId
    amount_ore: Ore
    spent_on: date
    voucher: Annotated[str, Field(min_length=1, max_length=100)]
    description: Note | None = None
    allow_extending_booking: bool = False
    currency: Sek = "SEK"


class ReleaseIn(Body):
    booking_id: EntryId
    amount_ore: Ore
    released_on: date
    note: Note | None = None
    currency: Sek = "SEK"


class RepaymentIn(Body):
    amount_ore: Ore
    repaid_on: date
    reference: Ref | None = None
    currency: Sek = "SEK"


class ReversalIn(Body):
    entry_id: EntryId
    reversed_on: date
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


class SubmissionIn(Body):
    year: Year
    principal: Short | None = None
    area: Area | None = None
    submitted_on: date | None = None
    recipient: Short | None = None
