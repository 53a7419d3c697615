"""The stimulus-fund ledger: agreements, grants, and entries on a grant."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from adapters.http import models as out
from adapters.http.command_routes import CommandRoute, add_command_routes, add_resource_route
from adapters.http.deps import Conn, FundReader, Services
from adapters.http.responses import cursor_body, page_body
from domain.funds import commands as f

router = APIRouter(prefix="/api/v1/funds", tags=["funds"])
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


@router.get(
    "/agreements",
    summary="Funding agreements (överenskommelser)",
    response_model=out.Page[out.Agreement],
)
def list_agreements(
    who: FundReader, s: Services, conn: Conn, limit: Limit = 100, offset: Offset = 0
) -> JSONResponse:
    return page_body(s.funds.agreements_page(limit=limit, offset=offset, conn=conn))


add_resource_route(
    router, "GET /agreements/{agreement_id}", "funds.get_agreement", "agreement",
    "One agreement with its grants", who=FundReader,
)  # fmt: skip


@router.get(
    "/grants",
    summary="Balances per grant: granted, requisitioned, booked, spent, repaid",
    response_model=out.Page[out.Grant],
)
def list_grants(
    who: FundReader,
    s: Services,
    conn: Conn,
    agreement_id: UUID | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    area: Annotated[str | None, Query(max_length=60)] = None,
    principal: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> JSONResponse:
    page = s.funds.grants_page(
        conn=conn,
        limit=limit,
        offset=offset,
        year=year,
        area=area,
        principal=principal,
        agreement_id=str(agreement_id) if agreement_id else None,
    )
    return page_body(page)


add_resource_route(
    router, "GET /grants/{grant_id}", "funds.get_grant", "grant",
    "One grant with bookings and ledger lines", who=FundReader,
)  # fmt: skip


@router.get(
    "/ledger",
    summary="Ledger lines in the order recorded (cursor paging)",
    response_model=out.CursorPage[out.LedgerLine],
)
def ledger(
    who: FundReader,
    s: Services,
    conn: Conn,
    grant_id: UUID | None = None,
    cursor: Annotated[int | None, Query(ge=0, le=2**62)] = None,
    limit: Limit = 100,
) -> JSONResponse:
    rows, next_cursor = s.funds.ledger_page(
        grant_id=str(grant_id) if grant_id else None, after=cursor, limit=limit, conn=conn
    )
    return cursor_body(rows, next_cursor, limit)


@router.get(
    "/bookings",
    summary="Booked and spent per initiative or activity",
    response_model=out.Page[out.Booking],
)
def bookings(
    who: FundReader,
    s: Services,
    conn: Conn,
    initiative_id: UUID | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> JSONResponse:
    initiative = str(initiative_id) if initiative_id else None
    page = s.funds.bookings_page(limit=limit, offset=offset, initiative_id=initiative, conn=conn)
    return page_body(page)


ORE = {"amount": "amount_ore"}
GRANT = "POST /grants/{grant_id}"

# fmt: off
AGREEMENTS = [
    CommandRoute("POST /agreements", f.RegisterAgreement, "Register a funding agreement",
                 created=True),
]
GRANTS = [
    CommandRoute("POST /grants", f.GrantFunds, "Grant funds to a principal for an area and year",
                 created=True, renamed=ORE),
    CommandRoute(f"{GRANT}/requisitions", f.Requisition, "Record money requisitioned from SKR",
                 renamed=ORE),
    CommandRoute(f"{GRANT}/bookings", f.BookFunds, "Earmark money to an initiative or activity",
                 renamed=ORE),
    CommandRoute(f"{GRANT}/expenditures", f.RecordExpenditure,
                 "Record an expenditure against a booking", renamed=ORE),
    CommandRoute(f"{GRANT}/releases", f.ReleaseBooking, "Set unspent booked money free",
                 renamed=ORE),
    CommandRoute(f"{GRANT}/repayments", f.RepayFunds, "Record unused funds paid back",
                 renamed=ORE),
    CommandRoute(f"{GRANT}/reversals", f.ReverseEntry, "Correct an earlier entry by reversing it"),
]
# fmt: on
add_command_routes(router, AGREEMENTS, reads="funds.get_agreement")
add_command_routes(router, GRANTS, reads="funds.get_grant")
