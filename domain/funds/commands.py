"""Commands of the fund ledger. Amounts are integer öre; currency is always SEK."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.commands import Command


@dataclass(frozen=True)
class RegisterAgreement(Command):
    reference: str  # diarienummer
    title: str
    first_year: int
    last_year: int
    currency: str = "SEK"


@dataclass(frozen=True)
class GrantFunds(Command):
    agreement_id: UUID
    principal: str
    principal_kind: str
    area: str
    year: int
    amount: int
    decided_on: date
    county: str | None = None
    currency: str = "SEK"


@dataclass(frozen=True)
class Requisition(Command):
    grant_id: UUID
    amount: int
    requisitioned_on: date
    reference: str | None = None
    currency: str = "SEK"


@dataclass(frozen=True)
class BookFunds(Command):
    grant_id: UUID
    amount: int
    booked_on: date
    initiative_id: UUID | None = None
    activity: str | None = None
    note: str | None = None
    currency: str = "SEK"


@dataclass(frozen=True)
class RecordExpenditure(Command):
    grant_id: UUID
    booking_id: str
    amount: int
    spent_on: date
    voucher: str
    description: str | None = None
    allow_extending_booking: bool = False
    currency: str = "SEK"


@dataclass(frozen=True)
class ReleaseBooking(Command):
    grant_id: UUID
    booking_id: str
    amount: int
    released_on: date
    note: str | None = None
    currency: str = "SEK"


@dataclass(frozen=True)
class RepayFunds(Command):
    grant_id: UUID
    amount: int
    repaid_on: date
    reference: str | None = None
    currency: str = "SEK"


@dataclass(frozen=True)
class ReverseEntry(Command):
    grant_id: UUID
    entry_id: str
    reversed_on: date
    reason: str


@dataclass(frozen=True)
class SubmitFundReport(Command):
    year: int
    log_position: int
    chain_link: str
    report_sha256: str
    submitted_on: date
    principal: str | None = None
    area: str | None = None
    recipient: str | None = None
