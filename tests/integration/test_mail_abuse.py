"""Inbound mail that tries to abuse Samverka (SQLite and PostgreSQL): tokens
signed with a secret once shipped."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from adapters.email import tokens
from adapters.email.inbound import Status
from samverka.bootstrap import Container, bootstrap
from samverka.settings import Settings
from tests.mail_inbound_fixtures import DOMAIN, MailWorld, build_world, reply_mail

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
    kept = replace(settings, outbox_dir=str(tmp_path / "var" / "outbox"))
    k = bootstrap(kept)
    try:
        secret = kept.mail_secret_path().read_text().strip()
        assert k.settings.mail_secret == secret and len(secret) >= 32
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
