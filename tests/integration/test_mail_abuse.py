"""Inbound mail that tries to abuse Samverka (SQLite and PostgreSQL): tokens
signed with a secret once shipped, answers that would carry a stranger's text,
and floods of bad mail that would make Samverka spray answers."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from structlog.testing import capture_logs

from adapters.email import tokens
from adapters.email.inbound import Inbound, Status
from adapters.email.ledger import AnswerLimit, mail_engine
from samverka.bootstrap import Container, bootstrap
from samverka.mail import inbound_for, mail_services
from samverka.settings import Settings
from tests.clock import FixedClock
from tests.mail_inbound_fixtures import ANNA, DOMAIN, MailWorld, build_world, reply_mail

SPAM_SUBJECT = "Vinn en iPhone: https://spam.example/klicka"
SPAM_BODY = "Klicka här https://spam.example/klicka nu"


@pytest.fixture
def world(container: Container) -> MailWorld:
    return build_world(container)


def forged_address(world: MailWorld) -> str:
    today = world.k.clock.now().date()
    token = tokens.issue("not-our-secret" * 3, "c", world.round_id, world.anna, today, 9)
    return tokens.reply_address(token, DOMAIN)


def test_without_a_set_secret_one_is_kept_beside_the_database(
    settings: Settings, tmp_path: Path
) -> None:
    kept = settings.model_copy(update={"outbox_dir": str(tmp_path / "var" / "outbox")})
    k = bootstrap(kept)
    try:
        secret = kept.mail_secret_path().read_text().strip()
        assert k.settings.mail.secret == secret and len(secret) >= 32
    finally:
        k.close()


def test_a_token_signed_with_the_old_development_secret_is_refused(world: MailWorld) -> None:
    today = world.k.clock.now().date()
    old = "dev-only-mail-secret-change-me"
    token = tokens.issue(old, "c", world.round_id, world.anna, today, 9)
    before = world.events()
    mail = reply_mail(tokens.reply_address(token, DOMAIN), "på spår")
    outcome = world.inbound().process(bytes(mail))
    assert (outcome.status, outcome.reason) == (Status.BOUNCED, "token_forged")
    assert world.events() == before and world.answers() == []


def _spam(world: MailWorld, case: str) -> EmailMessage:
    if case == "forged":
        return reply_mail(forged_address(world), SPAM_BODY, subject=SPAM_SUBJECT)
    if case == "sender":
        return reply_mail(
            world.address(), SPAM_BODY, subject=SPAM_SUBJECT, sender="offer@example.org"
        )
    mail = reply_mail(world.address(), SPAM_BODY, subject=SPAM_SUBJECT)
    mail.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="a.pdf")
    return mail


@pytest.mark.parametrize("case", ["forged", "sender", "attachment"])
def test_an_answer_to_an_unverified_sender_quotes_nothing_of_the_mail(
    world: MailWorld, case: str
) -> None:
    mail = _spam(world, case)
    outcome = world.inbound().process(bytes(mail), envelope_from="victim@example.org")
    assert outcome.replied
    [answer] = world.sent
    assert answer["To"] == "victim@example.org"
    assert "spam.example" not in answer.as_string() and "iPhone" not in answer.as_string()
    assert answer["In-Reply-To"] is None and answer["References"] is None
    assert answer["Subject"] in ("Ditt mejl kunde inte tas emot", "Ditt mejl hade bilagor")


def test_a_verified_sender_is_answered_at_their_own_address(world: MailWorld) -> None:
    """Anna's reply came with another envelope sender (a forwarder, a list):
    help goes to her address, where the subject may be quoted."""
    mail = reply_mail(world.address(), "Kanske?", subject="SV: Statusrunda")
    outcome = world.inbound().process(bytes(mail), envelope_from="bounces+x@lists.example.org")
    assert outcome.status is Status.HELP and outcome.replied
    [answer] = world.sent
    assert answer["To"] == ANNA and "SV: Statusrunda" in answer["Subject"]
    assert answer["In-Reply-To"] == mail["Message-ID"]


def _limited(logs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in logs if e["event"] == "mail.answer_limited"]


def test_one_address_gets_a_few_answers_an_hour(world: MailWorld, clock: FixedClock) -> None:
    allowed = world.k.settings.mail.answers_per_address
    victim = "victim@example.org"
    for _ in range(allowed):
        mail = reply_mail(forged_address(world), "x")
        assert world.inbound().process(bytes(mail), envelope_from=victim).replied
    # The next one, read by another process (`mail poll` beside `mail listen`).
    other = inbound_for(world.k, send=world.sent.append)
    with capture_logs() as logs:
        outcome = other.process(bytes(reply_mail(forged_address(world), "x")), envelope_from=victim)
    assert outcome.status is Status.BOUNCED and not outcome.replied
    assert len(world.sent) == allowed
    [line] = _limited(logs)
    assert line["limit"] == "address"
    assert not any("victim" in repr(entry) for entry in logs)  # no address in the log
    # Someone else is still answered; and the victim again an hour later.
    assert world.inbound().process(bytes(reply_mail(forged_address(world), "x"))).replied
    clock.advance(timedelta(hours=1))
    mail = reply_mail(forged_address(world), "x")
    assert world.inbound().process(bytes(mail), envelope_from=victim).replied


def test_unverified_senders_together_get_a_few_answers_an_hour(world: MailWorld) -> None:
    k = world.k
    limit = AnswerLimit(
        mail_engine(k.settings.database_url), k.settings.mail.secret, per_address=5, unverified=3
    )
    config = inbound_for(k).config
    inbound = Inbound(mail_services(k), config, k.clock.now, world.sent.append, limit=limit)
    for n in range(3):
        mail = reply_mail(forged_address(world), "x")
        assert inbound.process(bytes(mail), envelope_from=f"v{n}@example.org").replied
    with capture_logs() as logs:
        mail = reply_mail(forged_address(world), "x")
        assert not inbound.process(bytes(mail), envelope_from="v9@example.org").replied
    assert [e["limit"] for e in _limited(logs)] == ["unverified"]
    # Members who wrote from their own address with their token still get help.
    assert inbound.process(bytes(reply_mail(world.address(), "Kanske?"))).replied
    assert [str(m["To"]) for m in world.sent] == [
        "v0@example.org",
        "v1@example.org",
        "v2@example.org",
        ANNA,
    ]


MX = "mx.samverka.example.se"
# Anna writes from example.se (tests/mail_inbound_fixtures.py).
AUTH_CASES = {
    "dmarc pass": ([f"{MX}; dmarc=pass (p=reject) header.from=example.se"], True),
    "dkim aligned": ([f"{MX}; spf=none; dkim=pass header.d=example.se header.s=s1"], True),
    "spf aligned": ([f"{MX}; spf=pass smtp.mailfrom=anna.jonsson@example.se"], True),
    "dkim of a parent domain": ([f"{MX}; dkim=pass header.d=se"], False),
    "dmarc fail beats dkim pass": (
        [f"{MX}; dkim=pass header.d=example.se; dmarc=fail header.from=example.se"],
        False,
    ),
    "dkim of another domain": ([f"{MX}; dkim=pass header.d=evil.example.org"], False),
    "spf softfail": ([f"{MX}; spf=softfail smtp.mailfrom=example.se; dkim=none"], False),
    "no header": ([], False),
    "written by someone else": (["mx.evil.example.org; dmarc=pass header.from=example.se"], False),
    "no authserv-id (Exchange Online's form)": (
        [
            "spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=example.se; dmarc=pass action=none "
            "header.from=example.se;compauth=pass reason=100"
        ],
        False,
    ),
}


@pytest.mark.parametrize("case", list(AUTH_CASES))
def test_a_trusted_server_must_vouch_for_the_sender_when_one_is_named(
    world: MailWorld, case: str
) -> None:
    """With SAMVERKA_MAIL_AUTHSERV_ID set, a valid token and Anna's From are not
    enough: the receiving server's Authentication-Results must authenticate
    example.se (a leaked token with a spoofed From is refused)."""
    k = world.k
    config = replace(inbound_for(k).config, authserv_ids=(MX.upper(),))
    limit = AnswerLimit(
        mail_engine(k.settings.database_url), k.settings.mail.secret, per_address=5, unverified=5
    )
    inbound = Inbound(mail_services(k), config, k.clock.now, world.sent.append, limit=limit)
    results, accepted = AUTH_CASES[case]
    mail = reply_mail(world.address(), "på spår")
    for value in results:
        mail["Authentication-Results"] = value
    outcome = inbound.process(bytes(mail))
    if accepted:
        assert outcome.status is Status.RECORDED, outcome
        assert world.sent == []
    else:
        assert (outcome.status, outcome.reason) == (Status.BOUNCED, "sender_unauthenticated")
        assert world.answers() == []
        [answer] = world.sent
        assert "bekräfta" in answer.get_content() and "Statusrunda" not in answer["Subject"]


def test_without_a_named_server_no_header_is_needed_or_read(world: MailWorld) -> None:
    mail = reply_mail(world.address(), "på spår")
    mail["Authentication-Results"] = f"{MX}; dmarc=fail header.from=example.se"
    assert world.inbound().process(bytes(mail)).status is Status.RECORDED
