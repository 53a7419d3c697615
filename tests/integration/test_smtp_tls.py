"""SMTP_URL over TLS, against a real aiosmtpd server with a certificate made
for the test: `smtp://` upgrades with STARTTLS (and only then logs in),
`smtps://` speaks TLS from the first byte. The client verifies the
certificate as it would in production; the test trusts its own CA through
SSL_CERT_FILE, the variable OpenSSL reads for its default trust store."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from contextlib import closing
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from adapters.email.transport import SmtpTransport
from tests.certs import self_signed
from tests.e2e.server import free_port
from tests.mail_fixtures import MailHandler


class TlsHandler(MailHandler):
    """Also notes whether each message came over TLS and after a login."""

    def __init__(self) -> None:
        super().__init__()
        self.sessions: list[tuple[bool, bool]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        # STARTTLS sets session.ssl; implicit TLS shows on the connection itself.
        encrypted = session.ssl is not None or server.transport.get_extra_info("ssl_object")
        self.sessions.append((bool(encrypted), bool(session.authenticated)))
        return await super().handle_DATA(server, session, envelope)


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        b"samverka",
        b"hemligt",
    )
    return AuthResult(success=ok, handled=False)


def test_a_wrong_password_is_refused_for_good(tls: ssl.SSLContext) -> None:
    from adapters.email.transport import Permanent

    port = free_port()
    server = _starttls_server(TlsHandler(), port, tls)
    server.start()
    try:
        transport = SmtpTransport(f"smtp://samverka:fel@localhost:{port}", attempts=1)
        with closing(transport.open()) as session, pytest.raises(Permanent) as refused:
            session.deliver(_message(), "anna.jonsson@example.se")
    finally:
        server.stop()
    assert refused.value.args[0].startswith("535")


def _starttls_server(handler: TlsHandler, port: int, tls: ssl.SSLContext) -> Controller:
    """A submission server: STARTTLS required, then a login, only over TLS."""
    return Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        tls_context=tls,
        require_starttls=True,
        authenticator=_authenticate,
        auth_required=True,
        auth_require_tls=True,
    )


@pytest.fixture
def tls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ssl.SSLContext]:
    cert, key = self_signed(tmp_path, "smtp")
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts this test's certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    yield context


def _message() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Samverka <samverka@samverka.test>"
    message["To"] = "anna.jonsson@example.se"
    message["Subject"] = "Påminnelse: Öppet samordningsmöte"
    message["Message-ID"] = "<tls-test@samverka.test>"
    message.set_content("Dagordning: 1. Umo:s nya tjänst")
    return message


def _send_while_running(server: Controller, url: str) -> None:
    """Sends the message through `url` while `server` runs."""
    server.start()
    try:
        transport = SmtpTransport(url, attempts=1)
        with closing(transport.open()) as session:
            session.deliver(_message(), "anna.jonsson@example.se")
    finally:
        server.stop()


def test_smtp_url_upgrades_with_starttls_before_logging_in(tls: ssl.SSLContext) -> None:
    handler, port = TlsHandler(), free_port()
    _send_while_running(
        _starttls_server(handler, port, tls), f"smtp://samverka:hemligt@localhost:{port}"
    )
    assert handler.sessions == [(True, True)]
    assert [r.recipients for r in handler.received] == [["anna.jonsson@example.se"]]


def test_smtps_url_speaks_tls_from_the_start(tls: ssl.SSLContext) -> None:
    handler, port = TlsHandler(), free_port()
    server = Controller(handler, hostname="127.0.0.1", port=port, ssl_context=tls)
    _send_while_running(server, f"smtps://localhost:{port}")
    assert handler.sessions == [(True, False)]
    assert handler.received[0].message["Subject"] == "Påminnelse: Öppet samordningsmöte"


def test_a_certificate_the_client_does_not_trust_is_refused(tls: ssl.SSLContext) -> None:
    handler, port = TlsHandler(), free_port()
    server = Controller(handler, hostname="127.0.0.1", port=port, ssl_context=tls)
    server.start()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.delenv("SSL_CERT_FILE")
            transport = SmtpTransport(f"smtps://localhost:{port}", attempts=1)
            with closing(transport.open()) as session, pytest.raises(Exception) as refused:
                session.deliver(_message(), "anna.jonsson@example.se")
    finally:
        server.stop()
    assert "CERTIFICATE_VERIFY_FAILED" in str(refused.value) or "certificate" in str(refused.value)
    assert handler.received == []
