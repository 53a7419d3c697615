"""Read tables of the fund ledger. Amounts are integer öre (BIGINT)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, String, Table, Text

from domain.funds.effects import TOTALS
from projections.tables import DAY, ID, LOG_ORDERED, POSITION, WHEN, metadata, parts, stamped

Ore = BigInteger

fund_agreements = Table(
    "fund_agreements",
    metadata,
    Column("id", ID, primary_key=True),
    Column("reference", String(100), nullable=False),
    Column("title", Text, nullable=False),
    Column("first_year", Integer, nullable=False),
    Column("last_year", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    *stamped("created_at"),
)

fund_grants = Table(
    "fund_grants",
    metadata,
    Column("id", ID, primary_key=True),
    Column("agreement_id", ID, nullable=False),
    Column("principal", Text, nullable=False),
    Column("principal_kind", String(16), nullable=False),
    Column("county", Text),
    Column("area", String(60), nullable=False),
    Column("year", Integer, nullable=False),
    Column("decided_on", DAY, nullable=False),
    *(Column(name, Ore, nullable=False) for name in TOTALS),
    Column("entries", Integer, nullable=False),
    *stamped("created_at", "updated_at"),
    Index("ix_fund_grants_year", "year", "area"),
)

fund_bookings = parts(
    "fund_bookings",
    "grant_id",
    "entry_id",
    Column("initiative_id", ID),
    Column("activity", Text, nullable=False),
    Column("booked_on", DAY, nullable=False),
    Column("amount", Ore, nullable=False),
    Column("spent", Ore, nullable=False),
    Column("reversed", Boolean, nullable=False),
    Index("ix_fund_bookings_initiative", "initiative_id"),
)

# One row per ledger line, keyed by grant and entry; `position` is the log
# position of the event that recorded it. `d_*` are the line's signed effects
# on the grant's balances, so every balance is the sum of its lines.
fund_entries = parts(
    "fund_entries",
    "grant_id",
    "entry_id",
    Column("position", POSITION, nullable=False),
    Column("recorded_at", WHEN, nullable=False),
    Column("business_date", DAY, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("amount", Ore, nullable=False),
    *(Column(f"d_{name}", Ore, nullable=False) for name in TOTALS),
    Column("booking_id", String(32)),
    Column("voucher", String(100)),
    Column("reference", String(200)),
    Column("note", Text, nullable=False),
    Column("reverses", String(32)),
    Column("reversed_by", String(32)),
    Column("actor_id", String(100), nullable=False),
    Column("channel", String(16), nullable=False),
    Index("ix_fund_entries_position", "position", unique=True, info={LOG_ORDERED: True}),
)

fund_reports = Table(
    "fund_reports",
    metadata,
    Column("id", ID, primary_key=True),
    Column("year", Integer, nullable=False),
    Column("principal", Text),
    Column("area", String(60)),
    Column("log_position", BigInteger, nullable=False),
    Column("chain_link", String(64), nullable=False),
    Column("report_sha256", String(64), nullable=False),
    Column("submitted_on", String(10), nullable=False),
    Column("recipient", Text, nullable=False),
    Column("submitted_by", String(100), nullable=False),
    Column("submitted_at", String(40), nullable=False),
    Column("position", BigInteger, nullable=False),
    Column("plan_id", ID),  # the plan whose follow-up it carries
)

FUND_TABLES = (fund_agreements, fund_grants, fund_bookings, fund_entries, fund_reports)
