"""Read-model tables. Every one of them can be dropped and rebuilt from events.

Times and dates are ISO 8601 text so that a row read back from SQLite or
PostgreSQL equals the row a projection builds in memory, which is what lets
`replay` and `export state --as-of` be checked against the live tables.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.schema import SchemaItem

from domain.meta import CORRELATION_ID_MAX

metadata = MetaData()
# On SQLite, small tables keyed by text are clustered on that key (WITHOUT
# ROWID): one B-tree per row written instead of two. History tables are keyed
# by log position instead, so rows are appended in key order.


def ascii_text(length: int) -> String:
    """Ids and ISO times are ASCII, where PostgreSQL's "C" collation sorts
    exactly as the database's would, but by bytes: its indexes build and
    search about a third faster than under a language collation."""
    return String(length).with_variant(String(length, collation="C"), "postgresql")


ID = ascii_text(36)
# Index info key: the rebuild creates such an index up front, not at the end.
LOG_ORDERED = "log_ordered"

# A log position: INTEGER on SQLite makes a key of it the rowid, one B-tree
# less per row.
POSITION = BigInteger().with_variant(Integer(), "sqlite")


def history(name: str, *columns: SchemaItem, **options: Any) -> Table:
    """A table appended to in log order, keyed by the event's log position."""
    key = Column("position", POSITION, primary_key=True, autoincrement=False)
    return Table(name, metadata, key, *columns, **options)


WHEN = String(40)  # an ISO 8601 time
DAY = String(10)  # an ISO 8601 date


def stamped(*times: str) -> tuple[Column[Any], ...]:
    """The aggregate version a row reflects, then when it was made (and changed)."""
    return (
        Column("version", Integer, nullable=False),
        *(Column(name, WHEN, nullable=False) for name in times),
    )


def links(name: str, owner: str, other: str, *columns: SchemaItem) -> Table:
    """Pairs of ids (a member of an arena, an invitee of a series), clustered by
    the owner's and found by the other's."""
    return Table(
        name,
        metadata,
        Column(owner, ID, primary_key=True),
        Column(other, ID, primary_key=True),
        *columns,
        Index(f"ix_{name}_{other.removesuffix('_id')}", other),
        sqlite_with_rowid=False,
    )


def parts(name: str, owner: str, part: str, *columns: SchemaItem) -> Table:
    """Parts of an aggregate (milestones, agenda items, ledger lines), keyed by its
    id and the part's own."""
    return Table(
        name,
        metadata,
        Column(owner, ID, primary_key=True),
        Column(part, String(32), primary_key=True),
        *columns,
        sqlite_with_rowid=False,
    )


tracking = Table(
    "view_tracking",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

persons = Table(
    "persons",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", Text, nullable=False),
    Column("email", Text),
    Column("slack_user_id", String(32)),
    Column("organisation", Text, nullable=False),
    Column("forgotten", Boolean, nullable=False),
    # The person's settings (null: as recorded before there were any).
    Column("language", String(8)),
    Column("channel", String(16)),
    *stamped("created_at", "updated_at"),
    Index("ix_persons_email", "email"),
    Index("ix_persons_slack", "slack_user_id"),
)

# How each person came to have their Slack id: when, through which channel and
# who did it (the id itself is in `persons`, personal data in one place).
slack_links = Table(
    "slack_links",
    metadata,
    Column("person_id", ID, primary_key=True),
    Column("linked_at", String(40), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("actor_id", ascii_text(100), nullable=False),
    sqlite_with_rowid=False,
)

arenas = Table(
    "arenas",
    metadata,
    Column("id", ID, primary_key=True),
    Column("code", String(32), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("description", Text, nullable=False),
    *stamped("created_at", "updated_at"),
)

arena_members = links(
    "arena_members",
    "arena_id",
    "person_id",
    Column("role", String(32), nullable=False),
    Column("since", WHEN, nullable=False),
)

initiatives = Table(
    "initiatives",
    metadata,
    Column("id", ID, primary_key=True),
    Column("arena_id", ID, nullable=False),
    Column("code", String(32), nullable=False),
    Column("title", Text, nullable=False),
    Column("background", Text, nullable=False),
    Column("goal", Text, nullable=False),
    Column("objectives", JSON, nullable=False),
    Column("perspectives", JSON, nullable=False),
    Column("status", String(16), nullable=False),
    Column("health", String(16)),
    Column("health_comment", Text),
    Column("health_reported_at", WHEN),
    *stamped("created_at", "updated_at"),
    Index("ix_initiatives_arena_code", "arena_id", "code", unique=True),
)

initiative_participants = links(
    "initiative_participants",
    "initiative_id",
    "person_id",
    Column("role", String(32), nullable=False),
)

milestones = parts(
    "milestones",
    "initiative_id",
    "milestone_id",
    Column("title", Text, nullable=False),
    Column("due_text", Text, nullable=False),
    Column("due_date", DAY),
    Column("due_precision", String(16), nullable=False),
    Column("due_approximate", Boolean, nullable=False),
    Column("completed_on", DAY),
    Column("added_at", WHEN, nullable=False),
)

initiative_links = parts(
    "initiative_links",
    "initiative_id",
    "link_id",
    Column("title", Text, nullable=False),
    Column("url", Text),
)

health_reports = history(
    "health_reports",
    Column("initiative_id", ID, nullable=False),
    Column("version", Integer, nullable=False),
    Column("health", String(16), nullable=False),
    Column("comment", Text, nullable=False),
    Column("actor_id", String(100), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("reported_at", String(40), nullable=False),
    Index("ix_health_reports_initiative", "initiative_id", "version", unique=True),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("text", Text, nullable=False),
    Column("rationale", Text, nullable=False),
    Column("decided_by_kind", String(16), nullable=False),
    Column("decided_by_name", Text, nullable=False),
    Column("meeting_id", String(64)),
    Column("decision_date", String(10), nullable=False),
    Column("review_date", String(10)),
    Column("arena_id", ID),
    Column("state", String(16), nullable=False),
    Column("supersedes", ID),
    Column("superseded_by", ID),
    Column("revoked_reason", Text),
    Column("revoked_on", DAY),
    *stamped("recorded_at"),
    Column("recorded_by", String(100), nullable=False),
    Index("ix_decisions_arena", "arena_id"),
)

decision_initiatives = links("decision_initiatives", "decision_id", "initiative_id")

access_tokens = Table(
    "access_tokens",
    metadata,
    Column("id", ID, primary_key=True),
    Column("person_id", ID, nullable=False),
    Column("role", String(32), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("label", Text, nullable=False),
    Column("revoked", Boolean, nullable=False),
    Column("issued_at", String(40), nullable=False),
    Column("expires_at", String(40)),  # null: issued before tokens expired
)

audit_trail = history(
    "audit_trail",
    Column("recorded_at", ascii_text(40), nullable=False),
    Column("aggregate_id", ID, nullable=False),
    Column("aggregate_type", String(64), nullable=False),
    Column("aggregate_version", Integer, nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("actor_id", ascii_text(100), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("source_id", String(200)),
    Column("correlation_id", String(CORRELATION_ID_MAX), nullable=False),
    Column("business_date", String(10)),
    # Names are filled in when the trail is read, so that erasing a person
    # never means rewriting history rows.
    Column("summary", Text, nullable=False),
    Column("subject_id", ID),
    Index("ix_audit_aggregate", "aggregate_id", "position"),
    Index("ix_audit_actor", "actor_id", "position"),
    # The Händelselogg's filter by kind of event, a page at a time.
    Index("ix_audit_kind", "event_type", "position"),
    # A person's registerutdrag: the lines that name them.
    Index("ix_audit_subject", "subject_id", "position"),
    # A channel seldom used (web, scheduler) would otherwise be found by
    # reading the trail from its first row (bench/RESULTS.md, 2026-12-05).
    Index("ix_audit_channel", "channel", "position"),
    # Keys that arrive in ascending order during a replay: keeping the index
    # as rows are appended costs less than sorting them all at the end.
    Index("ix_audit_recorded_at", "recorded_at", info={LOG_ORDERED: True}),
)

# Tables that describe the plan; `export state` prints exactly these.
PLAN_TABLES = (
    persons,
    arenas,
    arena_members,
    initiatives,
    initiative_participants,
    milestones,
    initiative_links,
    health_reports,
    decisions,
    decision_initiatives,
)
# Tables a replay drops and rebuilds (everything but the tracking table).
VIEW_TABLES = (*PLAN_TABLES, access_tokens, audit_trail)
