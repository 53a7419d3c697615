"""The scheduler: jobs derived from events, idempotent runs, the outbox, restarts."""

from __future__ import annotations

import logging
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from domain.meetings import commands as m
from domain.meetings.meeting import meeting_id
from projections.meetings import queries as mq
from projections.rebuild import rebuild
from samverka.bootstrap import Container, SystemClock, leader_lock
from scheduler.config import SchedulerConfig
from scheduler.derive import derive
from scheduler.dispatch import Dispatcher
from scheduler.jobs import JobRunner
from scheduler.service import SchedulerService
from services.notifications import FakeNotifier
from tests.clock import FixedClock
from tests.integration.meeting_scenario import seed_series, series_row
from tests.integration.scenario import meta

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FIRST = date(2026, 9, 1)  # Tuesday; the meeting is 12:00-12:30 local (10:00 UTC)
START = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)


def parts(
    container: Container, clock: FixedClock, cfg: SchedulerConfig | None = None
) -> tuple[JobRunner, Dispatcher, FakeNotifier]:
    cfg = cfg or SchedulerConfig()
    notifier = FakeNotifier()
    runner = JobRunner(container.app, container.engines, container.projector, clock.now, cfg)
    dispatcher = Dispatcher(
        container.app, container.engines, container.projector, notifier, clock.now, cfg
    )
    return runner, dispatcher, notifier


def keys_of(container: Container, now: datetime) -> dict[str, datetime]:
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        return {p.key: p.run_at for p in derive(conn, now, SchedulerConfig())}


def test_the_schedule_is_derived_from_events_and_jobs_are_idempotent(container: Container) -> None:
    s = seed_series(container.app)
    clock = FixedClock(datetime(2026, 8, 20, 8, tzinfo=UTC))
    base = f"meeting:{s.series}:{FIRST.isoformat()}"
    planned = keys_of(container, clock.moment)
    assert planned == {
        f"series:{s.series}:invite:r1": clock.moment,
        f"{base}:plan": clock.moment,  # 14 days ahead is already past
        f"{base}:remind": START - timedelta(days=1),
        f"{base}:status-open": START - timedelta(days=3),
        # After the third meeting (09-01, 09-15, 09-29), at 12:30 local.
        f"series:{s.series}:evaluate": datetime(2026, 9, 29, 10, 30, tzinfo=UTC),
    }
    runner, dispatcher, notifier = parts(container, clock)
    invite = f"series:{s.series}:invite:r1"
    assert runner.run(invite) == "queued"
    assert runner.run(invite) == "already done"
    assert dispatcher.run_once() == 1
    assert dispatcher.run_once() == 0
    assert notifier.sent_keys() == [invite]
    sent = notifier.sent[0]
    assert sent.kind == "invitation"
    assert {a.channel for a in sent.recipients} == {"email", "slack"}
    assert {a.name for a in sent.recipients} == {"Anna Jonsson", "Bengt Stavenow", "Amanda Romare"}
    assert [o["start"] for o in sent.data["occurrences"]][:2] == [
        "2026-09-01T12:00:00+02:00",
        "2026-09-15T12:00:00+02:00",
    ]
    assert sent.data["rule_text"] == ["varannan tisdag kl. 12:00–12:30"]
    assert runner.run(f"{base}:plan") == "planned"

    # Rebuilding the read model derives the same remaining jobs: nothing lost, nothing doubled.
    before = keys_of(container, clock.moment)
    rebuild(container.app, container.engines)
    assert keys_of(container, clock.moment) == before
    assert set(before) == {f"{base}:remind", f"{base}:status-open", f"series:{s.series}:evaluate"}

    # A changed schedule is a new invitation (a new revision), sent once.
    container.app.execute(
        m.MoveOccurrence(
            series_id=s.series, occurrence_date=FIRST, starts_local=datetime(2026, 9, 2, 12, 0)
        ),
        meta(actor=str(s.plan.bengt)),
    )
    changed = keys_of(container, clock.moment)
    assert f"series:{s.series}:invite:r2" in changed
    assert changed[f"{base}:remind"] == START + timedelta(days=1) - timedelta(days=1)


def test_a_meeting_moved_weeks_later_still_gets_its_jobs(container: Container) -> None:
    # The 1 September meeting is moved by hand to Thursday 24 September (a
    # meeting moves up to 60 days). On 16 September it is the next meeting:
    # it is planned, reminded and gets its status round, not the 29th's.
    s = seed_series(container.app)
    container.app.execute(
        m.MoveOccurrence(
            series_id=s.series, occurrence_date=FIRST, starts_local=datetime(2026, 9, 24, 12, 0)
        ),
        meta(actor=str(s.plan.bengt)),
    )
    now = datetime(2026, 9, 16, 8, tzinfo=UTC)
    planned = keys_of(container, now)
    moved = datetime(2026, 9, 24, 10, tzinfo=UTC)  # 12:00 in Stockholm
    base = f"meeting:{s.series}:{FIRST.isoformat()}"
    assert {k: v for k, v in planned.items() if k.startswith("meeting:")} == {
        f"{base}:plan": now,
        f"{base}:remind": moved - timedelta(days=1),
        f"{base}:status-open": moved - timedelta(days=3),
    }
    # Before the 15th, that one comes first: the next meeting is the soonest.
    earlier = datetime(2026, 9, 10, 8, tzinfo=UTC)
    second = f"meeting:{s.series}:2026-09-15"
    assert sorted(k for k in keys_of(container, earlier) if k.startswith("meeting:")) == [
        f"{second}:plan",
        f"{second}:remind",
        f"{second}:status-open",
    ]


def test_reminder_carries_the_agenda_and_is_skipped_after_the_meeting(container: Container) -> None:
    s = seed_series(container.app)
    container.app.execute(
        m.AddAgendaItem(series_id=s.series, occurrence_date=FIRST, title="Digitala stödet i Skåne"),
        meta(actor=str(s.plan.anna)),
    )
    remind = f"meeting:{s.series}:{FIRST.isoformat()}:remind"
    late = FixedClock(START + timedelta(minutes=5))
    runner, dispatcher, notifier = parts(container, late)
    assert runner.run(remind) == "skipped: the meeting already happened"
    clock = FixedClock(START - timedelta(days=1))
    runner, dispatcher, notifier = parts(container, clock)
    assert runner.run(remind) == "queued"
    assert dispatcher.run_once() == 1
    (sent,) = notifier.sent
    assert sent.data["agenda"] == ["Välkommen", "Runda", "Övrigt", "Digitala stödet i Skåne"]
    assert "Digitala stödet i Skåne" in sent.text
    # Queued but not sent before the meeting started: too late, skipped rather than sent.
    container.app.execute(
        m.QueueNotification(
            key="late:1",
            kind="reminder",
            person_ids=[s.plan.anna],
            subject="x",
            text="x",
            not_after=START,
        ),
        meta(),
    )
    runner, dispatcher, notifier = parts(container, FixedClock(START + timedelta(hours=1)))
    assert dispatcher.run_once() == 0
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        late_row = next(r for r in mq.notifications(conn) if r["key"] == "late:1")
    assert late_row["state"] == "skipped"


def test_status_round_jobs_open_nudge_close_and_summarise(container: Container) -> None:
    s = seed_series(container.app)
    base = f"meeting:{s.series}:{FIRST.isoformat()}"
    clock = FixedClock(START - timedelta(days=3))
    runner, dispatcher, notifier = parts(container, clock)
    assert runner.run(f"{base}:status-open") == "opened"
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        (checkin,) = mq.list_rounds(conn, series_id=str(s.series))
    rid = checkin["id"]
    planned = keys_of(container, clock.moment)
    assert planned[f"round:{rid}:close"] == START - timedelta(hours=2)
    assert planned[f"round:{rid}:remind:24"] == START - timedelta(hours=26)
    assert runner.run(f"round:{rid}:notice") == "queued"
    assert dispatcher.run_once() == 1
    container.app.execute(
        m.AnswerCheckIn(
            round_id=checkin_id(rid),
            person_id=s.plan.anna,
            answers={"health": "risk"},
            answered_at=clock.moment,
        ),
        meta(actor=str(s.plan.anna), channel="slack", source_id="slack:1"),
    )
    clock.moment = START - timedelta(hours=26)
    assert runner.run(f"round:{rid}:remind:24") == "queued"
    assert dispatcher.run_once() == 1
    clock.moment = START - timedelta(hours=2)
    assert runner.run(f"round:{rid}:close").startswith("queued")
    assert runner.run(f"round:{rid}:close") == "already closed"
    dispatcher.run_once()
    kinds = [n.kind for n in notifier.sent]
    assert kinds == ["checkin-open", "checkin-reminder", "round-summary"]
    nudge = notifier.sent[1]
    assert {a.name for a in nudge.recipients} == {"Bengt Stavenow", "Amanda Romare"}  # not Anna
    summary = notifier.sent[2]
    assert {a.name for a in summary.recipients} == {"Bengt Stavenow", "Amanda Romare"}
    assert summary.data["summary"]["health"] == "at-risk"
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        page = mq.meeting_page(conn, str(meeting_id(s.series, FIRST)))
    assert page is not None and page["status_round"]["state"] == "closed"


def run_jobs_until(
    container: Container, clock: FixedClock, until: datetime
) -> tuple[list[tuple[str, datetime, str]], FakeNotifier]:
    """Runs the derived jobs in time order up to `until`, the clock at each
    one's time, as the scheduler would: (key, when, outcome) of each."""
    runner, dispatcher, notifier = parts(container, clock)
    ran: list[tuple[str, datetime, str]] = []
    for _ in range(50):
        pending = [
            p
            for p in sorted(keys_of(container, clock.now()).items(), key=lambda kv: (kv[1], kv[0]))
            if p[1] <= until and p[0] not in {key for key, _, _ in ran}
        ]
        if not pending:
            return ran, notifier
        key, at = pending[0]
        clock.set(max(clock.now(), at))
        ran.append((key, clock.now(), runner.run(key)))
        dispatcher.run_once()
    raise AssertionError(f"the jobs did not settle: {ran}")


@pytest.mark.any_date
def test_the_next_meeting_s_jobs_run_in_order_at_any_date(
    container: Container, clock: FixedClock
) -> None:
    # A fortnightly series from a week after today (Stockholm), on that
    # weekday: on the awkward dates its first meeting falls on juldagen,
    # påskdagen, after New Year or a DST change, or in a leap year's March.
    now = clock.now()
    first = now.astimezone(STOCKHOLM).date() + timedelta(days=7)
    s = seed_series(container.app, starts_on=first, weekday=first.weekday())
    series = series_row(container, s.series)
    found = mq.series_occurrences(series, first, first + timedelta(days=60))
    nxt = found[0]
    assert nxt.key == first and nxt.held  # moved off a holiday, if it was one
    assert f"{nxt.start.astimezone(STOCKHOLM):%H:%M}" == "12:00" and nxt.start > now

    ran, notifier = run_jobs_until(container, clock, nxt.start)
    base = f"meeting:{s.series}:{first.isoformat()}"
    with container.engines.read.connect() as conn:
        (checkin,) = mq.list_rounds(conn, series_id=str(s.series))
        rid = checkin["id"]
    assert ran == [
        (f"{base}:plan", now, "planned"),  # within two weeks: at once
        (f"series:{s.series}:invite:r1", now, "queued"),
        (f"{base}:status-open", nxt.start - timedelta(days=3), "opened"),
        (f"round:{rid}:notice", nxt.start - timedelta(days=3), "queued"),
        (f"round:{rid}:remind:24", nxt.start - timedelta(hours=26), "queued"),
        (f"{base}:remind", nxt.start - timedelta(hours=24), "queued"),
        (f"round:{rid}:close", nxt.start - timedelta(hours=2), "queued"),
    ]
    kinds = [n.kind for n in notifier.sent]
    assert kinds == ["invitation", "checkin-open", "checkin-reminder", "reminder", "round-summary"]
    invitation, reminder = notifier.sent[0], notifier.sent[3]
    assert invitation.data["occurrences"][0]["start"] == nxt.start.isoformat()
    assert f"{nxt.start:%Y-%m-%d} kl. 12:00" in reminder.text
    assert reminder.data["starts_at"] == nxt.start.isoformat()


def test_on_new_years_day_the_meeting_moved_from_nyarsafton_is_still_coming(
    container: Container, clock: FixedClock
) -> None:
    # Thursdays every other week from 3 December 2026: the meeting of
    # nyårsafton is held Monday 4 January. An invitation written on New Year's
    # Day lists it, and a series ending on 5 January keeps it in calendars.
    clock.set(datetime(2027, 1, 1, 9, 30, tzinfo=UTC))
    s = seed_series(container.app, starts_on=date(2026, 12, 3), weekday=3)
    runner, dispatcher, notifier = parts(container, clock)
    assert runner.run(f"series:{s.series}:invite:r1") == "queued"
    assert dispatcher.run_once() == 1
    (invitation,) = notifier.sent
    assert [o["start"] for o in invitation.data["occurrences"]][:2] == [
        "2027-01-04T12:00:00+01:00",
        "2027-01-14T12:00:00+01:00",
    ]
    assert [(o["date"], o["state"]) for o in invitation.data["changed"]][:1] == [
        ("2026-12-31", "moved")
    ]
    assert "Kommande möten: 2027-01-04 kl. 12:00" in invitation.text
    container.app.execute(
        m.EndSeries(series_id=s.series, last_day=date(2027, 1, 5)), meta(actor=str(s.plan.bengt))
    )
    assert runner.run(f"series:{s.series}:end") == "queued"
    assert dispatcher.run_once() == 1
    assert notifier.sent[-1].kind == "series-ended"
    assert notifier.sent[-1].data["withdraw"] is False  # 4 January is still to come


def checkin_id(value: str) -> object:
    from uuid import UUID

    return UUID(value)


def _service(
    container: Container, cfg: SchedulerConfig, notifier: FakeNotifier, clock: Any = None
) -> SchedulerService:
    return SchedulerService(
        container.app,
        container.engines,
        container.projector,
        notifier,
        leader_lock(container.settings, container.engines),
        clock or container.clock,
        cfg,
    )


def _series_with_reminder_in(container: Container, seconds: float) -> tuple[str, SchedulerConfig]:
    """A weekly series whose next reminder falls `seconds` from now (real time).
    It keeps its meetings on holidays, so no date of the year moves this one."""
    now = datetime.now(UTC)
    start = (now + timedelta(minutes=90)).astimezone(STOCKHOLM).replace(second=0, microsecond=0)
    s = seed_series(
        container.app, starts_on=start.date(), weekday=start.weekday(), holiday_policy="keep"
    )
    container.app.execute(
        m.RescheduleSeries(
            series_id=s.series,
            effective_from=start.date(),
            weekday=start.weekday(),
            start_time=start.strftime("%H:%M"),
            duration_minutes=30,
            interval_weeks=1,
        ),
        meta(),
    )
    lead = (start - now).total_seconds() - seconds
    cfg = SchedulerConfig(
        reminder_lead=lead, leader_poll=0.2, dispatch_interval=0.2, sync_interval=0.5
    )
    return f"meeting:{s.series}:{start.date().isoformat()}:remind", cfg


def _wait_for(predicate: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
@pytest.mark.parametrize("grace", [60.0, 1.0], ids=["inside-grace", "outside-grace"])
def test_restart_with_a_missed_reminder(
    container: Container, grace: float, caplog: pytest.LogCaptureFixture
) -> None:
    # APScheduler fires on the machine's clock: so does this scheduler.
    remind, cfg = _series_with_reminder_in(container, 4.0)
    cfg = cfg.model_copy(update={"misfire_grace": grace})
    first = _service(container, cfg, FakeNotifier(), SystemClock())
    first.tick()  # leads; the reminder job is stored for four seconds from now
    assert first.leading
    assert remind in dict(first.scheduled())
    first.stop()  # down before the reminder is due
    time.sleep(7.0)  # the reminder is now missed by about three seconds

    notifier = FakeNotifier()
    second = _service(container, cfg, notifier, SystemClock())
    caplog.set_level(logging.WARNING, logger="apscheduler")
    try:
        second.tick()
        if grace > 3:
            assert _wait_for(lambda: (second.tick(), remind in notifier.sent_keys())[1], 10)
            assert notifier.sent_keys().count(remind) == 1
        else:
            time.sleep(1.0)
            second.tick()
            assert remind not in notifier.sent_keys()
            assert remind in second._missed_logged
            assert any("was missed by" in r.getMessage() for r in caplog.records)
            container.projector.catch_up()
            with container.engines.read.connect() as conn:
                assert remind not in {r["key"] for r in mq.notifications(conn)}
    finally:
        second.stop()


def test_only_one_instance_leads(container: Container) -> None:
    cfg = SchedulerConfig()
    one, two = _service(container, cfg, FakeNotifier()), _service(container, cfg, FakeNotifier())
    try:
        one.tick()
        two.tick()
        assert (one.leading, two.leading) == (True, False)
        one.stop()
        two.tick()
        assert two.leading
    finally:
        one.stop()
        two.stop()
