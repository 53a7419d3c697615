"""E-mail out, end to end: scheduler jobs -> dispatcher -> e-mail notifier ->
a real SMTP server (aiosmtpd on a free port); every invitation is parsed back
with icalendar and expanded with recurring-ical-events."""

from __future__ import annotations

import email
import email.policy
import email.utils
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from adapters.email import tokens
from adapters.email.ledger import MailLedger, mail_engine
from adapters.email.notifier import EmailNotifier
from adapters.email.transport import OutboxTransport, SmtpTransport, Transport
from domain import commands as c
from domain.meetings import commands as m
from projections.meetings import queries as mq
from samverka import demo_meetings
from samverka.bootstrap import Container, bootstrap
from samverka.settings import Settings
from scheduler.config import SchedulerConfig
from scheduler.dispatch import Dispatcher
from scheduler.jobs import JobRunner
from services.notifications import Addressee, FakeNotifier, OutgoingNotification, RoutingNotifier
from tests.clock import FixedClock
from tests.integration.meeting_scenario import seed_series, series_row
from tests.integration.scenario import meta
from tests.mail_fixtures import MailServer, smtp_server  # noqa: F401 (a fixture)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DOMAIN = "samverka.test"
SECRET = "test-secret"


def mailer(container: Container, transport: Transport, clock: FixedClock) -> EmailNotifier:
    return EmailNotifier(
        transport,
        MailLedger(mail_engine(container.settings.database_url)),
        mail_from="Samverka <samverka@samverka.test>",
        domain=DOMAIN,
        secret=SECRET,
        token_days=60,
        now=clock.now,
        names=lambda ids: {i: f"Namn {i[:4]}" for i in ids},
    )


@dataclass
class Rig:
    runner: JobRunner
    dispatcher: Dispatcher
    fallback: FakeNotifier
    clock: FixedClock

    def run(self, key: str) -> str:
        outcome = self.runner.run(key)
        self.dispatcher.run_once()
        return outcome


def _round_noticed(container: Container, r: Rig, meeting: str) -> str:
    """Opens the meeting's status round and queues its notice; the round."""
    assert r.run(f"{meeting}:status-open") == "opened"
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        (round_row,) = mq.list_rounds(conn, state="open")
    rid: str = round_row["id"]
    assert r.run(f"round:{rid}:notice") == "queued"
    return rid


def rig(container: Container, server: MailServer, clock: FixedClock) -> Rig:
    """The scheduler mailing through `server` (three attempts a message)."""
    return rig_with(container, SmtpTransport(server.url, attempts=3, backoff=0.01), clock)


def rig_with(container: Container, transport: Transport, clock: FixedClock) -> Rig:
    """The scheduler's job runner and dispatcher, mailing through `transport`
    (people without an address go to `fallback`)."""
    cfg = SchedulerConfig()
    fallback = FakeNotifier()
    routes = RoutingNotifier({"email": mailer(container, transport, clock)}, fallback=fallback)
    app, engines, projector = container.app, container.engines, container.projector
    return Rig(
        JobRunner(app, engines, projector, clock.now, cfg),
        Dispatcher(app, engines, projector, routes, clock.now, cfg),
        fallback,
        clock,
    )


def calendar_of(message: EmailMessage) -> tuple[str, icalendar.Calendar]:
    assert message.get_content_type() == "multipart/alternative"
    parts = {p.get_content_type(): p for p in message.walk()}
    assert {"text/plain", "text/html", "text/calendar"} <= parts.keys()
    part = parts["text/calendar"]
    assert part.get_param("charset") == "utf-8"
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return str(part.get_param("method")), icalendar.Calendar.from_ical(payload)


def expanded(cal: icalendar.Calendar, start: date, end: date) -> list[datetime]:
    found = recurring_ical_events.of(cal).between(start, end)
    return sorted(e["DTSTART"].dt.astimezone(STOCKHOLM).replace(tzinfo=None) for e in found)


def held(series: dict[str, object], start: date, end: date) -> list[datetime]:
    """Held meetings starting in [start, end) (moves may cross the window's edges)."""
    found = mq.series_occurrences(series, start - timedelta(days=60), end + timedelta(days=60))
    return sorted(
        o.start.replace(tzinfo=None) for o in found if o.held and start <= o.start.date() < end
    )


def one_to(server: MailServer, address: str, key: str) -> EmailMessage:
    found = [
        r.message for r in server.to(address) if str(r.message["X-Samverka-Key"]).strip() == key
    ]
    assert len(found) == 1, [r.message["X-Samverka-Key"] for r in server.to(address)]
    return found[0]


def test_invitations_updates_and_cancels_are_itip(
    container: Container,
    smtp_server: MailServer,  # noqa: F811
) -> None:
    app = container.app
    s = seed_series(app, starts_on=date(2026, 12, 10), weekday=3)  # Thursdays, from 10 Dec
    sid = s.series
    clock = FixedClock(datetime(2026, 11, 30, 9, tzinfo=UTC))
    r = rig(container, smtp_server, clock)
    anna, bengt = "anna.jonsson@example.se", "bengt.stavenow@example.se"

    assert r.run(f"series:{sid}:invite:r1") == "queued"
    first = one_to(smtp_server, anna, f"series:{sid}:invite:r1")
    method, cal = calendar_of(first)
    assert method == "REQUEST" and cal["METHOD"] == "REQUEST"
    assert first["Message-ID"].endswith(f"@{DOMAIN}>")
    (tz,) = cal.walk("VTIMEZONE")
    assert tz["TZID"] == "Europe/Stockholm"
    assert "RDATE" not in tz.to_ical().decode()
    rules = sorted(str(sub["RRULE"].to_ical().decode()) for sub in tz.subcomponents)
    assert rules == ["FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"]
    (master,) = [e for e in cal.walk("VEVENT") if "RRULE" in e]
    uid, seq1 = str(master["UID"]), int(master["SEQUENCE"])
    assert uid == f"series-{sid}@{DOMAIN}" and seq1 == 1
    attendee = master["ATTENDEE"]
    assert str(attendee) == f"mailto:{anna}"
    assert attendee.params["RSVP"] == "TRUE" and attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    organizer = str(master["ORGANIZER"]).removeprefix("mailto:")
    token = tokens.token_from_address(organizer)
    assert token is not None and organizer.endswith(f"@{DOMAIN}")
    decoded = tokens.decode(
        SECRET, token, lambda kind, t, p: [(sid, s.plan.anna)], clock.moment.date()
    )
    assert (decoded.kind, decoded.target, decoded.person) == ("s", sid, s.plan.anna)
    assert master["DTSTART"].params["TZID"] == "Europe/Stockholm"
    # Julafton 2026-12-24 is a Thursday: moved to the next working day (the
    # series' policy) -> an override with RECURRENCE-ID.
    window = (date(2026, 12, 1), date(2028, 1, 1))
    series = series_row(container, sid)
    assert expanded(cal, *window) == held(series, *window)
    assert {t.time().isoformat() for t in expanded(cal, *window)} == {"12:00:00"}  # DST, New Year
    overrides = [e for e in cal.walk("VEVENT") if "RECURRENCE-ID" in e]
    assert overrides[0]["RECURRENCE-ID"].dt.date() == date(2026, 12, 24)
    assert overrides[0]["DTSTART"].dt == datetime(2026, 12, 28, 12, tzinfo=STOCKHOLM)
    assert one_to(smtp_server, bengt, f"series:{sid}:invite:r1")  # the moderator too
    assert r.fallback.sent[0].recipients[0].slack_user_id == "U0AMANDA1"  # Slack: not by mail

    # Cancel one meeting: revision 2 -> an updated REQUEST (same UID, higher
    # SEQUENCE, EXDATE) and a CANCEL with the RECURRENCE-ID of that meeting.
    app.execute(
        m.CancelOccurrence(series_id=sid, occurrence_date=date(2027, 1, 21), reason="Sjukdom"),
        meta(actor=str(s.plan.bengt)),
    )
    assert r.run(f"meeting:{sid}:2027-01-21:cancel") == "queued"
    assert r.run(f"series:{sid}:invite:r2") == "queued"
    method, cancel = calendar_of(one_to(smtp_server, anna, f"meeting:{sid}:2027-01-21:cancel"))
    assert method == "CANCEL"
    (event,) = cancel.walk("VEVENT")
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) > seq1
    assert event["RECURRENCE-ID"].dt == datetime(2027, 1, 21, 12, tzinfo=STOCKHOLM)
    assert event["STATUS"] == "CANCELLED"
    _, update = calendar_of(one_to(smtp_server, anna, f"series:{sid}:invite:r2"))
    (master2,) = [e for e in update.walk("VEVENT") if "RRULE" in e]
    assert str(master2["UID"]) == uid and int(master2["SEQUENCE"]) == 2
    series = series_row(container, sid)
    assert datetime(2027, 1, 21, 12) not in expanded(update, *window)
    assert expanded(update, *window) == held(series, *window)

    # Move one and reschedule from March onward (Tuesdays 12:15, 45 min):
    # every version still expands to exactly the series' meetings.
    app.execute(
        m.MoveOccurrence(
            series_id=sid, occurrence_date=date(2027, 2, 4), starts_local=datetime(2027, 2, 5, 9)
        ),
        meta(actor=str(s.plan.bengt)),
    )
    app.execute(
        m.RescheduleSeries(
            series_id=sid,
            effective_from=date(2027, 3, 1),
            weekday=1,
            start_time="12:15",
            duration_minutes=45,
            interval_weeks=3,
        ),
        meta(actor=str(s.plan.bengt)),
    )
    series = series_row(container, sid)
    revision = series["schedule_revision"]
    assert r.run(f"series:{sid}:invite:r{revision}") == "queued"
    _, latest = calendar_of(one_to(smtp_server, anna, f"series:{sid}:invite:r{revision}"))
    assert expanded(latest, *window) == held(series, *window)
    masters = [e for e in latest.walk("VEVENT") if "RRULE" in e]
    assert [str(e["UID"]) for e in masters] == [uid, uid.replace("@", "-20270301@")]
    assert all(int(e["SEQUENCE"]) == revision for e in latest.walk("VEVENT"))

    # Ending the series with no meeting left withdraws it: CANCEL of the series.
    app.execute(
        m.EndSeries(series_id=sid, last_day=date(2026, 12, 9)), meta(actor=str(s.plan.bengt))
    )
    assert r.run(f"series:{sid}:end") == "queued"
    method, ended = calendar_of(one_to(smtp_server, anna, f"series:{sid}:end"))
    assert method == "CANCEL"
    assert {str(e["UID"]) for e in ended.walk("VEVENT")} == {str(e["UID"]) for e in masters}
    assert all(e["STATUS"] == "CANCELLED" for e in ended.walk("VEVENT"))
    assert all(int(e["SEQUENCE"]) > revision for e in ended.walk("VEVENT"))


@pytest.mark.any_date
def test_an_invitation_written_today_holds_the_meetings_to_come(
    container: Container,
    clock: FixedClock,
    smtp_server: MailServer,  # noqa: F811
) -> None:
    # Weekly on yesterday's weekday (Stockholm), from four weeks back: on the
    # awkward dates meetings have moved off holidays (yesterday's, nyårsafton,
    # into the coming week), and DST changes lie between the meetings.
    now = clock.now()
    today = now.astimezone(STOCKHOLM).date()
    since = today - timedelta(weeks=4)
    yesterday = today - timedelta(days=1)
    s = seed_series(container.app, starts_on=since, weekday=yesterday.weekday(), interval_weeks=1)
    r = rig(container, smtp_server, clock)
    key = f"series:{s.series}:invite:r1"
    assert r.run(key) == "queued"
    message = one_to(smtp_server, "anna.jonsson@example.se", key)
    _, cal = calendar_of(message)
    series = series_row(container, s.series)
    window = (since, today + timedelta(days=400))
    assert expanded(cal, *window) == held(series, *window)
    local_now = now.astimezone(STOCKHOLM).replace(tzinfo=None)
    coming = [t for t in held(series, *window) if t + timedelta(minutes=30) > local_now][:8]
    text = message.get_body(preferencelist=("plain",))
    assert text is not None
    listed = "".join(f"- {t:%Y-%m-%d kl. %H:%M}\n" for t in coming)
    assert f"Kommande möten:\n{listed}" in text.get_content().replace("\r\n", "\n")


def test_the_demo_series_expands_to_its_meetings(
    container: Container,
    smtp_server: MailServer,  # noqa: F811
) -> None:
    """Initiative 2.7.2's open coordination meetings as the demo has them:
    Tuesdays 12:00 every other week since 6 October 2020, holidays moved."""
    app = container.app
    s = seed_series(app, starts_on=demo_meetings.FIRST, weekday=demo_meetings.FIRST.weekday())
    clock = FixedClock(datetime(2026, 11, 30, 9, tzinfo=UTC))
    r = rig(container, smtp_server, clock)
    assert r.run(f"series:{s.series}:invite:r1") == "queued"
    message = one_to(smtp_server, "anna.jonsson@example.se", f"series:{s.series}:invite:r1")
    assert message["Subject"] == f"Inbjudan: {demo_meetings.SERIES_TITLE}"
    _, cal = calendar_of(message)
    series = series_row(container, s.series)
    window = (date(2020, 10, 1), date(2030, 12, 31))
    assert expanded(cal, *window) == held(series, *window)
    moved = [o for o in mq.series_occurrences(series, *window) if o.state.value == "moved"]
    assert moved  # e.g. 2022-12-06? whichever Tuesdays were holidays
    assert len([e for e in cal.walk("VEVENT") if "RECURRENCE-ID" in e]) == len(moved)
    text = message.get_body(preferencelist=("plain",))
    assert text is not None and "varannan tisdag kl. 12:00–12:30" in text.get_content()


def test_reminders_checkins_summaries_and_minutes_by_mail(
    container: Container,
    smtp_server: MailServer,  # noqa: F811
) -> None:
    app = container.app
    s = seed_series(app)  # Tuesdays from 2026-09-01, 12:00 local
    sid, day = s.series, "2026-09-01"
    clock = FixedClock(datetime(2026, 8, 29, 8, tzinfo=UTC))
    r = rig(container, smtp_server, clock)
    anna = "anna.jonsson@example.se"
    app.execute(
        m.AddAgendaItem(series_id=sid, occurrence_date=date(2026, 9, 1), title="Umo:s nya tjänst"),
        meta(actor=str(s.plan.anna)),
    )
    rid = _round_noticed(container, r, f"meeting:{sid}:{day}")
    prompt = one_to(smtp_server, anna, f"round:{rid}:notice")
    reply = str(prompt["Reply-To"])
    token = tokens.token_from_address(email.utils.parseaddr(reply)[1])
    assert token is not None
    decoded = tokens.decode(
        SECRET, token, lambda kind, t, p: [(UUID(rid), s.plan.anna)], date(2026, 8, 29)
    )
    assert decoded.kind == "c"
    body = prompt.get_body(preferencelist=("plain",))
    assert body is not None
    assert "på spår / risk / blockerad" in body.get_content()
    assert "Svara på detta mejl" in body.get_content()

    clock.moment = datetime(2026, 8, 31, 11, tzinfo=UTC)
    assert r.run(f"meeting:{sid}:{day}:remind") == "queued"
    reminder = one_to(smtp_server, anna, f"meeting:{sid}:{day}:remind")
    text = reminder.get_body(preferencelist=("plain",))
    html = reminder.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    assert "Umo:s nya tjänst" in text.get_content() and "<ol>" in html.get_content()
    assert tokens.token_from_address(email.utils.parseaddr(str(reminder["Reply-To"]))[1])

    clock.moment = datetime(2026, 9, 1, 8, 30, tzinfo=UTC)
    r.run(f"round:{rid}:close")
    summaries = [x for x in smtp_server.received if "Sammanställning" in x.message["Subject"]]
    assert summaries  # to the moderator (by e-mail); the secretary is on Slack

    app.execute(
        m.RecordAttendance(series_id=sid, occurrence_date=date(2026, 9, 1), present=[s.plan.anna]),
        meta(actor=str(s.plan.bengt)),
    )
    app.execute(
        m.CloseMeeting(
            series_id=sid,
            occurrence_date=date(2026, 9, 1),
            closed_at=datetime(2026, 9, 1, 11, tzinfo=UTC),
        ),
        meta(actor=str(s.plan.bengt)),
    )
    clock.moment = datetime(2026, 9, 1, 11, 5, tzinfo=UTC)
    container.projector.catch_up()
    from scheduler.derive import derive

    with container.engines.read.connect() as conn:
        planned = {p.key for p in derive(conn, clock.moment, SchedulerConfig())}
    assert f"meeting:{sid}:{day}:minutes" in planned
    assert r.run(f"meeting:{sid}:{day}:minutes") == "queued"
    assert r.run(f"meeting:{sid}:{day}:minutes") == "already done"
    minutes = one_to(smtp_server, anna, f"meeting:{sid}:{day}:minutes")
    text = minutes.get_body(preferencelist=("plain",))
    assert text is not None
    assert "Minnesanteckningar" in text.get_content()
    assert f"Närvarande: Namn {str(s.plan.anna)[:4]}" in text.get_content()


def test_mail_is_in_the_persons_own_language(
    container: Container,
    smtp_server: MailServer,  # noqa: F811
) -> None:
    """Anna chose English in her settings; without a choice mail is Swedish."""
    app = container.app
    s = seed_series(app)
    sid, day = s.series, "2026-09-01"
    app.execute(
        c.SetPreferences(person_id=s.plan.anna, language="en", channel="auto"),
        meta(actor=str(s.plan.anna)),
    )
    clock = FixedClock(datetime(2026, 8, 29, 8, tzinfo=UTC))
    r = rig(container, smtp_server, clock)
    rid = _round_noticed(container, r, f"meeting:{sid}:{day}")
    prompt = one_to(smtp_server, "anna.jonsson@example.se", f"round:{rid}:notice")
    body = prompt.get_body(preferencelist=("plain",))
    assert body is not None
    # The frame is hers; the round's questions are as their author wrote them.
    assert "Reply to this e-mail" in body.get_content()
    assert "Svara på detta mejl" not in body.get_content()
    others = [
        x.message
        for x in smtp_server.received
        if x.message["X-Samverka-Key"] == f"round:{rid}:notice"
        and "anna.jonsson@example.se" not in str(x.message["To"])
    ]
    assert others
    for other in others:  # nobody else chose: Swedish
        text = other.get_body(preferencelist=("plain",))
        assert text is not None and "Svara på detta mejl" in text.get_content()


def _notification(people: list[tuple[str, str]]) -> OutgoingNotification:
    return OutgoingNotification(
        key="series:x:evaluate",
        kind="evaluation-prompt",
        subject="Utvärdera mötesserien?",
        text="Dags att utvärdera.",
        recipients=tuple(
            Addressee(person_id=p, name=f"Person {p}", channel="email", email=a) for p, a in people
        ),
    )


def test_once_per_key_and_person_across_restarts(
    container: Container,
    smtp_server: MailServer,  # noqa: F811
) -> None:
    clock = FixedClock(datetime(2026, 11, 30, 9, tzinfo=UTC))
    people = [(str(UUID(int=n)), f"p{n}@example.se") for n in range(1, 4)]
    n = _notification(people)
    transport = SmtpTransport(smtp_server.url, attempts=3, backoff=0.01)
    first = mailer(container, transport, clock)
    assert first.send(n) == {p: "email" for p, _ in people}
    assert first.send(n) == {p: "email" for p, _ in people}
    restarted = mailer(container, SmtpTransport(smtp_server.url), clock)
    assert restarted.send(n) == {p: "email" for p, _ in people}
    assert sorted(a for r in smtp_server.received for a in r.recipients) == [a for _, a in people]
    ids = {r.message["Message-ID"] for r in smtp_server.received}
    assert len(ids) == 3


def test_greylisting_is_retried_and_a_bounce_is_recorded(
    container: Container,
    smtp_server: MailServer,  # noqa: F811
) -> None:
    app = container.app
    ok, grey, gone = (
        app.execute(c.RegisterPerson(name=name, email=address), meta()).aggregate_id
        for name, address in (
            ("Karin Ok", "karin@example.se"),
            ("Grå Listad", "grey@example.se"),
            ("Borta Helt", "gone@example.se"),
        )
    )
    smtp_server.defer("grey@example.se", times=1)
    smtp_server.reject("gone@example.se")
    key = "series:demo:evaluate"
    app.execute(
        m.QueueNotification(
            key=key, kind="evaluation-prompt", person_ids=[ok, grey, gone], subject="Hej", text="x"
        ),
        meta(),
    )
    clock = FixedClock(datetime(2026, 11, 30, 9, tzinfo=UTC))
    r = rig(container, smtp_server, clock)
    r.dispatcher.run_once()
    got = sorted(a for x in smtp_server.received for a in x.recipients)
    assert got == ["grey@example.se", "karin@example.se"]  # 451 once, then accepted
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        (row,) = [x for x in mq.notifications(conn) if x["key"] == key]
    assert row["state"] == "sent"
    assert set(row["unreachable"]) == {str(gone)}
    assert "550" in row["unreachable"][str(gone)]
    assert row["channels"] == {str(ok): "email", str(grey): "email"}
    r.dispatcher.run_once()  # nothing more goes out
    assert len(smtp_server.received) == 2


def test_without_smtp_the_outbox_gets_one_eml_per_message(
    container: Container, tmp_path: Path
) -> None:
    clock = FixedClock(datetime(2026, 11, 30, 9, tzinfo=UTC))
    people = [(str(UUID(int=n)), f"p{n}@example.se") for n in range(1, 3)]
    notifier = mailer(container, OutboxTransport(tmp_path / "mail"), clock)
    notifier.send(_notification(people))
    notifier.send(_notification(people))
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 2
    parsed = [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]
    assert sorted(str(p["To"]) for p in parsed) == sorted(f"Person {p} <{a}>" for p, a in people)
    assert all(p["Subject"] == "Utvärdera mötesserien?" for p in parsed)


def test_a_server_that_keeps_deferring_is_tried_again_by_the_dispatcher(
    container: Container,
    smtp_server: MailServer,  # noqa: F811
) -> None:
    app = container.app
    person = app.execute(
        c.RegisterPerson(name="Grå Listad", email="grey@example.se"), meta()
    ).aggregate_id
    smtp_server.defer("grey@example.se", times=3)  # outlasts the three attempts of one send
    key = "series:demo:evaluate"
    app.execute(
        m.QueueNotification(
            key=key, kind="evaluation-prompt", person_ids=[person], subject="Hej", text="x"
        ),
        meta(),
    )
    r = rig(container, smtp_server, FixedClock(datetime(2026, 11, 30, 9, tzinfo=UTC)))
    assert r.dispatcher.run_once() == 0
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        (row,) = [x for x in mq.notifications(conn) if x["key"] == key]
    assert row["state"] == "queued" and "451" in row["last_error"]
    assert smtp_server.received == []
    assert r.dispatcher.run_once() == 1  # the next round gets through
    assert [x.recipients for x in smtp_server.received] == [["grey@example.se"]]


def test_the_composed_mailer_dates_its_mail_by_the_containers_clock(
    settings: Settings, tmp_path: Path
) -> None:
    # The same clock the scheduler uses: a test (or a replayed day) that sets
    # the time sees mail dated that day, not the machine's.
    moment = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    k = bootstrap(
        settings.model_copy(update={"outbox_dir": str(tmp_path)}), clock=FixedClock(moment)
    )
    try:
        k.notifier.send(_notification([(str(UUID(int=7)), "p7@example.se")]))
    finally:
        k.close()
    (eml,) = (tmp_path / "mail").glob("*.eml")
    parsed = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert email.utils.parsedate_to_datetime(str(parsed["Date"])) == moment


def test_the_notifier_and_its_holders_keep_the_secret_out_of_reprs(
    container: Container, tmp_path: Path
) -> None:
    """The secret signs reply addresses; a repr lands in tracebacks and logs."""
    clock = FixedClock(datetime(2026, 11, 30, 9, tzinfo=UTC))
    notifier = mailer(container, OutboxTransport(tmp_path / "outbox"), clock)
    assert SECRET not in repr(notifier)
    assert SECRET not in repr(RoutingNotifier({"email": notifier}, fallback=FakeNotifier()))
