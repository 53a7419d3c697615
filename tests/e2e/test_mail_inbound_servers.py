"""Inbound mail through a real SMTP listener (aiosmtpd, `samverka mail listen`'s
code) and a real IMAP server (pymap's in-memory backend, `mail poll --once`)."""

from __future__ import annotations

import smtplib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from imap_tools import AND, MailBoxUnencrypted

from adapters.email import tokens
from adapters.email.inbound import Status
from adapters.email.poll import ImapTarget, poll_once
from samverka.bootstrap import SystemClock, bootstrap
from samverka.settings import Settings
from tests.e2e.server import free_port
from tests.mail_inbound_fixtures import (
    ANNA,
    DOMAIN,
    STRONG_SECRET,
    MailWorld,
    build_world,
    pymap_server,
    quoted,
    reply_mail,
    smtp_port,
    wait_for_port,
    world,
)

__all__ = ["smtp_port", "world"]  # the fixtures used here


def _send(port: int, mail: object, *, esmtp: bool = True) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        if not esmtp:
            client.helo()
        client.send_message(mail)  # type: ignore[arg-type]


def test_listener_records_a_reply_once_with_channel_email(world: MailWorld, smtp_port: int) -> None:
    mail = reply_mail(world.address(), quoted("outlook", "på spår\nMötet är bokat."))
    _send(smtp_port, mail)
    _send(smtp_port, mail)  # delivered twice: recorded once
    [row] = world.answers()
    assert row["channel"] == "email" and row["source_id"] == mail["Message-ID"]
    assert row["answers"] == {"health": "on-track", "progress": "Mötet är bokat."}
    assert world.sent == []


@pytest.mark.parametrize("case", ["forged", "expired", "sender"])
def test_listener_bounces_bad_replies(world: MailWorld, smtp_port: int, case: str) -> None:
    address, sender = world.address(), ANNA
    if case == "forged":
        token = tokens.issue(
            "not-our-secret", "c", world.round_id, world.anna, world.k.clock.now().date(), 9
        )
        address = tokens.reply_address(token, DOMAIN)
    elif case == "expired":
        address = world.address(days=-2)
    else:
        sender = "eve@example.org"
    before = world.events()
    _send(smtp_port, reply_mail(address, "risk", sender=sender))
    assert world.events() == before and world.answers() == []
    [bounced] = world.sent
    assert bounced["To"] == sender and bounced["Auto-Submitted"] == "auto-replied"
    # Nothing of a mail from an unverified sender is sent back (no backscatter).
    assert "Statusrunda" not in bounced.as_string() and bounced["In-Reply-To"] is None


def test_listener_refuses_other_domains_and_oversize(world: MailWorld, smtp_port: int) -> None:
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        _send(smtp_port, reply_mail("svar+x@example.org", "risk"))
    big = reply_mail(world.address(), "risk\n" + "x" * (world.k.settings.mail.max_bytes + 1))
    with pytest.raises(smtplib.SMTPDataError) as at_data:
        _send(smtp_port, big, esmtp=False)  # no SIZE announced: refused at DATA
    assert at_data.value.smtp_code == 552
    with pytest.raises(smtplib.SMTPSenderRefused) as at_mail:
        _send(smtp_port, big)  # SIZE in MAIL FROM: refused up front
    assert at_mail.value.smtp_code == 552
    assert world.answers() == []


@pytest.fixture
def imap() -> Iterator[ImapTarget]:
    with pymap_server("samverka", "hemligt") as target:
        yield target


def test_poll_processes_unseen_replies_and_marks_them_seen(
    world: MailWorld, imap: ImapTarget
) -> None:
    replies = [
        reply_mail(world.address(), quoted("gmail", "risk\nFå anmälda.")),
        reply_mail(world.address("c", world.single_round), quoted("apple", "blockerad")),
        reply_mail(world.address(), "Kanske"),  # not understood: help, nothing recorded
    ]
    with MailBoxUnencrypted(imap.host, imap.port).login(imap.user, imap.password) as box:
        for mail in replies:
            box.append(bytes(mail), "INBOX", flag_set=())
    outcomes = []
    assert poll_once(world.inbound(), imap, on_outcome=outcomes.append) == 3
    assert [o.status for o in outcomes] == [Status.RECORDED, Status.RECORDED, Status.HELP]
    assert poll_once(world.inbound(), imap) == 0  # all seen now
    with MailBoxUnencrypted(imap.host, imap.port).login(imap.user, imap.password) as box:
        assert box.uids(AND(seen=False)) == [] and len(box.uids(AND(seen=True))) == 3
    [row] = world.answers()
    assert row["answers"] == {"health": "at-risk", "progress": "Få anmälda."}
    assert row["source_id"] == replies[0]["Message-ID"] and row["channel"] == "email"
    assert [r["answers"] for r in world.answers(world.single_round)] == [{"health": "blocked"}]
    assert len(world.sent) == 1 and DOMAIN not in world.sent[0]["To"]


def test_the_mail_commands_run_as_their_own_processes(
    settings: Settings, imap: ImapTarget, tmp_path: Path
) -> None:
    """`samverka mail listen` and `samverka mail poll --once` as deployed:
    separate processes on the same database as everything else. They read the
    machine's clock, so this world does too (a check-in round open from an
    hour ago for three days: no date makes it different)."""
    k = bootstrap(
        settings.model_copy(
            update={"mail": settings.mail.model_copy(update={"secret": STRONG_SECRET})}
        ),
        clock=SystemClock(),
    )
    try:
        _run_mail_processes(build_world(k), imap, tmp_path)
    finally:
        k.close()


def _run_mail_processes(world: MailWorld, imap: ImapTarget, tmp_path: Path) -> None:
    from tests.e2e.processes import SCRIPT, env_for, samverka

    url = world.k.settings.database_url
    env = env_for(
        url, SAMVERKA_OUTBOX_DIR=str(tmp_path / "outbox"), SAMVERKA_MAIL_SECRET=STRONG_SECRET
    )
    port = free_port()
    listener = subprocess.Popen(
        [SCRIPT, "mail", "listen", "--listen", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, listener)
        _send(port, reply_mail(world.address(), quoted("outlook", "på spår\nKlart.")))
    finally:
        listener.terminate()
        listener.wait(timeout=20)
    [row] = world.answers()
    assert row["answers"] == {"health": "on-track", "progress": "Klart."}

    with MailBoxUnencrypted(imap.host, imap.port).login(imap.user, imap.password) as box:
        mail = reply_mail(world.address("c", world.single_round), quoted("gmail", "risk"))
        box.append(bytes(mail), "INBOX", flag_set=())
    imap_url = f"imap://{imap.user}:{imap.password}@{imap.host}:{imap.port}/INBOX"
    polled = samverka("mail", "poll", "--once", env={**env, "IMAP_URL": imap_url}, timeout=60)
    assert polled.returncode == 0, polled.stderr
    assert '"processed": 1' in polled.stdout and '"recorded": 1' in polled.stdout
    assert [r["answers"] for r in world.answers(world.single_round)] == [{"health": "at-risk"}]
