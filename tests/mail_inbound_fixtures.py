"""Inbound mail fixtures: replies written the way Outlook (Swedish), Gmail and
Apple Mail quote them, iTIP REPLYs, and a small world (a series, a round, tokens)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import quote
from uuid import UUID

import pytest

from adapters.email import tokens
from adapters.email.inbound import Inbound
from adapters.email.listen import controller
from adapters.email.poll import ImapTarget, parse_imap_url
from domain.checkins.questions import make_question
from domain.handlers.checkins import status_questions
from domain.meetings import commands as m
from samverka.bootstrap import Container
from samverka.mail import inbound_for
from tests.clock import DEFAULT_NOW
from tests.e2e.server import free_port
from tests.integration.meeting_scenario import seed_series
from tests.integration.scenario import meta

DOMAIN = "samverka.localhost"
# What tests that run the mail roles as processes give them (any 32+ characters).
STRONG_SECRET = "test-mail-secret-0123456789-abcdefghij"
ANNA = "anna.jonsson@example.se"
QUOTE = "Hur går det för initiativet?\nSvara med på spår, risk eller blockerad."

OUTLOOK_SV = """{answer}

Med vänliga hälsningar
Anna Jonsson
Utvecklingsledare, Region Skåne
070-123 45 67

________________________________
Från: Samverka <samverka@samverka.localhost>
Skickat: den 30 november 2026 12:00
Till: Anna Jonsson <anna.jonsson@example.se>
Ämne: Statusrunda inför Öppet samordningsmöte

{quote}
"""

GMAIL_SV = """{answer}

--
Anna Jonsson
UPH / Region Skåne

Den mån 30 nov. 2026 kl 12:00 skrev Samverka <samverka@samverka.localhost>:

> {quote_gt}
"""

APPLE_SV = """{answer}

Vänliga hälsningar
Anna

> 30 nov. 2026 kl. 12:00 skrev Samverka <samverka@samverka.localhost>:
>
> {quote_gt}
"""

FORMATS = {"outlook": OUTLOOK_SV, "gmail": GMAIL_SV, "apple": APPLE_SV}


def quoted(fmt: str, answer: str) -> str:
    quote_gt = QUOTE.replace("\n", "\n> ")
    return FORMATS[fmt].format(answer=answer, quote=QUOTE, quote_gt=quote_gt)


def reply_mail(
    to: str,
    body: str,
    *,
    sender: str = ANNA,
    subject: str = "SV: Statusrunda inför Öppet samordningsmöte",
    message_id: str | None = None,
    headers: dict[str, str] | None = None,
    html: str | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Anna Jonsson <{sender}>"
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(DEFAULT_NOW)  # informative: nothing reads it
    message["Message-ID"] = message_id or f"<{uuid.uuid4().hex}@mail.example.se>"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def itip_reply(
    uid: str, attendee: str, partstat: str, *, recurrence: datetime | None = None
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
        "VERSION:2.0",
        "METHOD:REPLY",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"ATTENDEE;PARTSTAT={partstat};CN=Anna Jonsson:mailto:{attendee}",
        "ORGANIZER;CN=Samverka:mailto:svar@samverka.localhost",
        "DTSTAMP:20260830T100000Z",
        "SEQUENCE:0",
    ]
    if recurrence is not None:
        lines.append("RECURRENCE-ID;TZID=Europe/Stockholm:" + recurrence.strftime("%Y%m%dT%H%M%S"))
    lines += ["END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines)


def calendar_mail(
    to: str, ical: str, *, subject: str = "Accepterat: Öppet samordningsmöte"
) -> EmailMessage:
    message = reply_mail(to, "Anna Jonsson har accepterat.", subject=subject)
    message.add_alternative(ical, subtype="calendar", params={"method": "REPLY"})
    return message


@dataclass
class MailWorld:
    k: Container
    anna: UUID
    bengt: UUID
    series: UUID
    round_id: UUID
    single_round: UUID
    sent: list[EmailMessage] = field(default_factory=list)
    _inbound: Inbound | None = None

    def token(self, kind: str, target: UUID, person: UUID | None = None, days: int = 60) -> str:
        today = self.k.clock.now().date()
        secret = self.k.settings.mail.secret
        return tokens.issue(secret, kind, target, person or self.anna, today, days)

    def address(self, kind: str = "c", target: UUID | None = None, **kw: object) -> str:
        token = self.token(kind, target or self.round_id, **kw)  # type: ignore[arg-type]
        return tokens.reply_address(token, DOMAIN)

    def inbound(self) -> Inbound:
        """The pipeline `mail listen` and `mail poll` run (one per world: its
        answer limit keeps an engine on the mail side tables)."""
        if self._inbound is None:
            self._inbound = inbound_for(self.k, send=self.sent.append)
        return self._inbound

    def answers(self, round_id: UUID | None = None) -> list[dict[str, object]]:
        from sqlalchemy import select

        from projections.meetings import tables as mt

        self.k.projector.catch_up()
        rid = str(round_id or self.round_id)
        table = mt.checkin_answers
        query = select(table).where(table.c.round_id == rid).order_by(table.c.position)
        with self.k.engines.read.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def events(self) -> int:
        return int(self.k.app.recorder.max_notification_id() or 0)


def build_world(k: Container, *, starts_on: date | None = None) -> MailWorld:
    now = k.clock.now()
    first = starts_on or (now + timedelta(days=7)).date()
    s = seed_series(k.app, starts_on=first, weekday=first.weekday())
    round_id = k.app.execute(
        m.OpenCheckInRound(
            title="Statusrunda",
            audience_kind="persons",
            person_ids=[s.plan.anna, s.plan.bengt],
            questions=status_questions(),
            opens_at=now - timedelta(hours=1),
            due_at=now + timedelta(days=3),
        ),
        meta(),
    ).aggregate_id
    single = k.app.execute(
        m.OpenCheckInRound(
            title="Läget",
            audience_kind="persons",
            person_ids=[s.plan.anna],
            questions=[make_question("health", "Hur går det?", "health", required=True)],
            opens_at=now - timedelta(hours=1),
            due_at=now + timedelta(days=3),
        ),
        meta(),
    ).aggregate_id
    k.projector.catch_up()
    return MailWorld(k, s.plan.anna, s.plan.bengt, s.series, round_id, single)


@contextmanager
def listening(inbound: Inbound) -> Iterator[int]:
    """The SMTP listener of `samverka mail listen` on a free port; yields the port."""
    port = free_port()
    server = controller(inbound, "127.0.0.1", port)
    server.start()
    try:
        yield port
    finally:
        server.stop()


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    """Until the process listens on the port; fails if it exits or takes too long."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert process.poll() is None, f"exited with {process.returncode}"
            assert time.monotonic() < deadline, f"nothing listens on {port}"
            time.sleep(0.1)


@contextmanager
def pymap_server(user: str, password: str) -> Iterator[ImapTarget]:
    """A real IMAP server (pymap, in-memory) with one mailbox, on a free port."""
    port = free_port()
    program = [str(Path(sys.executable).with_name("pymap"))]
    with _running(program, port, user, password):
        yield parse_imap_url(f"imap://{user}:{password}@127.0.0.1:{port}/INBOX")


@contextmanager
def _running(program: list[str], port: int, user: str, password: str) -> Iterator[None]:
    """pymap (in-memory, one demo user) on `port` until the block ends."""
    process = subprocess.Popen(
        [
            *program,
            *("--host", "127.0.0.1", "--port", str(port), "--no-tls", "dict"),
            *("--demo-user", user, "--demo-password", password),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def pymap_oauth_server(user: str, introspect_url: str) -> Iterator[ImapTarget]:
    """pymap taking only XOAUTH2, each token checked at `introspect_url`
    (tests/pymap_oauth.py); the target signs in as `user` with ?auth=xoauth2."""
    port = free_port()
    program = [sys.executable, str(Path(__file__).with_name("pymap_oauth.py")), introspect_url]
    with _running(program, port, user, "not-used-by-xoauth2"):
        yield parse_imap_url(f"imap://{quote(user)}@127.0.0.1:{port}/INBOX?auth=xoauth2")


@pytest.fixture
def world(container: Container) -> MailWorld:
    return build_world(container)


@pytest.fixture
def smtp_port(world: MailWorld) -> Iterator[int]:
    """The inbound SMTP listener, on a free port for one test."""
    with listening(world.inbound()) as port:
        yield port
