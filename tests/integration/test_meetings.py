"""Meetings and check-ins through the application and the read model (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain import commands as c
from domain.errors import Forbidden, InvalidTransition, NotFound, ValidationFailed
from domain.meetings import commands as m
from domain.meetings.meeting import meeting_id
from projections.meetings import queries as mq
from projections.meetings import tables as mt
from projections.plan import members
from projections.plan import queries as q
from projections.rebuild import rebuild
from samverka.bootstrap import Container
from tests.clock import FixedClock
from tests.integration.meeting_scenario import seed_series
from tests.integration.scenario import meta

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FIRST = date(2026, 9, 1)  # a Tuesday
SECOND = date(2026, 9, 15)


def test_series_projects_and_upcoming_follows_the_calendar(container: Container) -> None:
    s = seed_series(container.app, starts_on=date(2026, 12, 1))
    container.app.execute(
        m.CancelOccurrence(
            series_id=s.series, occurrence_date=date(2026, 12, 15), reason="Julledigt"
        ),
        meta(actor=str(s.plan.bengt)),
    )
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        series = mq.get_series(conn, str(s.series))
        rows = mq.upcoming(conn, now=datetime(2026, 11, 30, tzinfo=UTC), until=date(2027, 1, 31))
        mine = mq.upcoming(
            conn,
            now=datetime(2026, 11, 30, tzinfo=UTC),
            until=date(2027, 1, 31),
            person_id=str(s.plan.anna),
        )
    assert series is not None
    assert {p["name"] for p in series["invitees"]} == {
        "Anna Jonsson",
        "Bengt Stavenow",
        "Amanda Romare",
    }
    assert [h["kind"] for h in series["history"]] == ["scheduled", "cancelled"]
    # 12-15 is cancelled; 12-29 is an ordinary Tuesday; the fortnight carries into 2027.
    assert [r["start"] for r in rows] == [
        "2026-12-01T12:00:00+01:00",
        "2026-12-29T12:00:00+01:00",
        "2027-01-12T12:00:00+01:00",
        "2027-01-26T12:00:00+01:00",
    ]
    assert mine == rows
    assert rows[0]["series_id"] == str(s.series)


def test_meeting_page_agenda_decisions_actions_and_carry_forward(container: Container) -> None:
    app = container.app
    s = seed_series(app)
    anna, bengt = s.plan.anna, s.plan.bengt
    app.execute(
        m.AddAgendaItem(series_id=s.series, occurrence_date=FIRST, title="Umo:s nya tjänst"),
        meta(actor=str(anna)),
    )
    with pytest.raises(Forbidden):
        stranger = app.execute(c.RegisterPerson(name="Utomstående"), meta()).aggregate_id
        app.execute(
            m.AddAgendaItem(series_id=s.series, occurrence_date=FIRST, title="Reklam"),
            meta(actor=str(stranger)),
        )
    first = meeting_id(s.series, FIRST)
    app.execute(
        m.RecordAttendance(series_id=s.series, occurrence_date=FIRST, present=[anna, bengt]),
        meta(actor=str(s.amanda)),
    )
    app.execute(
        m.WriteNotes(series_id=s.series, occurrence_date=FIRST, text="Bra uppslutning."),
        meta(actor=str(s.amanda)),
    )
    decision = app.execute(
        c.RecordDecision(
            text="Mötesserien utvärderas efter tre möten",
            decision_date=FIRST,
            meeting_id=str(first),
            initiative_ids=[s.plan.i272],
        ),
        meta(actor=str(bengt)),
    ).aggregate_id
    app.execute(
        m.AssignActionItem(
            series_id=s.series,
            occurrence_date=FIRST,
            text="Skicka deltagarlistan",
            assignee_id=anna,
            due=date(2026, 9, 8),
        ),
        meta(actor=str(s.amanda)),
    )
    app.execute(
        m.AssignActionItem(
            series_id=s.series, occurrence_date=FIRST, text="Boka lokal", assignee_id=bengt
        ),
        meta(actor=str(s.amanda)),
    )
    app.execute(
        m.CloseMeeting(
            series_id=s.series,
            occurrence_date=FIRST,
            closed_at=datetime(2026, 9, 1, 11, tzinfo=UTC),
        ),
        meta(actor=str(s.amanda)),
    )
    with pytest.raises(InvalidTransition):
        app.execute(
            m.WriteNotes(series_id=s.series, occurrence_date=FIRST, text="Efteråt"),
            meta(actor=str(s.amanda)),
        )
    # The next meeting is planned by its first agenda item.
    app.execute(
        m.AddAgendaItem(series_id=s.series, occurrence_date=SECOND, title="Teman för hösten"),
        meta(actor=str(bengt)),
    )
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        page = mq.meeting_page(conn, str(first))
        second = mq.meeting_page(conn, str(meeting_id(s.series, SECOND)))
        decision_row = q.get_decision(conn, str(decision))
        annas = mq.open_action_items(conn, person_id=str(anna))
    assert page is not None and second is not None and decision_row is not None
    assert [a["title"] for a in page["agenda"]] == [
        "Välkommen",
        "Runda",
        "Övrigt",
        "Umo:s nya tjänst",
    ]
    assert {a["person_id"] for a in page["attendance"] if a["present"]} == {str(anna), str(bengt)}
    assert page["notes"] == "Bra uppslutning."
    assert page["state"] == "closed"
    assert page["summary"]["decisions"] == ["Mötesserien utvärderas efter tre möten"]
    assert page["summary"]["present"] == sorted([str(anna), str(bengt)])
    assert [a["text"] for a in page["summary"]["action_items"]] == [
        "Skicka deltagarlistan",
        "Boka lokal",
    ]
    assert [d["decision_id"] for d in page["decisions"]] == [str(decision)]
    assert decision_row["decided_by_kind"] == "meeting"
    assert (
        decision_row["decided_by_name"]
        == "Öppet samordningsmöte: Digitala lösningar för psykisk hälsa 2026-09-01"
    )
    assert decision_row["meeting_id"] == str(first)
    assert [a["text"] for a in second["carried_forward"]] == ["Skicka deltagarlistan", "Boka lokal"]
    assert [a["text"] for a in annas] == ["Skicka deltagarlistan"]

    # Members complete their own action items, not others'.
    item = annas[0]["item_id"]
    bengts = next(a for a in page["action_items"] if a["text"] == "Boka lokal")["item_id"]
    with pytest.raises(Forbidden):
        app.execute(
            m.CompleteActionItem(meeting_id=first, item_id=bengts, done_on=date(2026, 9, 5)),
            meta(actor=str(anna)),
        )
    app.execute(
        m.CompleteActionItem(meeting_id=first, item_id=item, done_on=date(2026, 9, 5)),
        meta(actor=str(anna)),
    )
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        second = mq.meeting_page(conn, str(meeting_id(s.series, SECOND)))
    assert second is not None
    assert [a["text"] for a in second["carried_forward"]] == ["Boka lokal"]


def test_a_decision_needs_an_open_meeting_of_ours(container: Container) -> None:
    with pytest.raises(NotFound):
        container.app.execute(
            c.RecordDecision(
                text="X",
                decision_date=FIRST,
                meeting_id=str(meeting_id(seed_series(container.app).series, FIRST)),
            ),
            meta(),
        )
    with pytest.raises(ValidationFailed):
        container.app.execute(
            c.RecordDecision(text="X", decision_date=FIRST, meeting_id="möte 5"), meta()
        )


def test_status_round_revisions_late_answers_summary_and_health(container: Container) -> None:
    app = container.app
    s = seed_series(app)
    anna, bengt = s.plan.anna, s.plan.bengt
    opens = datetime(2026, 8, 29, 8, tzinfo=UTC)
    due = datetime(2026, 9, 1, 8, tzinfo=UTC)
    round_id = app.execute(
        m.OpenStatusRound(series_id=s.series, occurrence_date=FIRST, opens_at=opens, due_at=due),
        meta(),
    ).aggregate_id
    again = app.execute(
        m.OpenStatusRound(series_id=s.series, occurrence_date=FIRST, opens_at=opens, due_at=due),
        meta(),
    )
    assert again.aggregate_id == round_id and again.position is None  # idempotent by its id

    def answer(
        person: object, answers: dict[str, object], at: datetime, channel: str, source: str
    ) -> None:
        command = m.AnswerCheckIn(
            round_id=round_id, person_id=person, answers=answers, answered_at=at
        )  # type: ignore[arg-type]
        app.execute(command, meta(actor=str(person), channel=channel, source_id=source))

    answer(anna, {"health": "på spår"}, opens + timedelta(hours=1), "slack", "slack:Ev001")
    for _ in range(2):  # the same mail, delivered twice
        answer(
            anna,
            {"health": "blockerad", "help": "Vi saknar en lokal"},
            opens + timedelta(hours=5),
            "email",
            "mail:<a@x>",
        )
    answer(bengt, {"health": "risk"}, opens + timedelta(hours=6), "api", "api:b1")
    with pytest.raises(InvalidTransition, match="late answers are not accepted"):
        answer(s.amanda, {"health": "på spår"}, due + timedelta(minutes=1), "slack", "slack:Ev009")
    with pytest.raises(ValidationFailed):
        answer(s.amanda, {"health": "jättebra"}, opens + timedelta(hours=2), "slack", "slack:Ev010")
    app.execute(m.CloseCheckInRound(round_id=round_id, closed_at=due), meta())
    with pytest.raises(InvalidTransition):
        answer(s.amanda, {"health": "på spår"}, opens + timedelta(hours=2), "slack", "slack:Ev011")
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        checkin = mq.get_round(conn, str(round_id))
        missing = mq.round_recipients(conn, str(round_id), answered=False)
        history = mq.initiative_answers(conn, str(s.plan.i272))
        initiative = q.get_initiative(conn, str(s.plan.i272))
        page = mq.meeting_page(conn, str(meeting_id(s.series, FIRST)))
    assert checkin is not None and initiative is not None and page is not None
    summary = checkin["summary"]
    assert (summary["invited"], summary["answered"], checkin["response_rate"]) == (3, 2, 0.6667)
    assert summary["missing"] == [str(s.amanda)]
    health = next(x for x in summary["questions"] if x["id"] == "health")
    # Anna's revision counts (blocked), not her first answer; the tie goes to the worse.
    assert health["counts"] == {"blocked": 1, "at-risk": 1, "on-track": 0}
    assert summary["health"] == "blocked"
    assert [m["name"] for m in missing] == ["Amanda Romare"]
    assert [(h["revision"], h["channel"], h["source_id"]) for h in history] == [
        (1, "slack", "slack:Ev001"),
        (2, "email", "mail:<a@x>"),
        (1, "api", "api:b1"),
    ]
    assert initiative["health"] == "blocked"
    assert page["agenda"][-1]["title"] == "Statusrunda: sammanfattning"
    assert "2 av 3 svarade" in page["agenda"][-1]["note"]


def test_rebuild_gives_the_same_meeting_tables(container: Container) -> None:
    app = container.app
    s = seed_series(app, starts_on=date(2026, 6, 1), weekday=4)
    app.execute(m.PlanMeeting(series_id=s.series, occurrence_date=date(2026, 6, 19)), meta())
    app.execute(
        m.MoveOccurrence(
            series_id=s.series,
            occurrence_date=date(2026, 7, 3),
            starts_local=datetime(2026, 7, 2, 12, 0),
        ),
        meta(),
    )
    app.execute(
        m.QueueNotification(
            key="t:1", kind="reminder", person_ids=[s.plan.anna], subject="Hej", text="x"
        ),
        meta(),
    )
    container.projector.catch_up()

    def dump() -> dict[str, list[str]]:
        with container.engines.read.connect() as conn:
            return {
                t.name: sorted(map(repr, conn.execute(t.select()).all())) for t in mt.MEETING_TABLES
            }

    before = dump()
    assert before["meetings"] and before["notifications"]
    rebuild(app, container.engines)
    assert dump() == before
    with container.engines.read.connect() as conn:
        meeting = mq.get_meeting(conn, str(meeting_id(s.series, date(2026, 6, 19))))
    assert meeting is not None
    assert meeting["starts_at"] == "2026-06-22T12:00:00+02:00"  # midsommarafton moved it
    assert meeting["holiday"] == "Midsommarafton"


def test_a_meeting_moved_into_a_new_month_is_still_coming(container: Container) -> None:
    # Thursdays every other week from 3 December 2026: nyårsafton's meeting
    # (2026-12-31) moves past nyårsdagen and the weekend to Monday 4 January.
    # On New Year's Day it is the next meeting, though its date is last year's.
    s = seed_series(container.app, starts_on=date(2026, 12, 3), weekday=3)
    container.app.execute(
        m.MoveOccurrence(
            series_id=s.series,
            occurrence_date=date(2027, 1, 28),
            starts_local=datetime(2027, 2, 2, 12, 0),  # by hand, into February
        ),
        meta(actor=str(s.plan.bengt)),
    )
    container.projector.catch_up()
    new_years_day = datetime(2027, 1, 1, 9, 30, tzinfo=UTC)
    first_of_february = datetime(2027, 2, 1, 9, 30, tzinfo=UTC)
    with container.engines.read.connect() as conn:
        january = mq.upcoming(conn, now=new_years_day, until=date(2027, 1, 31))
        february = mq.upcoming(conn, now=first_of_february, until=date(2027, 2, 28))
        mine = mq.upcoming(
            conn, now=new_years_day, until=date(2027, 1, 31), person_id=str(s.plan.anna)
        )
    assert [(r["date"], r["start"]) for r in january] == [
        ("2026-12-31", "2027-01-04T12:00:00+01:00"),
        ("2027-01-14", "2027-01-14T12:00:00+01:00"),
    ]
    assert mine == january
    assert [(r["date"], r["start"]) for r in february] == [
        ("2027-01-28", "2027-02-02T12:00:00+01:00"),
        ("2027-02-11", "2027-02-11T12:00:00+01:00"),
        ("2027-02-25", "2027-02-25T12:00:00+01:00"),
    ]


def test_the_meeting_going_on_may_have_moved_days_ago(container: Container) -> None:
    # Julafton 2026 is a Thursday: that meeting is held Monday 28 December,
    # and notes written in the series' channel that day belong to it.
    seed_series(container.app, starts_on=date(2026, 12, 10), weekday=3, slack_channel="C0MEET")
    container.projector.catch_up()
    during = datetime(2026, 12, 28, 11, 10, tzinfo=UTC)  # 12:10 in Stockholm
    with container.engines.read.connect() as conn:
        going_on = members.meeting_now(conn, "C0MEET", None, during)
        christmas_day = members.meeting_now(conn, "C0MEET", None, during - timedelta(days=3))
    assert going_on is not None and christmas_day is None
    assert (going_on["date"], going_on["start"]) == ("2026-12-24", "2026-12-28T12:00:00+01:00")


@pytest.mark.any_date
def test_upcoming_from_now_at_any_date(container: Container, clock: FixedClock) -> None:
    # A weekly series for each weekday, from four weeks back: on the awkward
    # dates meetings have moved off holidays (some into the coming days, some
    # into a new month or year), and DST changes lie between them.
    now = clock.now()
    today = now.astimezone(STOCKHOLM).date()
    since, until = today - timedelta(weeks=4), today + timedelta(weeks=5)
    s = seed_series(container.app, starts_on=since, weekday=0, interval_weeks=1)
    for weekday in range(1, 7):
        container.app.execute(
            m.ScheduleSeries(
                title=f"Veckomöte {weekday}",
                moderator_id=s.plan.bengt,
                invitees=[s.plan.anna],
                initiative_id=s.plan.i272,
                starts_on=since,
                weekday=weekday,
                interval_weeks=1,
            ),
            meta(actor=str(s.plan.bengt)),
        )
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        rows = mq.upcoming(conn, now=now, until=until)
        mine = mq.upcoming(conn, now=now, until=until, person_id=str(s.plan.anna))
        series = mq.list_series(conn)
    # Every meeting not yet over that starts by `until`, wherever its original date.
    expected = sorted(
        (o.start, row["id"])
        for row in series
        for o in mq.series_occurrences(row, since, until)
        if o.held and o.end >= now and o.start.date() <= until
    )
    assert [(r["start"], r["series_id"]) for r in rows] == [
        (start.isoformat(), sid) for start, sid in expected
    ]
    assert len(rows) >= 30 and mine == rows
    assert {f"{datetime.fromisoformat(r['start']):%H:%M}" for r in rows} == {"12:00"}


def test_the_evaluation_is_recorded_by_those_who_run_the_series(container: Container) -> None:
    s = seed_series(container.app, starts_on=FIRST)
    by_anna, by_bengt = meta(actor=str(s.plan.anna)), meta(actor=str(s.plan.bengt))
    with pytest.raises(Forbidden):  # a member of the arena, not its secretary
        container.app.execute(m.EvaluateSeries(series_id=s.series, verdict="end"), by_anna)
    with pytest.raises(ValidationFailed) as refused:
        container.app.execute(m.EvaluateSeries(series_id=s.series, verdict="maybe"), by_bengt)
    assert refused.value.field == "verdict"
    container.app.execute(
        m.EvaluateSeries(series_id=s.series, verdict="continue", comment="Bra format"), by_bengt
    )
    container.app.execute(m.EndSeries(series_id=s.series, last_day=SECOND), by_bengt)
    with pytest.raises(InvalidTransition) as ended:
        container.app.execute(m.EvaluateSeries(series_id=s.series, verdict="end"), by_bengt)
    assert ended.value.rule == "series.ended"
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        series = mq.get_series(conn, str(s.series))
    assert series is not None
    assert [(h["kind"], h["detail"]) for h in series["history"] if h["kind"] == "evaluated"] == [
        ("evaluated", "continue: Bra format")
    ]
