"""A served Samverka with the Slack front door, a fake Slack and a small world."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

import httpx
import pytest

from domain import commands as c
from domain.handlers.checkins import status_questions
from domain.meetings import commands as m
from domain.meta import make_meta
from samverka.bootstrap import Container, bootstrap
from samverka.settings import Settings
from tests.clock import FixedClock
from tests.e2e.fake_slack import FakeSlack, fake_slack
from tests.e2e.server import serve
from tests.e2e.slack_requests import SECRET

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# A Tuesday, ten minutes into the fortnightly 12:00 meeting.
NOW = datetime(2027, 1, 12, 12, 10, tzinfo=STOCKHOLM)
ANNA, BENGT, NOBODY = "U0ANNA001", "U0BENGT01", "U0NOBODY1"
MEETING_CHANNEL = "C0MEETING"


@dataclass
class World:
    k: Container
    fake: FakeSlack
    http: httpx.Client
    anna: UUID
    bengt: UUID
    i272: UUID
    series: UUID
    round_id: UUID


def seed(k: Container, fake: FakeSlack) -> dict[str, UUID]:
    run = k.app.execute
    system = make_meta(actor="system", channel="cli")
    anna = run(
        c.RegisterPerson(
            name="Anna Jonsson",
            email="anna.jonsson@example.se",
            slack_user_id=ANNA,
            organisation="Region Skåne",
        ),
        system,
    ).aggregate_id
    bengt = run(
        c.RegisterPerson(
            name="Bengt Stavenow",
            email="Bengt.Stavenow@example.se",
            organisation="Innovation Skåne",
        ),
        system,
    ).aggregate_id
    fake.add_user(ANNA, "anna.jonsson@example.se", "anna")
    fake.add_user(BENGT, "bengt.stavenow@example.se", "bengt")
    fake.add_user(NOBODY, "okand@example.se", "okand")
    arena = run(c.CreateArena(code="2.7", name="Hälsofrämjande digitalt liv"), system).aggregate_id
    i272 = run(
        c.CreateInitiative(
            arena_id=arena,
            code="2.7.2",
            status="active",
            title="Löpande samordning kring digitala lösningar",
        ),
        system,
    ).aggregate_id
    for person in (anna, bengt):
        run(c.AddParticipant(initiative_id=i272, person_id=person), system)
    series = run(
        m.ScheduleSeries(
            title="Öppet samordningsmöte",
            moderator_id=bengt,
            invitees=[anna],
            initiative_id=i272,
            starts_on=date(2027, 1, 12),
            weekday=1,
            slack_channel=MEETING_CHANNEL,
            agenda_template=["Välkommen", "Runda"],
        ),
        system,
    ).aggregate_id
    round_id = run(
        m.OpenCheckInRound(
            title="Läget i 2.7.2",
            audience_kind="initiative",
            audience_id=i272,
            questions=status_questions(),
            opens_at=NOW - timedelta(hours=1),
            due_at=NOW + timedelta(days=2),
        ),
        system,
    ).aggregate_id
    k.projector.catch_up()
    return {"anna": anna, "bengt": bengt, "i272": i272, "series": series, "round_id": round_id}


@contextmanager
def slack_world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str | None = None
) -> Iterator[World]:
    """The world on SQLite in tmp_path, or in the database `database_url` names."""
    with fake_slack() as fake:
        monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
        monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
        monkeypatch.setenv("SLACK_API_URL", f"{fake.url}/api/")
        monkeypatch.setenv("SAMVERKA_SLACK_MAX_RETRIES", "3")
        settings = Settings(
            database_url=database_url or f"sqlite:///{tmp_path}/samverka.db",
            outbox_dir=str(tmp_path / "outbox"),
        )
        k = bootstrap(settings, clock=FixedClock(NOW))
        try:
            ids = seed(k, fake)
            with serve(k) as base, httpx.Client(base_url=base, timeout=15) as http:
                yield World(k=k, fake=fake, http=http, **ids)
        finally:
            k.close()
