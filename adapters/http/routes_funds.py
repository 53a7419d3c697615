"""The stimulus-fund ledger: agreements, grants, and entries on a grant."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from adapters.http import fund_schemas as s
from adapters.http.deps import Cmd, Conn, FundReader
from adapters.http.responses import found, page_body, with_etag
from domain.funds import commands as f
from projections import fund_queries as fq
from projections.queries import paged

router = APIRouter(prefix="/api/v1/funds", tags=["funds"])
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


@router.get("/agreements", summary="Funding agreements (överenskommelser)")
def list_agreements(
    who: FundReader, conn: Conn, limit: Limit = 100, offset: Offset = 0
) -> dict[str, Any]:
    return page_body(fq.list_agreements(conn, limit=limit, offset=offset))


@router.post("/agreements", status_code=201, summary="Register a funding agreement")
def register_agreement(body: s.AgreementIn, cmd: Cmd) -> JSONResponse:
    command = f.RegisterAgreement(
        reference=body.reference,
        title=body.title,
        first_year=body.first_year,
        last_year=body.last_year,
    )
    return cmd.respond(command, fq.get_agreement, created_at="/api/v1/funds/agreements")


@router.get("/agreements/{agreement_id}", summary="One agreement with its grants")
def get_agreement(agreement_id: UUID, who: FundReader, conn: Conn) -> JSONResponse:
    return with_etag(found(fq.get_agreement(conn, str(agreement_id)), "agreement"))


@router.get("/grants", summary="Balances per grant: granted, requisitioned, booked, spent, repaid")
def list_grants(
    who: FundReader,
    conn: Conn,
    agreement_id: UUID | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    area: Annotated[str | None, Query(max_length=60)] = None,
    principal: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    page = fq.list_grants(
        conn,
        limit=limit,
        offset=offset,
        year=year,
        area=area,
        principal=principal,
        agreement_id=str(agreement_id) if agreement_id else None,
    )
    return page_body(page)


@router.post("/grants", status_code=201, summary="Grant funds to a principal for an area and year")
def grant_funds(body: s.GrantIn, cmd: Cmd) -> JSONResponse:
    command = f.GrantFunds(
        agreement_id=body.agreement_id,
        principal=body.principal,
        principal_kind=body.principal_kind,
        county=body.county,
        area=body.area,
        year=body.year,
        amount=body.amount_ore,
        decided_on=body.decided_on,
    )
    return cmd.respond(command, fq.get_grant, created_at="/api/v1/funds/grants")


@router.get("/grants/{grant_id}", summary="One grant with bookings and ledger lines")
def get_grant(grant_id: UUID, who: FundReader, conn: Conn) -> JSONResponse:
    return with_etag(found(fq.get_grant(conn, str(grant_id)), "grant"))


@router.post("/grants/{grant_id}/requisitions", summary="Record money requisitioned from SKR")
def requisition(grant_id: UUID, body: s.RequisitionIn, cmd: Cmd) -> JSONResponse:
    command = f.Requisition(
        grant_id=grant_id,
        amount=body.amount_ore,
        requisitioned_on=body.requisitioned_on,
        reference=body.reference,
    )
    return cmd.respond(command, fq.get_grant)


@router.post("/grants/{grant_id}/bookings", summary="Earmark money to an initiative or activity")
def book(grant_id: UUID, body: s.BookingIn, cmd: Cmd) -> JSONResponse:
    command = f.BookFunds(
        grant_id=grant_id,
        amount=body.amount_ore,
        booked_on=body.booked_on,
        initiative_id=body.initiative_id,
        activity=body.activity,
        note=body.note,
    )
    return cmd.respond(command, fq.get_grant)


@router.post("/grants/{grant_id}/expenditures", summary="Record an expenditure against a booking")
def spend(grant_id: UUID, body: s.ExpenditureIn, cmd: Cmd) -> JSONResponse:
    command = f.RecordExpenditure(
        grant_id=grant_id,
        booking_id=body.booking_id,
        amount=body.amount_ore,
        spent_on=body.spent_on,
        voucher=body.voucher,
        description=body.description,
        allow_extending_booking=body.allow_extending_booking,
    )
    return cmd.respond(command, fq.get_grant)


@router.post("/grants/{grant_id}/releases", summary="Set unspent booked money free")
def release(grant_id: UUID, body: s.ReleaseIn, cmd: Cmd) -> JSONResponse:
    command = f.ReleaseBooking(
        grant_id=grant_id,
        booking_id=body.booking_id,
        amount=body.amount_ore,
        released_on=body.released_on,
        note=body.note,
    )
    return cmd.respond(command, fq.get_grant)


@router.post("/grants/{grant_id}/repayments", summary="Record unused funds paid back")
def repay(grant_id: UUID, body: s.RepaymentIn, cmd: Cmd) -> JSONResponse:
    command = f.RepayFunds(
        grant_id=grant_id,
        amount=body.amount_ore,
        repaid_on=body.repaid_on,
        reference=body.reference,
    )
    return cmd.respond(command, fq.get_grant)


@router.post("/grants/{grant_id}/reversals", summary="Correct an earlier entry by reversing it")
def reverse(grant_id: UUID, body: s.ReversalIn, cmd: Cmd) -> JSONResponse:
    command = f.ReverseEntry(
        grant_id=grant_id, entry_id=body.entry_id, reversed_on=body.reversed_on, reason=body.reason
    )
    return cmd.respond(command, fq.get_grant)


@router.get("/ledger", summary="Ledger lines in the order recorded (cursor paging)")
def ledger(
    who: FundReader,
    conn: Conn,
    grant_id: UUID | None = None,
    cursor: Annotated[int | None, Query(ge=0, le=2**62)] = None,
    limit: Limit = 100,
) -> dict[str, Any]:
    rows, next_cursor = fq.ledger_page(
        conn, grant_id=str(grant_id) if grant_id else None, after=cursor, limit=limit
    )
    return {"items": rows, "next_cursor": next_cursor, "limit": limit}


@router.get("/bookings", summary="Booked and spent per initiative or activity")
def bookings(
    who: FundReader,
    conn: Conn,
    initiative_id: UUID | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    query = fq.bookings_query(initiative_id=str(initiative_id) if initiative_id else None)
    return page_body(paged(conn, query, limit, offset, fq.with_sek))
