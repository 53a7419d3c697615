"""Read tables of the fund ledger. Amounts are integer öre (BIGINT)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, String, Text

from domain.funds.effects import TOTALS
from projections.tables import (
    DAY,
    ID,
    LOG_ORDERED,
    POSITION,
    WHEN,
    by_whom,
    entity,
    optional,
    parts,
    required,
    stamped,
)

Ore = BigInteger

fund_agreements = entity(
    "fund_agreements",
    *required(reference=String(100), title=Text, first_year=Integer, last_year=Integer),
    *required(currency=String(3)),
    *stamped("created_at"),
)

fund_grants = entity(
    "fund_grants",
    *required(agreement_id=ID, principal=Text, principal_kind=String(16)),
    *optional(county=Text),
    *required(area=String(60), year=Integer, decided_on=DAY),
    *(Column(name, Ore, nullable=False) for name in TOTALS),
    *required(entries=Integer),
    *stamped("created_at", "updated_at"),
    Index("ix_fund_grants_year", "year", "area"),
)

fund_bookings = parts(
    "fund_bookings",
    "grant_id",
    "entry_id",
    *optional(initiative_id=ID),
    *required(activity=Text, booked_on=DAY, amount=Ore, spent=Ore, reversed=Boolean),
    Index("ix_fund_bookings_initiative", "initiative_id"),
)

# One row per ledger line, keyed by grant and entry; `position` is the log
# position of the event that recorded it. `d_*` are the line's signed effects
# on the grant's balances, so every balance is the sum of its lines.
fund_entries = parts(
    "fund_entries",
    "grant_id",
    "entry_id",
    *required(position=POSITION, recorded_at=WHEN, business_date=DAY, kind=String(16), amount=Ore),
    *(Column(f"d_{name}", Ore, nullable=False) for name in TOTALS),
    *optional(booking_id=String(32), voucher=String(100), reference=String(200)),
    *required(note=Text),
    *optional(reverses=String(32), reversed_by=String(32)),
    *by_whom(),
    Index("ix_fund_entries_position", "position", unique=True, info={LOG_ORDERED: True}),
    # A grant's lines in order: its latest page, and the ledger of one grant.
    # Without it a grant of 100,000 lines sorted them all for its latest 50
    # (51 ms against 14 on SQLite), and the ledger API's next page of one
    # grant read the whole log by position (7.3 ms against 0.3).
    Index("ix_fund_entries_grant", "grant_id", "position"),
)

fund_reports = entity(
    "fund_reports",
    *required(year=Integer),
    *optional(principal=Text, area=String(60)),
    *required(log_position=BigInteger, chain_link=String(64), report_sha256=String(64)),
    *required(submitted_on=String(10), recipient=Text, submitted_by=String(100)),
    *required(submitted_at=String(40), position=BigInteger),
    *optional(plan_id=ID),  # the plan whose follow-up it carries
)

FUND_TABLES = (fund_agreements, fund_grants, fund_bookings, fund_entries, fund_reports)
