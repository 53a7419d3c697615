"""Sending with AUTH XOAUTH2: scheduler jobs -> dispatcher -> e-mail notifier
-> a real aiosmtpd server that takes only XOAUTH2 and checks every bearer
token against a local fake token endpoint (tests/oauth_fixtures.py). The
tokens come through MSAL (Entra ID: client secret or certificate, its real
discovery and token code against the fake) or a plain OAuth client (client
credentials; a Google-style service account's JWT assertion)."""

from __future__ import annotations

import base64
import email.utils
import smtplib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple

import pytest

from adapters.email import tokens
from adapters.email.oauth import ENTRA, GENERIC, OAuthConfig, TokenSources
from adapters.email.transport import AuthFailed, SmtpTransport, xoauth2
from domain import commands as c
from domain.meetings import commands as m
from projections.meetings import queries as mq
from samverka.bootstrap import Container
from tests.clock import FixedClock
from tests.integration.meeting_scenario import seed_series
from tests.integration.scenario import meta
from tests.integration.test_email_outbound import Rig, calendar_of, one_to, rig_with
from tests.mail_fixtures import MailServer, smtp_server  # noqa: F401 (a fixture)
from tests.oauth_fixtures import (
    CLIENT_ID,
    CLIENT_SECRET,
    MAILBOX,
    REFUSAL,
    IdentityProvider,
    XOAuth2Handler,
    client_certificate,
    idp,
    xoauth2_smtp,
)

__all__ = ["idp", "xoauth2_smtp"]  # the fixtures used here

ANNA, BENGT = "anna.jonsson@example.se", "bengt.stavenow@example.se"


def entra(idp: IdentityProvider, **extra: object) -> OAuthConfig:
    values: dict[str, object] = {
        "provider": ENTRA,
        "client_id": CLIENT_ID,
        "scope": "https://outlook.office365.com/.default",
        "client_secret": CLIENT_SECRET,
        "authority": idp.authority,
    }
    return OAuthConfig(**{**values, **extra})  # type: ignore[arg-type]


def generic(idp: IdentityProvider, scope: str, **extra: object) -> OAuthConfig:
    values = {"provider": GENERIC, "client_id": CLIENT_ID, "token_url": idp.token_url}
    return OAuthConfig(**values, scope=scope, **extra)  # type: ignore[arg-type]


def smtp_url(server: MailServer) -> str:
    return f"smtp://{MAILBOX.replace('@', '%40')}@{server.host}:{server.port}?auth=xoauth2"


class EntraMail(NamedTuple):
    server: MailServer
    handler: XOAuth2Handler
    rig: Rig


@pytest.fixture
def entra_mail(
    container: Container,
    idp: IdentityProvider,
    xoauth2_smtp: tuple[MailServer, XOAuth2Handler],
) -> EntraMail:
    """The scheduler at 09:00 UTC on 30 November 2026, mailing through the
    XOAUTH2 server with tokens from Entra (MSAL)."""
    server, handler = xoauth2_smtp
    clock = FixedClock(datetime(2026, 11, 30, 9, tzinfo=UTC))
    transport = SmtpTransport(smtp_url(server), backoff=0.01, tokens=TokenSources(entra(idp)))
    return EntraMail(server, handler, rig_with(container, transport, clock))


def _karin(container: Container) -> object:
    """Registers Karin Ok (karin@example.se); her person id."""
    return container.app.execute(
        c.RegisterPerson(name="Karin Ok", email="karin@example.se"), meta()
    ).aggregate_id


def test_invitations_and_reminders_go_out_with_an_entra_token_through_msal(
    container: Container, idp: IdentityProvider, entra_mail: EntraMail
) -> None:
    server, handler, r = entra_mail
    s = seed_series(container.app, starts_on=date(2026, 12, 10), weekday=3)

    assert r.run(f"series:{s.series}:invite:r1") == "queued"
    method, cal = calendar_of(one_to(server, ANNA, f"series:{s.series}:invite:r1"))
    assert method == "REQUEST" and cal["METHOD"] == "REQUEST"
    r.clock.moment = datetime(2026, 12, 9, 11, tzinfo=UTC)
    assert r.run(f"meeting:{s.series}:2026-12-10:remind") == "queued"
    reminder = one_to(server, ANNA, f"meeting:{s.series}:2026-12-10:remind")
    reply_to = email.utils.parseaddr(str(reminder["Reply-To"]))[1]
    assert tokens.token_from_address(reply_to) is not None  # answers come back by mail

    # MSAL read the tenant's discovery document and asked for the Exchange scope;
    # one token served every connection (cached), each checked by the server.
    assert idp.discovery_reads >= 1
    [issued] = idp.issued
    assert issued.grant == "client_credentials" and "outlook.office365.com" in issued.scope
    assert handler.attempts and all(handler.attempts)


def test_an_expired_token_is_renewed_once_and_nothing_goes_twice(
    container: Container, idp: IdentityProvider, entra_mail: EntraMail
) -> None:
    server, handler, r = entra_mail
    karin = _karin(container)
    _queue(container, "series:a:evaluate", [karin])
    assert r.dispatcher.run_once() == 1
    idp.expire_all()  # the cached token's hour has passed at the server
    _queue(container, "series:b:evaluate", [karin])
    assert r.dispatcher.run_once() == 1
    assert [x.recipients for x in server.received] == [["karin@example.se"]] * 2
    # First token accepted, then refused once as expired, then a new one accepted.
    assert handler.attempts == [True, False, True]
    assert len(idp.issued) == 2


def test_a_refused_token_marks_the_notification_and_loses_nothing(
    container: Container, idp: IdentityProvider, entra_mail: EntraMail
) -> None:
    server, handler, r = entra_mail
    handler.accept = False  # the admin withdrew the app's mailbox permission
    people = [
        container.app.execute(c.RegisterPerson(name=n, email=a), meta()).aggregate_id
        for n, a in (("Karin Ok", "karin@example.se"), ("Per Ok", "per@example.se"))
    ]
    key = _queue(container, "series:demo:evaluate", people)
    assert r.dispatcher.run_once() == 0
    row = _row(container, key)
    assert row["state"] == "queued" and row["unreachable"] == {}
    assert "refused the OAuth token" in row["last_error"] and "535" in row["last_error"]
    assert handler.attempts == [False, False]  # one renewal, one more try, no loop
    assert len(idp.issued) == 2 and server.received == []

    handler.accept = True  # permission restored: the next round delivers, once each
    assert r.dispatcher.run_once() == 1
    assert r.dispatcher.run_once() == 0
    assert sorted(a for x in server.received for a in x.recipients) == [
        "karin@example.se",
        "per@example.se",
    ]
    assert _row(container, key)["state"] == "sent"


def test_a_client_the_provider_refuses_is_recorded_with_its_reason(
    container: Container, idp: IdentityProvider, entra_mail: EntraMail
) -> None:
    server, handler, r = entra_mail
    idp.client_secret = "rotated-" + CLIENT_SECRET
    karin = _karin(container)
    key = _queue(container, "series:demo:evaluate", [karin])
    assert r.dispatcher.run_once() == 0
    row = _row(container, key)
    assert row["state"] == "queued" and "invalid_client" in row["last_error"]
    assert REFUSAL.split(":")[0] in row["last_error"]
    assert CLIENT_SECRET not in row["last_error"]
    assert handler.attempts == [] and server.received == []


@pytest.fixture
def certificate(idp: IdentityProvider, tmp_path: Path) -> Path:
    """A client certificate (PEM) whose public key the provider trusts."""
    pem = tmp_path / "samverka-mail.pem"
    idp.public_key = client_certificate(pem).public_key()
    return pem


def _reaches_anna(server: MailServer, config: OAuthConfig) -> None:
    """One message sent with a token from `config` reaches Anna, once."""
    _send_one(SmtpTransport(smtp_url(server), tokens=TokenSources(config)))
    assert [x.recipients for x in server.received] == [[ANNA]]


def test_msal_signs_in_with_a_certificate(
    idp: IdentityProvider, xoauth2_smtp: tuple[MailServer, XOAuth2Handler], certificate: Path
) -> None:
    server, _ = xoauth2_smtp
    _reaches_anna(server, entra(idp, client_secret="", certificate=certificate))
    assert "client_assertion" in idp.requests[-1] and "client_secret" not in idp.requests[-1]


def test_a_generic_token_endpoint_with_client_credentials(
    idp: IdentityProvider, xoauth2_smtp: tuple[MailServer, XOAuth2Handler]
) -> None:
    server, _ = xoauth2_smtp
    _reaches_anna(server, generic(idp, "mail.send", client_secret=CLIENT_SECRET))
    assert idp.discovery_reads == 0 and idp.issued[0].grant == "client_credentials"


def test_a_google_style_service_account_acts_for_the_mailbox(
    idp: IdentityProvider, xoauth2_smtp: tuple[MailServer, XOAuth2Handler], certificate: Path
) -> None:
    server, _ = xoauth2_smtp
    _reaches_anna(server, generic(idp, "https://mail.google.com/", certificate=certificate))
    [issued] = idp.issued
    assert issued.grant.endswith("jwt-bearer") and issued.subject == MAILBOX
    assert issued.scope == "https://mail.google.com/"


def test_a_server_without_xoauth2_is_an_auth_failure_not_a_bounce(
    idp: IdentityProvider,
    smtp_server: MailServer,  # noqa: F811
) -> None:
    transport = SmtpTransport(smtp_url(smtp_server), attempts=1, tokens=TokenSources(entra(idp)))
    with pytest.raises(AuthFailed, match="does not offer AUTH XOAUTH2"):
        _send_one(transport)


def test_the_initial_response_is_rfc7628_style() -> None:
    raw = xoauth2("samverka@region.se", "abc.def")
    assert raw == "user=samverka@region.se\x01auth=Bearer abc.def\x01\x01"
    assert base64.b64decode(base64.b64encode(raw.encode())).decode() == raw


def test_without_an_oauth_client_xoauth2_fails_in_words(
    xoauth2_smtp: tuple[MailServer, XOAuth2Handler],
) -> None:

    server, _ = xoauth2_smtp
    with pytest.raises(AuthFailed, match="no OAuth client"):
        _send_one(SmtpTransport(smtp_url(server), attempts=1))
    # and a password client cannot get in
    with pytest.raises(smtplib.SMTPException), smtplib.SMTP(server.host, server.port) as plain:
        plain.login("samverka", "hemligt")


def _send_one(transport: SmtpTransport) -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = f"Samverka <{MAILBOX}>"
    message["To"] = ANNA
    message["Subject"] = "Påminnelse"
    message["Message-ID"] = "<oauth-test@region.test>"
    message.set_content("Dagordning")
    session = transport.open()
    try:
        session.deliver(message, ANNA)
    finally:
        session.close()


def _queue(container: Container, key: str, people: list[object]) -> str:
    container.app.execute(
        m.QueueNotification(
            key=key, kind="evaluation-prompt", person_ids=people, subject="Hej", text="x"
        ),
        meta(),
    )
    return key


def _row(container: Container, key: str) -> dict[str, object]:
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        (row,) = [x for x in mq.notifications(conn) if x["key"] == key]
    return dict(row)
