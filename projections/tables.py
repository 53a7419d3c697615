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


def required(**types: Any) -> tuple[Column[Any], ...]:
    """Columns that are never null, in the order given (name=type)."""
    return tuple(Column(name, kind, nullable=False) for name, kind in types.items())


def optional(**types: Any) -> tuple[Column[Any], ...]:
    """Columns that may be null, in the order given (name=type)."""
    return tuple(Column(name, kind) for name, kind in types.items())


def key(**types: Any) -> tuple[Column[Any], ...]:
    """The primary key's columns, in the order given (name=type)."""
    return tuple(Column(name, kind, primary_key=True) for name, kind in types.items())


def entity(name: str, *columns: SchemaItem, **options: Any) -> Table:
    """An aggregate's own row, keyed by its id."""
    return Table(name, metadata, *key(id=ID), *columns, **options)


def clustered(name: str, *columns: SchemaItem) -> Table:
    """A small table keyed by text, clustered on that key (WITHOUT ROWID)."""
    return Table(name, metadata, *columns, sqlite_with_rowid=False)


def by_whom() -> tuple[Column[Any], ...]:
    """Who recorded a history row and through which channel."""
    return required(actor_id=String(100), channel=String(16))


def links(name: str, owner: str, other: str, *columns: SchemaItem) -> Table:
    """Pairs of ids (a member of an arena, an invitee of a series), clustered by
    the owner's and found by the other's."""
    index = Index(f"ix_{name}_{other.removesuffix('_id')}", other)
    return clustered(name, *key(**{owner: ID, other: ID}), *columns, index)


def parts(name: str, owner: str, part: str, *columns: SchemaItem) -> Table:
    """Parts of an aggregate (milestones, agenda items, ledger lines), keyed by its
    id and the part's own."""
    return clustered(name, *key(**{owner: ID, part: String(32)}), *columns)


tracking = Table(
    "view_tracking",
    metadata,
    *key(name=String(100)),
    *required(position=BigInteger),
)

persons = entity(
    "persons",
    *required(name=Text),
    *optional(email=Text, slack_user_id=String(32)),
    *required(organisation=Text, forgotten=Boolean),
    # The person's settings (null: as recorded before there were any).
    *optional(language=String(8), channel=String(16)),
    *stamped("created_at", "updated_at"),
    Index("ix_persons_email", "email"),
    Index("ix_persons_slack", "slack_user_id"),
)

# Each person's name folded as a search by name compares it
# (`domain.person.folded_name`), so that the database finds a whole name by
# the index and a part by LIKE: reading and folding every name for each
# search took 13 ms with 10,000 persons, and up to 100 ms when Python's
# collector ran (docs/web.md). Gone once the person is forgotten. Only
# compared, never sorted: by bytes ("C") on PostgreSQL, as Python compares
# them, whatever the database's collation.
folded_names = clustered(
    "folded_names",
    *key(person_id=ID),
    *required(folded=Text().with_variant(Text(collation="C"), "postgresql")),
    Index("ix_folded_names_folded", "folded"),
)

# How each person came to have their Slack id: when, through which channel and
# who did it (the id itself is in `persons`, personal data in one place).
slack_links = clustered(
    "slack_links",
    *key(person_id=ID),
    *required(linked_at=String(40), channel=String(16), actor_id=ascii_text(100)),
)

arenas = entity(
    "arenas",
    Column("code", String(32), nullable=False, unique=True),
    *required(name=Text, kind=String(32), description=Text),
    *stamped("created_at", "updated_at"),
)

arena_members = links(
    "arena_members",
    "arena_id",
    "person_id",
    *required(role=String(32), since=WHEN),
)

initiatives = entity(
    "initiatives",
    *required(arena_id=ID, code=String(32), title=Text, background=Text, goal=Text),
    *required(objectives=JSON, perspectives=JSON, status=String(16)),
    *optional(health=String(16), health_comment=Text, health_reported_at=WHEN),
    *stamped("created_at", "updated_at"),
    Index("ix_initiatives_arena_code", "arena_id", "code", unique=True),
)

initiative_participants = links(
    "initiative_participants",
    "initiative_id",
    "person_id",
    *required(role=String(32)),
)

milestones = parts(
    "milestones",
    "initiative_id",
    "milestone_id",
    *required(title=Text, due_text=Text),
    *optional(due_date=DAY),
    *required(due_precision=String(16), due_approximate=Boolean),
    *optional(completed_on=DAY),
    *required(added_at=WHEN),
)

initiative_links = parts(
    "initiative_links",
    "initiative_id",
    "link_id",
    *required(title=Text),
    *optional(url=Text),
)

health_reports = history(
    "health_reports",
    *required(initiative_id=ID, version=Integer, health=String(16), comment=Text),
    *by_whom(),
    *required(reported_at=String(40)),
    Index("ix_health_reports_initiative", "initiative_id", "version", unique=True),
)

decisions = entity(
    "decisions",
    *required(text=Text, rationale=Text, decided_by_kind=String(16), decided_by_name=Text),
    *optional(meeting_id=String(64)),
    *required(decision_date=String(10)),
    *optional(review_date=String(10), arena_id=ID),
    *required(state=String(16)),
    *optional(supersedes=ID, superseded_by=ID, revoked_reason=Text, revoked_on=DAY),
    *stamped("recorded_at"),
    *required(recorded_by=String(100)),
    Index("ix_decisions_arena", "arena_id"),
)

decision_initiatives = links("decision_initiatives", "decision_id", "initiative_id")

access_tokens = entity(
    "access_tokens",
    *required(person_id=ID, role=String(32)),
    Column("token_hash", String(64), nullable=False, unique=True),
    *required(label=Text, revoked=Boolean, issued_at=String(40)),
    Column("expires_at", String(40)),  # null: issued before tokens expired
)

audit_trail = history(
    "audit_trail",
    *required(recorded_at=ascii_text(40), aggregate_id=ID, aggregate_type=String(64)),
    *required(aggregate_version=Integer, event_type=String(64), actor_id=ascii_text(100)),
    *required(channel=String(16)),
    *optional(source_id=String(200)),
    *required(correlation_id=String(CORRELATION_ID_MAX)),
    *optional(business_date=String(10)),
    # Names are filled in when the trail is read, so that erasing a person
    # never means rewriting history rows.
    *required(summary=Text),
    *optional(subject_id=ID),
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
