"""Read tables of the indicators.

`indicator_values` holds the current figure per indicator, area, period and
group; `indicator_value_history` every figure ever recorded, in log order, so
a revision shows beside the figure it replaced. Values are kept as the text
they were published as (`value`) and as a number for sorting and charts.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Float, Index, Integer, String, Table, Text

from projections.tables import ID, POSITION, WHEN, history, metadata, stamped

indicators = Table(
    "indicators",
    metadata,
    Column("id", ID, primary_key=True),
    Column("code", String(32), nullable=False),
    Column("name", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("unit", String(60), nullable=False),
    Column("description", Text, nullable=False),
    Column("arena_id", ID),
    Column("demo", Boolean, nullable=False),
    Column("target_value", String(24)),
    Column("target_direction", String(16)),
    *stamped("created_at", "updated_at"),
    Index("ix_indicators_code", "code", unique=True),
)

indicator_links = Table(
    "indicator_links",
    metadata,
    Column("indicator_id", ID, primary_key=True),
    Column("target_id", ID, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("linked_at", WHEN, nullable=False),
    Index("ix_indicator_links_target", "target_id"),
    sqlite_with_rowid=False,
)

indicator_series = Table(
    "indicator_series",
    metadata,
    Column("id", ID, primary_key=True),
    Column("indicator_id", ID, nullable=False),
    Column("area", String(4), nullable=False),
    # The current figure and its revisions per "period:sex:age", so that a
    # value recorded needs no read of indicator_values.
    Column("figures", JSON, nullable=False),
    Index("ix_indicator_series_indicator", "indicator_id", "area"),
    sqlite_with_rowid=False,
)

indicator_values = Table(
    "indicator_values",
    metadata,
    Column("indicator_id", ID, primary_key=True),
    Column("area", String(4), primary_key=True),
    Column("gender", String(1), primary_key=True),
    Column("age", String(8), primary_key=True),
    Column("period", Integer, primary_key=True),
    Column("value", String(24), nullable=False),
    Column("number", Float, nullable=False),
    Column("revisions", Integer, nullable=False),
    Column("position", POSITION, nullable=False),
    Column("recorded_at", WHEN, nullable=False),
    sqlite_with_rowid=False,
)

indicator_value_history = history(
    "indicator_value_history",
    Column("indicator_id", ID, nullable=False),
    Column("area", String(4), nullable=False),
    Column("period", Integer, nullable=False),
    Column("gender", String(1), nullable=False),
    Column("age", String(8), nullable=False),
    Column("value", String(24), nullable=False),
    Column("previous", String(24)),
    Column("recorded_at", WHEN, nullable=False),
    Column("actor_id", String(100), nullable=False),
    Column("channel", String(16), nullable=False),
    Index("ix_indicator_value_history_key", "indicator_id", "area", "period"),
)

INDICATOR_TABLES = (
    indicators,
    indicator_links,
    indicator_series,
    indicator_values,
    indicator_value_history,
)
