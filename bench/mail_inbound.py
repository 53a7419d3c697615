"""Inbound mail: 1,000 check-in replies (Outlook-style, quoted history and a
signature) appended to a real IMAP server (pymap, in memory) and processed by
one `samverka mail poll --once` pass: fetch, parse, strip, verify the token
and sender, record the answer (with its Message-ID receipt), mark \\Seen.
Next to the raw library saving one answer event per `save()` in the same run.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

from imap_tools import AND, BaseMailBox, MailBoxUnencrypted

from adapters.email import tokens
from adapters.email.inbound import Status
from adapters.email.poll import ImapTarget, poll_once
from bench.backends import fresh_database
from bench.meetings import library_round, open_status_round, register_contacts
from bench.report import Line
from samverka.bootstrap import bootstrap
from samverka.mail import inbound_for
from samverka.settings import Settings
from tests.mail_inbound_fixtures import pymap_server, quoted, reply_mail


def _mailbox(target: ImapTarget) -> BaseMailBox:
    return MailBoxUnencrypted(target.host, target.port).login(target.user, target.password)


def bench_mail_inbound(backend: str, replies: int = 1000) -> list[Line]:
    with pymap_server("bench", "bench") as target, fresh_database(backend) as url:
        settings = Settings(database_url=url)
        k = bootstrap(settings)
        try:
            people = register_contacts(k.app, replies)
            now = datetime.now(UTC)
            round_id = open_status_round(
                k.app, people, now - timedelta(hours=1), now + timedelta(days=3)
            )
            k.projector.catch_up()
            with _mailbox(target) as box:
                for n, person in enumerate(people):
                    token = tokens.issue(
                        k.settings.mail.secret, "c", round_id, person, date.today(), 60
                    )
                    answer = ("på spår", "risk", "blockerad")[n % 3] + "\nInget nytt."
                    mail = reply_mail(
                        tokens.reply_address(token, settings.mail.domain),
                        quoted("outlook", answer),
                        sender=f"k{n}@example.se",
                    )
                    box.append(bytes(mail), "INBOX", flag_set=())
            inbound = inbound_for(k, send=lambda _: None)
            recorded = 0

            def count(outcome: object) -> None:
                nonlocal recorded
                recorded += getattr(outcome, "status", None) is Status.RECORDED

            started = time.perf_counter()
            processed = poll_once(inbound, target, on_outcome=count)
            polling = time.perf_counter() - started
            with _mailbox(target) as box:
                unseen = len(box.uids(AND(seen=False)))
            if recorded != replies or processed != replies or unseen:
                raise RuntimeError(f"{recorded}/{processed} recorded, {unseen} unseen")
            _, lib_rate = library_round(backend, people)
        finally:
            k.close()
    return [
        Line(
            name=f"{replies:,} check-in replies by IMAP poll from pymap ({backend})",
            ours=replies / polling,
            reference=lib_rate,
            unit="replies/s",
            reference_name="library Application.save, one answer event per save",
            note=f"{polling:.1f} s in all: fetch, parse, strip, token, record, flag \\Seen",
        )
    ]
