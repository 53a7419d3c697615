"""The stimulus-fund ledger: agreements, grants, and entries on a grant."""

from __future__ import annotations

from functools import partial
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from adapters.http import models as out
from adapters.http.command_routes import CommandRoute, add_command_routes, add_resource_route
from adapters.http.deps import Conn, FundReader, Services
from adapters.http.page_routes import PageRoute, add_page_routes
from adapters.http.responses import FundLimit, Offset, cursor_body
from domain.funds import commands as f

router = APIRouter(prefix="/api/v1/funds", tags=["funds"])

# fmt: off
Fund = partial(PageRoute, who=FundReader, limit=FundLimit, offset=Offset)
LISTS = [
    Fund("GET /agreements", "list_agreements", "funds.agreements_page", out.Agreement,
         "Funding agreements (överenskommelser)"),
    Fund("GET /grants", "list_grants", "funds.grants_page", out.Grant,
         "Balances per grant: granted, requisitioned, booked, spent, repaid",
         filters={"agreement_id": UUID | None,
                  "year": Annotated[int | None, Query(ge=2000, le=2100)],
                  "area": Annotated[str | None, Query(max_length=60)],
                  "principal": Annotated[str | None, Query(max_length=200)]}),
    Fund("GET /bookings", "bookings", "funds.bookings_page", out.Booking,
         "Booked and spent per initiative or activity", filters={"initiative_id": UUID | None}),
]
# fmt: on
add_page_routes(router, *LISTS)


add_resource_route(
    router, "GET /agreements/{agreement_id}", "funds.get_agreement", "agreement",
    "One agreement with its grants", who=FundReader,
)  # fmt: skip


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
    limit: FundLimit = 100,
) -> JSONResponse:
    rows, next_cursor = s.funds.ledger_page(
        grant_id=str(grant_id) if grant_id else None, after=cursor, limit=limit, conn=conn
    )
    return cursor_body(rows, next_cursor, limit)


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
