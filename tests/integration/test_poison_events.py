"""Events already stored that the read model cannot take as they are.

Text is checked for control characters at the domain now, but events from
before that check may hold NUL, which PostgreSQL text cannot store. Such an
event must never stop the projector, `replay` or `serve`: the read tables get
U+FFFD, the stored event stays as it was (its bytes and the hash chain). And
an event that fails for any other reason must not stall the projector
silently: the log names it and readiness says the projector is failing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import httpx
import pytest
from sqlalchemy import select
from structlog.testing import capture_logs

from domain import commands as c
from domain.initiative import Initiative
from domain.meta import make_meta
from domain.person import Person, PersonalData
from projections import tables as t
from projections.framework import Projection
from projections.meetings import queries as mq
from projections.plan import queries as q
from projections.rebuild import rebuild
from projections.runner import Projector
from projections.store import RowStore
from samverka.bootstrap import Container
from services.integrity import verify
from tests.e2e.processes import Service
from tests.e2e.test_cli import sv
from tests.integration.scenario import Plan, seed_plan

COMMENT = "a \x00 b"


def _stored_before_the_check(k: Container, initiative_id: UUID) -> int:
    """A health report with NUL, written through the library as an old
    version of Samverka would have (no text check on the way)."""
    initiative = k.app.repository.get(initiative_id)
    assert isinstance(initiative, Initiative)
    meta = make_meta(actor="system", channel="api")
    initiative._health_reported(health="at-risk", comment=COMMENT, meta=meta)
    return max(r.notification.id for r in k.app.save(initiative))


def _person_with_nul(k: Container, plan: Plan) -> None:
    person = k.app.repository.get(plan.anna)
    assert isinstance(person, Person)
    personal = PersonalData(name="Anna\x00Jonsson", email=None, slack_user_id=None)
    meta = make_meta(actor="system", channel="api")
    person._revised(personal=personal, organisation="Region\x00Skåne", meta=meta)
    k.app.save(person)


@pytest.fixture
def plan(container: Container) -> Plan:
    found = seed_plan(container.app)
    container.projector.catch_up()
    return found


def _read(k: Container, plan: Plan) -> tuple[str, str, str]:
    with k.engines.read.connect() as conn:
        initiative = q.get_initiative(conn, str(plan.i272))
        person = q.get_person(conn, str(plan.anna))
        [comment] = conn.execute(
            select(t.health_reports.c.comment).where(
                t.health_reports.c.initiative_id == str(plan.i272)
            )
        ).scalars()
    assert initiative is not None and initiative["health"] == "at-risk"
    assert person is not None
    return comment, person["name"], person["organisation"]


def test_the_projector_and_a_replay_take_a_stored_nul(container: Container, plan: Plan) -> None:
    position = _stored_before_the_check(container, plan.i272)
    _person_with_nul(container, plan)
    assert container.projector.catch_up() == 2
    expected = ("a \ufffd b", "Anna\ufffdJonsson", "Region\ufffdSkåne")
    assert _read(container, plan) == expected
    # The stored event is as it was written: the NUL is still there.
    [stored] = container.app.recorder.select_notifications(start=position, limit=1)
    assert b"\\u0000" in stored.state
    assert rebuild(container.app, container.engines) == position + 1
    assert _read(container, plan) == expected
    assert verify(container.app.recorder).ok


@pytest.mark.postgres
def test_replay_and_serve_run_on_postgres_with_a_stored_nul(pg_schema_url: str) -> None:
    from samverka.bootstrap import bootstrap
    from samverka.settings import Settings

    k = bootstrap(Settings(database_url=pg_schema_url))
    try:
        plan = seed_plan(k.app)
        _stored_before_the_check(k, plan.i272)
    finally:
        k.close()
    replay = sv(pg_schema_url, "replay", check=False)
    assert replay.returncode == 0, replay.stderr
    service = Service(pg_schema_url)
    try:
        ready = httpx.get(f"{service.base}/readyz", timeout=10)
        assert ready.status_code == 200, ready.text
    finally:
        service.stop()
    state = json.loads(sv(pg_schema_url, "export", "state").stdout)
    i272 = next(i for a in state["arenas"] for i in a["initiatives"] if i["code"] == "2.7.2")
    assert i272["health"] == "at-risk"


class Refusing(Projection):
    """The registered projection, but one event always fails in it: in the
    handler ("apply"), or only when its rows are written ("flush": a row the
    database refuses)."""

    def __init__(self, inner: Projection, position: int, where: str) -> None:
        super().__init__()
        self.inner, self.position, self.where = inner, position, where

    def apply(self, event: Any, position: int, rows: RowStore, **known: Any) -> None:
        self.inner.apply(event, position, rows, **known)
        if position != self.position:
            return
        if self.where == "apply":
            raise KeyError("no such row")
        rows.append(t.health_reports, {c.name: None for c in t.health_reports.columns})


@pytest.fixture(params=["apply", "flush"])
def refusing(
    request: pytest.FixtureRequest, container: Container, plan: Plan
) -> Iterator[tuple[Projector, int]]:
    bad = _stored_before_the_check(container, plan.i272)
    container.app.execute(
        c.ReportHealth(initiative_id=plan.i274, health="blocked", comment="väntar"),
        make_meta(actor="system", channel="api"),
    )
    projector = Projector(
        container.app,
        read_engine=container.engines.read,
        write_engine=container.engines.write,
        projection=Refusing(container.projector.projection, bad, request.param),
        batch_size=1000,
        poll_interval=0.05,
    )
    yield projector, bad
    projector.stop()


def test_a_failing_event_is_named_and_blocks_no_waiting_writer(
    refusing: tuple[Projector, int],
) -> None:
    projector, bad = refusing
    # The batch holds two events; the one that fails is found and named (a
    # failed write of the batch is tried again one event at a time).
    for _ in range(2):
        with pytest.raises(Exception):  # noqa: B017 - the projection's own error
            projector.catch_up()
        if projector.failed_event is not None:
            break
    failed = projector.failed_event
    assert failed is not None and failed.position == bad
    assert failed.topic.endswith("HealthReported")
    assert projector.position == bad - 1
    with capture_logs() as logs:
        projector.note_failure(KeyError("no such row"))
    [entry] = [e for e in logs if e["event"] == "projector.event_failed"]
    assert entry["position"] == bad and entry["topic"] == failed.topic
    assert COMMENT not in json.dumps(entry, default=str)
    # A writer waiting for its event after the stuck one is answered at once.
    assert projector.wait_for(bad + 1, timeout=30) is False


def test_the_background_projector_keeps_saying_which_event_fails(
    refusing: tuple[Projector, int],
) -> None:
    projector, bad = refusing
    with capture_logs() as logs:
        projector.start()
        deadline = time.monotonic() + 10
        while projector.failed_event is None and time.monotonic() < deadline:
            time.sleep(0.02)
        answered = projector.wait_for(bad + 1, timeout=30)
        projector.stop()
    assert answered is False
    assert projector.failed_event is not None and projector.failed_event.position == bad
    assert projector.last_error is not None and f"event {bad} " in projector.last_error
    assert any(e["event"] == "projector.event_failed" and e["position"] == bad for e in logs)


def test_the_scheduler_still_invites_to_a_series_titled_before_the_checks(
    container: Container, plan: Plan
) -> None:
    """The scheduler's input is what was stored: a title with a line break and
    a bell from before the checks still gives an invitation, cleaned."""
    from domain.meetings.recurrence import make_rule
    from domain.meetings.series import MeetingSeries, Place
    from scheduler.config import SchedulerConfig
    from scheduler.jobs import JobRunner

    series = MeetingSeries(
        title="Öppet\nsamordningsmöte\x07",
        arena_id=plan.arena,
        initiative_id=plan.i272,
        moderator_id=plan.bengt,
        secretary_id=None,
        invitees=[str(plan.bengt), str(plan.anna)],
        rules=[
            make_rule(
                effective_from=date(2026, 11, 10),
                interval_weeks=2,
                weekday=1,
                start_time="12:00",
                duration_minutes=30,
            )
        ],
        timezone="Europe/Stockholm",
        holiday_policy="next-working-day",
        until=None,
        place=Place(location="", video_link=None, slack_channel=""),
        agenda_template=[],
        evaluate_after=None,
        status_round_days=None,
        meta=make_meta(actor="system", channel="api"),
    )
    container.app.save(series)
    runner = JobRunner(
        container.app,
        container.engines,
        container.projector,
        container.clock.now,
        SchedulerConfig(),
    )
    assert runner.run(f"series:{series.id}:invite:r1") == "queued"
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        [queued] = [n for n in mq.notifications(conn) if n["kind"] == "invitation"]
    assert queued["subject"] == "Inbjudan: Öppet samordningsmöte\ufffd"
