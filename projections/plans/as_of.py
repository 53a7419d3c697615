"""The yearly follow-up compiled as it was known at a moment: every
projection replayed in memory from the events recorded up to then, the rows
the compilation reads put in a private in-memory SQLite database, and the
same `compile_year` run on it, so live and as-of answers cannot drift apart."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table

from projections import tables as t
from projections.export import replay_in_memory, replayed_db
from projections.meetings import tables as mt
from projections.plans import tables as pt
from projections.plans.compilation import compile_year
from projections.source import EventLog
from projections.store import Row

# What compile_year reads (and person names for the narratives' authors).
READS: tuple[Table, ...] = (
    *pt.PLANS_TABLES,
    mt.checkin_rounds,
    mt.checkin_recipients,
    t.persons,
)


def compile_as_of(log: EventLog, plan_id: str, year: int, as_of: datetime) -> Row | None:
    store, position = replay_in_memory(log, as_of=as_of)
    with replayed_db(store, READS) as conn:
        compiled = compile_year(conn, plan_id, year)
    if compiled is None:
        return None
    return {**compiled, "as_of": as_of.isoformat(), "log_position": position}
