"""Steps shared by the moderator tests of the chat doors (Slack, Teams):
the same arrangements made as the system, whichever door is tested."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain import commands as c
from domain.meetings import commands as m
from domain.meta import make_meta
from samverka.bootstrap import Container


def make_secretary(k: Container, bengt: UUID) -> UUID:
    """Bengt becomes a secretary of arena 2.7 (Anna has no role there)."""
    arena = k.plan.arena_id_by_code("2.7")
    assert arena is not None
    system = make_meta(actor="system", channel="cli")
    k.app.execute(c.AddMember(arena_id=UUID(arena), person_id=bengt, role="secretary"), system)
    k.projector.catch_up()
    return UUID(arena)


def schedule_older_series(k: Container, moderator: UUID, initiative: UUID) -> UUID:
    """An earlier weekly series, "Höstens möten", from 3 November 2026,
    scheduled by the system."""
    system = make_meta(actor="system", channel="cli")
    older = k.app.execute(
        m.ScheduleSeries(
            title="Höstens möten",
            moderator_id=moderator,
            initiative_id=initiative,
            starts_on=date(2026, 11, 3),
            weekday=1,
            interval_weeks=1,
        ),
        system,
    ).aggregate_id
    k.projector.catch_up()
    return older


def was_evaluated(k: Container, series: UUID) -> bool:
    """Whether the series' history, brought up to date, records an evaluation."""
    k.projector.catch_up()
    row = k.meetings.get_series(str(series))
    return row is not None and any(h["kind"] == "evaluated" for h in row["history"])
