"""Handlers for the fund ledger, fund reports and forgetting a person."""

from __future__ import annotations

import uuid

from domain.authority import GlobalRole
from domain.errors import Duplicate
from domain.funds import commands as f
from domain.funds.agreement import FundingAgreement, FundReport, agreement_id
from domain.funds.grant import Grant, grant_id
from domain.funds.money import check_amount, check_currency
from domain.funds.values import check_area, principal
from domain.handlers.plan import administered_person
from domain.handlers.registry import acts_on, handles
from domain.initiative import Initiative
from domain.meta import Meta, with_business_date
from domain.person import Person
from domain.privacy import ForgetPerson
from domain.uow import UnitOfWork


def _entry_id() -> str:
    return uuid.uuid4().hex[:12]


@handles(f.RegisterAgreement)
def register_agreement(uow: UnitOfWork, cmd: f.RegisterAgreement, meta: Meta) -> FundingAgreement:
    uow.allow_global(GlobalRole.FUND_COORDINATOR)
    if uow.exists(agreement_id(cmd.reference)):
        raise Duplicate(
            f"an agreement with diarienummer {cmd.reference} exists",
            field="reference",
            rule="funds.agreement_exists",
        )
    return uow.created(FundingAgreement.register(cmd, meta=meta))


@handles(f.GrantFunds)
def grant_funds(uow: UnitOfWork, cmd: f.GrantFunds, meta: Meta) -> Grant:
    uow.allow_global(GlobalRole.FUND_COORDINATOR)
    check_currency(cmd.currency)
    agreement = uow.get(FundingAgreement, cmd.agreement_id, field="agreement_id")
    agreement.check_year_in_period(cmd.year)
    who = principal(cmd.principal, cmd.principal_kind, cmd.county)
    area = check_area(cmd.area)
    if uow.exists(grant_id(agreement.id, who["name"], area, cmd.year)):
        raise Duplicate(
            f"{who['name']} already has a grant for {area} {cmd.year} in this agreement",
            field="area",
            rule="funds.grant_exists",
            params={"principal": who["name"], "year": cmd.year},
        )
    grant = Grant(
        agreement_id=agreement.id,
        principal=who,
        area=area,
        year=cmd.year,
        amount=check_amount(cmd.amount),
        decided_on=cmd.decided_on,
        meta=with_business_date(meta, cmd.decided_on),
    )
    return uow.created(grant)


def _ledger(uow: UnitOfWork, cmd: f.OnGrant) -> Grant:
    """The grant, for fund coordinators; amounts are entered in SEK only."""
    uow.allow_global(GlobalRole.FUND_COORDINATOR)
    check_currency(getattr(cmd, "currency", "SEK"))
    return uow.get(Grant, cmd.grant_id, field="grant_id")


@acts_on(f.Requisition, _ledger)
def requisition(grant: Grant, cmd: f.Requisition, meta: Meta) -> None:
    when = cmd.requisitioned_on
    grant.requisition(
        _entry_id(), cmd.amount, when, cmd.reference, meta=with_business_date(meta, when)
    )


@handles(f.BookFunds)
def book_funds(uow: UnitOfWork, cmd: f.BookFunds, meta: Meta) -> Grant:
    grant = _ledger(uow, cmd)
    uow.check_named(Initiative, cmd.initiative_id, field="initiative_id")
    grant.book(
        _entry_id(),
        cmd.amount,
        cmd.booked_on,
        initiative_id=cmd.initiative_id,
        activity=cmd.activity,
        note=cmd.note,
        meta=with_business_date(meta, cmd.booked_on),
    )
    return grant


@acts_on(f.RecordExpenditure, _ledger)
def record_expenditure(grant: Grant, cmd: f.RecordExpenditure, meta: Meta) -> None:
    grant.spend(
        _entry_id(),
        cmd.booking_id,
        cmd.amount,
        cmd.spent_on,
        voucher=cmd.voucher,
        description=cmd.description,
        allow_extending_booking=cmd.allow_extending_booking,
        meta=with_business_date(meta, cmd.spent_on),
    )


@acts_on(f.ReleaseBooking, _ledger)
def release_booking(grant: Grant, cmd: f.ReleaseBooking, meta: Meta) -> None:
    when = cmd.released_on
    grant.release(
        _entry_id(), cmd.booking_id, cmd.amount, when, cmd.note, meta=with_business_date(meta, when)
    )


@acts_on(f.RepayFunds, _ledger)
def repay_funds(grant: Grant, cmd: f.RepayFunds, meta: Meta) -> None:
    when = cmd.repaid_on
    grant.repay(_entry_id(), cmd.amount, when, cmd.reference, meta=with_business_date(meta, when))


@acts_on(f.ReverseEntry, _ledger)
def reverse_entry(grant: Grant, cmd: f.ReverseEntry, meta: Meta) -> None:
    when = cmd.reversed_on
    grant.reverse(_entry_id(), cmd.entry_id, when, cmd.reason, meta=with_business_date(meta, when))


@handles(f.SubmitFundReport)
def submit_fund_report(uow: UnitOfWork, cmd: f.SubmitFundReport, meta: Meta) -> FundReport:
    uow.allow_global(GlobalRole.FUND_COORDINATOR)
    return uow.created(FundReport.submit(cmd, meta=with_business_date(meta, cmd.submitted_on)))


@acts_on(ForgetPerson, administered_person)
def forget_person(person: Person, cmd: ForgetPerson, meta: Meta) -> None:
    person.forget(meta=meta)
