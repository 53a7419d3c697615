"""E-mail out: invitations for a series with 500 invitees through a local SMTP server.

Ours: the scheduler queues the series' invitation and the dispatcher sends it
through the e-mail notifier to aiosmtpd on a free port: one personal message
per invitee (text, HTML and an iTIP calendar with the person's reply
address), each recorded in the sent ledger before and after sending.
Reference, same run: raw smtplib sending as many prebuilt messages of the
same size over one connection to the same server.
"""

from __future__ import annotations

import smtplib
import time
from datetime import UTC, date, datetime

from adapters.email.ledger import MailLedger, mail_engine
from adapters.email.notifier import EmailNotifier
from adapters.email.transport import SmtpTransport
from bench.backends import fresh_database
from bench.report import Line
from domain import commands as c
from domain.meetings import commands as m
from domain.meta import make_meta
from samverka.bootstrap import bootstrap
from samverka.demo_meetings import AGENDA, SERIES_TITLE
from samverka.settings import Settings
from scheduler.config import SchedulerConfig
from scheduler.dispatch import Dispatcher
from scheduler.jobs import JobRunner
from services.notifications import FakeNotifier, RoutingNotifier
from tests.mail_fixtures import mail_server


def bench_mail(backend: str, invitees: int = 500) -> list[Line]:
    now = datetime(2026, 11, 30, 9, tzinfo=UTC)
    with mail_server() as server, fresh_database(backend) as url:
        k = bootstrap(Settings(database_url=url))
        try:
            meta = make_meta(actor="bench", channel="cli")
            people = [
                k.app.execute(
                    c.RegisterPerson(name=f"Deltagare {n}", email=f"p{n}@example.se"), meta
                ).aggregate_id
                for n in range(invitees)
            ]
            arena = k.app.execute(c.CreateArena(code="2.7", name="Delarena 2.7"), meta)
            series = k.app.execute(
                m.ScheduleSeries(
                    title=SERIES_TITLE,
                    moderator_id=people[0],
                    invitees=people[1:],
                    arena_id=arena.aggregate_id,
                    starts_on=date(2026, 12, 1),
                    weekday=1,
                    agenda_template=AGENDA,
                    video_link="https://example.se/mote/digitala-losningar",
                ),
                meta,
            ).aggregate_id
            cfg = SchedulerConfig()
            notifier = EmailNotifier(
                SmtpTransport(server.url),
                MailLedger(mail_engine(url)),
                mail_from="Samverka <samverka@samverka.localhost>",
                domain="samverka.localhost",
                secret="bench",
                token_days=60,
                now=lambda: now,
            )
            routes = RoutingNotifier({"email": notifier}, fallback=FakeNotifier())
            runner = JobRunner(k.app, k.engines, k.projector, lambda: now, cfg)
            dispatcher = Dispatcher(k.app, k.engines, k.projector, routes, lambda: now, cfg)
            runner.run(f"series:{series}:invite:r1")
            k.projector.catch_up()
            start = time.perf_counter()
            dispatcher.run_once()
            ours = time.perf_counter() - start
        finally:
            k.close()
        received = server.received
        sent = len(received)
        assert sent == invitees, sent
        size = sum(len(r.data) for r in received) / sent
        prebuilt = [(r.recipients[0], r.data) for r in received]
        start = time.perf_counter()
        with smtplib.SMTP(server.host, server.port) as smtp:
            for to, data in prebuilt:
                smtp.sendmail("samverka@samverka.localhost", [to], data)
        raw = time.perf_counter() - start
    note = f"{invitees} personal invitations, {size / 1024:.1f} KiB each"
    return [
        Line(
            f"mail: invitations sent ({backend})",
            sent / ours,
            sent / raw,
            "msg/s",
            "raw smtplib, prebuilt, one connection",
            note=note,
        ),
        Line(
            f"mail: {invitees} invitations, total ({backend})",
            ours,
            raw,
            "s",
            "raw smtplib, prebuilt, one connection",
            lower_is_better=True,
            note="render + iCalendar + ledger + SMTP, then the outcome recorded",
        ),
    ]
