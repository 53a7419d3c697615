"""E-mail both ways: what Samverka sends (through a real SMTP server) is
answered the way Outlook answers it, into the real SMTP listener, and
becomes events — a check-in answer from a reply to the prompt, an RSVP from
a calendar client's iTIP REPLY to the invitation."""

from __future__ import annotations

import email.utils
import smtplib
from datetime import timedelta
from email.message import EmailMessage

import icalendar

from adapters.email.ledger import MailLedger, mail_engine
from adapters.email.notifier import EmailNotifier
from adapters.email.transport import SmtpTransport
from domain.meetings.meeting import meeting_id
from projections.meetings import queries as mq
from projections.meetings import rsvps as meeting_rsvps
from scheduler.config import SchedulerConfig
from scheduler.dispatch import Dispatcher
from scheduler.jobs import JobRunner
from services.notifications import FakeNotifier, RoutingNotifier
from tests.mail_fixtures import MailServer, smtp_server  # noqa: F401 (a fixture)
from tests.mail_inbound_fixtures import ANNA, MailWorld, reply_mail, smtp_port, world

__all__ = ["smtp_port", "world"]  # the fixtures used here (with smtp_server)


def send_out(world: MailWorld, server: MailServer, key: str) -> None:
    """Runs one scheduler job and the dispatcher, mail going to `server`."""
    k, settings = world.k, world.k.settings
    notifier = EmailNotifier(
        SmtpTransport(server.url, attempts=2, backoff=0.01),
        MailLedger(mail_engine(settings.database_url)),
        mail_from=settings.mail.sender,
        domain=settings.mail.domain,
        secret=settings.mail.secret,
        token_days=settings.mail.token_days,
        now=k.clock.now,
        names=lambda ids: dict.fromkeys(ids, "Anna Jonsson"),
    )
    routes = RoutingNotifier({"email": notifier}, fallback=FakeNotifier())
    cfg = SchedulerConfig()
    JobRunner(k.app, k.engines, k.projector, k.clock.now, cfg).run(key)
    Dispatcher(k.app, k.engines, k.projector, routes, k.clock.now, cfg).run_once()


def the_one(server: MailServer, key: str) -> EmailMessage:
    found = [r.message for r in server.to(ANNA) if str(r.message["X-Samverka-Key"]) == key]
    assert len(found) == 1
    return found[0]


def outlook_reply(original: EmailMessage, answer: str) -> EmailMessage:
    """A reply as Swedish Outlook writes it: the answer on top, the prompt below."""
    body = original.get_body(preferencelist=("plain",))
    assert body is not None
    quoted = (
        f"{answer}\n\nMed vänliga hälsningar\nAnna Jonsson\nRegion Skåne\n\n"
        "________________________________\n"
        f"Från: {original['From']}\nSkickat: den 30 november 2026 08:00\n"
        f"Till: Anna Jonsson <{ANNA}>\nÄmne: {original['Subject']}\n\n"
        f"{body.get_content()}"
    )
    to = email.utils.parseaddr(str(original["Reply-To"]))[1]
    reply = reply_mail(to, quoted, subject=f"SV: {original['Subject']}")
    reply["In-Reply-To"] = str(original["Message-ID"])
    return reply


def deliver(port: int, message: EmailMessage) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.send_message(message)


def test_a_reply_to_the_check_in_prompt_is_the_answer(
    world: MailWorld,
    smtp_server: MailServer,  # noqa: F811
    smtp_port: int,
) -> None:
    key = f"round:{world.round_id}:notice"
    send_out(world, smtp_server, key)
    prompt = the_one(smtp_server, key)
    reply = outlook_reply(prompt, "risk\nVi väntar på beslut om finansiering.")
    deliver(smtp_port, reply)
    deliver(smtp_port, reply)  # the mail system delivered it twice
    [row] = world.answers()
    assert row["channel"] == "email" and row["source_id"] == reply["Message-ID"]
    assert row["answers"] == {
        "health": "at-risk",
        "progress": "Vi väntar på beslut om finansiering.",
    }
    assert world.sent == []  # no bounce, no help


def test_a_calendar_reply_to_the_invitation_is_an_rsvp(
    world: MailWorld,
    smtp_server: MailServer,  # noqa: F811
    smtp_port: int,
) -> None:
    k = world.k
    k.projector.catch_up()
    with k.engines.read.connect() as conn:
        series = mq.get_series(conn, str(world.series))
    assert series is not None
    key = f"series:{world.series}:invite:r{series['schedule_revision']}"
    send_out(world, smtp_server, key)
    invitation = the_one(smtp_server, key)
    part = next(p for p in invitation.walk() if p.get_content_type() == "text/calendar")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    request = icalendar.Calendar.from_ical(payload)
    event = next(iter(request.walk("VEVENT")))
    organizer = str(event["ORGANIZER"]).removeprefix("mailto:")

    # What Outlook sends back on "Acceptera": METHOD:REPLY, same UID and
    # SEQUENCE, the attendee with PARTSTAT, to the organizer's address.
    answer = icalendar.Calendar()
    answer.add("prodid", "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN")
    answer.add("version", "2.0")
    answer.add("method", "REPLY")
    accepted = icalendar.Event()
    for name in ("UID", "SEQUENCE", "DTSTART", "DTEND", "ORGANIZER"):
        accepted.add(name, event[name])
    accepted.add("DTSTAMP", k.clock.now())
    attendee = icalendar.vCalAddress(f"mailto:{ANNA}")
    attendee.params["PARTSTAT"] = "ACCEPTED"
    attendee.params["CN"] = "Anna Jonsson"
    accepted.add("ATTENDEE", attendee)
    answer.add_component(accepted)
    reply = reply_mail(organizer, "Anna Jonsson har accepterat.", subject="Accepterat: möte")
    reply.add_alternative(answer.to_ical().decode(), subtype="calendar", params={"method": "REPLY"})
    deliver(smtp_port, reply)

    k.projector.catch_up()
    with k.engines.read.connect() as conn:
        today = k.clock.now().date()
        nxt = mq.series_occurrences(series, today, today + timedelta(days=40))[0]
        rsvps = meeting_rsvps.rsvps(conn, series["id"], str(meeting_id(world.series, nxt.key)))
    # No RECURRENCE-ID: the answer holds for the whole series, so for its next meeting.
    assert [(r["person_id"], r["response"], r["scope"], r["channel"]) for r in rsvps] == [
        (str(world.anna), "accepted", "series", "email")
    ]
    assert world.sent == []
