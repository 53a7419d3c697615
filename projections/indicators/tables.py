"""Read tables of the indicators.

`indicator_values` holds the current figure per indicator, area, period and
group; `indicator_value_history` every figure ever recorded, in log order, so
a revision shows beside the figure it replaced. Values are kept as the text
they were published as (`value`) and as a number for sorting and charts.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Float, Index, Integer, String, Text

from projections.tables import (
    ID,
    POSITION,
    WHEN,
    by_whom,
    clustered,
    entity,
    history,
    key,
    optional,
    required,
    stamped,
)

indicators = entity(
    "indicators",
    *required(code=String(32), name=Text, source=Text, unit=String(60), description=Text),
    *optional(arena_id=ID),
    *required(demo=Boolean),
    *optional(target_value=String(24), target_direction=String(16)),
    *stamped("created_at", "updated_at"),
    Index("ix_indicators_code", "code", unique=True),
)

indicator_links = clustered(
    "indicator_links",
    *key(indicator_id=ID, target_id=ID),
    *required(kind=String(16), linked_at=WHEN),
    Index("ix_indicator_links_target", "target_id"),
)

indicator_series = entity(
    "indicator_series",
    *required(indicator_id=ID, area=String(4)),
    # The current figure and its revisions per "period:sex:age", so that a
    # value recorded needs no read of indicator_values.
    *required(figures=JSON),
    Index("ix_indicator_series_indicator", "indicator_id", "area"),
    sqlite_with_rowid=False,
)

indicator_values = clustered(
    "indicator_values",
    *key(indicator_id=ID, area=String(4), gender=String(1), age=String(8), period=Integer),
    *required(value=String(24), number=Float, revisions=Integer, position=POSITION),
    *required(recorded_at=WHEN),
)

indicator_value_history = history(
    "indicator_value_history",
    *required(indicator_id=ID, area=String(4), period=Integer, gender=String(1), age=String(8)),
    *required(value=String(24)),
    *optional(previous=String(24)),
    *required(recorded_at=WHEN),
    *by_whom(),
    Index("ix_indicator_value_history_key", "indicator_id", "area", "period"),
)

INDICATOR_TABLES = (
    indicators,
    indicator_links,
    indicator_series,
    indicator_values,
    indicator_value_history,
)
