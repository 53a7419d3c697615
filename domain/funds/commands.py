"""Commands of the fund ledger. Amounts are integer öre; currency is always SEK."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import Field

from domain.commands import Command
from domain.funds.values import PrincipalKind
from domain.limits import Area, EntryId, Note, Ore, Reason, Ref, Sek, Short, Year


class RegisterAgreement(Command):
    reference: Annotated[str, Field(min_length=1, max_length=100, description="Diarienummer")]
    title: Annotated[str, Field(min_length=1, max_length=500)]
    first_year: Year
    last_year: Year
    currency: Sek = "SEK"


class GrantFunds(Command):
    agreement_id: UUID
    principal: Short
    area: Area
    year: Year
    amount: Ore
    decided_on: date
    principal_kind: PrincipalKind = PrincipalKind.REGION
    county: Short | None = None
    currency: Sek = "SEK"


class OnGrant(Command):
    grant_id: UUID


class GrantMovement(OnGrant):
    """An amount that moves money on one grant (always SEK)."""

    amount: Ore
    currency: Sek = "SEK"


class Requisition(GrantMovement):
    requisitioned_on: date
    reference: Ref | None = None


class BookFunds(GrantMovement):
    booked_on: date
    initiative_id: UUID | None = None
    activity: Annotated[str, Field(max_length=300)] | None = None
    note: Note | None = None


class RecordExpenditure(GrantMovement):
    booking_id: EntryId
    spent_on: date
    voucher: Annotated[str, Field(min_length=1, max_length=100)]
    description: Note | None = None
    allow_extending_booking: bool = False


class ReleaseBooking(GrantMovement):
    booking_id: EntryId
    released_on: date
    note: Note | None = None


class RepayFunds(GrantMovement):
    repaid_on: date
    reference: Ref | None = None


class ReverseEntry(OnGrant):
    entry_id: EntryId
    reversed_on: date
    reason: Reason


class SubmitFundReport(Command):
    year: Year
    log_position: int
    chain_link: str
    report_sha256: str
    submitted_on: date
    principal: Short | None = None
    area: Area | None = None
    recipient: Short | None = None
    # The report's canonical JSON as submitted (its SHA-256 is report_sha256).
    document: Annotated[str, Field(max_length=64_000_000)] | None = None
    # The plan whose follow-up the report carries (issue 22); None: the ledger only.
    plan_id: UUID | None = None
