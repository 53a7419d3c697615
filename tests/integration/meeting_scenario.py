"""A meeting series for initiative 2.7.2, used by several tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.meetings import commands as m
from projections.meetings import queries as mq
from samverka.bootstrap import Container
from services.application import Samverka
from tests.integration.scenario import Plan, created, registered, seed_plan


@dataclass
class Series:
    plan: Plan
    amanda: UUID
    series: UUID


def seed_series(
    app: Samverka,
    *,
    starts_on: date = date(2026, 9, 1),
    weekday: int = 1,
    holiday_policy: str = "next-working-day",
    slack_channel: str | None = None,
    interval_weeks: int = 2,
) -> Series:
    plan = seed_plan(app)
    amanda = registered(app, "Amanda Romare", "Den Andra Sidan", slack_user_id="U0AMANDA1")
    series = created(
        app,
        m.ScheduleSeries(
            title="Öppet samordningsmöte: Digitala lösningar för psykisk hälsa",
            moderator_id=plan.bengt,
            secretary_id=amanda,
            invitees=[plan.anna],
            initiative_id=plan.i272,
            starts_on=starts_on,
            weekday=weekday,
            agenda_template=["Välkommen", "Runda", "Övrigt"],
            holiday_policy=holiday_policy,
            slack_channel=slack_channel,
            interval_weeks=interval_weeks,
        ),
        actor=str(plan.bengt),
    )
    return Series(plan=plan, amanda=amanda, series=series)


def series_row(container: Container, series_id: object) -> dict[str, Any]:
    """The series' read row, once the projector has caught up."""
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        found = mq.get_series(conn, str(series_id))
    assert found is not None
    return found
