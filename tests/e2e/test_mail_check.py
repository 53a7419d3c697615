"""`samverka mail check`: each transport tried end to end against real local
servers (aiosmtpd with XOAUTH2 only, pymap with XOAUTH2 only, a fake of
Graph, the fake token endpoint MSAL talks to), and each failure said in
words, in Swedish unless asked otherwise."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from samverka.mail_check import run_check
from samverka.settings import Settings
from services.i18n import translator
from tests.e2e.server import free_port
from tests.graph_fake import FakeGraph, fake_graph
from tests.mail_fixtures import MailServer, mail_server
from tests.mail_inbound_fixtures import pymap_oauth_server
from tests.oauth_fixtures import (
    CLIENT_ID,
    CLIENT_SECRET,
    MAILBOX,
    IdentityProvider,
    XOAuth2Handler,
    idp,
    xoauth2_smtp,
)

__all__ = ["idp", "xoauth2_smtp"]  # the fixtures used here

USER = MAILBOX.replace("@", "%40")


def entra(idp: IdentityProvider) -> dict[str, str]:
    return {
        "SAMVERKA_MAIL_OAUTH_PROVIDER": "entra",
        "SAMVERKA_MAIL_OAUTH_AUTHORITY": idp.authority,
        "SAMVERKA_MAIL_OAUTH_CLIENT_ID": CLIENT_ID,
        "SAMVERKA_MAIL_OAUTH_CLIENT_SECRET": CLIENT_SECRET,
    }


def check(monkeypatch: pytest.MonkeyPatch, lang: str = "sv", **env: str) -> tuple[int, str]:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    lines: list[str] = []
    code = run_check(Settings.from_env(), translator(lang), lines.append)
    return code, "\n".join(lines)


Check = Callable[..., tuple[int, str]]


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch, idp: IdentityProvider) -> Check:
    """`check` with the settings of an Entra client besides those given."""

    def run(lang: str = "sv", **env: str) -> tuple[int, str]:
        return check(monkeypatch, lang, **entra(idp), **env)

    return run


def smtp_url(port: int) -> str:
    return f"smtp://{USER}@127.0.0.1:{port}?auth=xoauth2"


def test_smtp_with_an_entra_token_works(
    checked: Check, xoauth2_smtp: tuple[MailServer, XOAuth2Handler]
) -> None:
    server, handler = xoauth2_smtp
    code, said = checked(SMTP_URL=smtp_url(server.port))
    assert code == 0, said
    assert "✓ Fick en OAuth-token." in said
    assert f"✓ Inloggad på SMTP-servern som {MAILBOX} med OAuth-token." in said
    assert said.endswith("Allt fungerade.") and server.received == []  # nothing sent
    assert handler.attempts == [True]


def test_a_refused_client_is_said_with_the_providers_reason(
    checked: Check, idp: IdentityProvider, xoauth2_smtp: tuple[MailServer, XOAuth2Handler]
) -> None:
    idp.refuse = True
    code, said = checked(SMTP_URL=smtp_url(xoauth2_smtp[0].port))
    assert code == 1
    assert "✗ Kunde inte hämta en OAuth-token: invalid_client: AADSTS7000215" in said
    assert "Ansluten" not in said and CLIENT_SECRET not in said


def test_an_unreachable_smtp_server(checked: Check) -> None:
    port = free_port()
    code, said = checked(SMTP_URL=smtp_url(port))
    assert code == 1 and f"✗ Kunde inte ansluta till SMTP-servern 127.0.0.1:{port}" in said


def test_a_token_the_smtp_server_refuses(
    checked: Check, xoauth2_smtp: tuple[MailServer, XOAuth2Handler]
) -> None:
    server, handler = xoauth2_smtp
    handler.accept = False
    code, said = checked(SMTP_URL=smtp_url(server.port))
    assert code == 1
    assert f"✗ SMTP-servern vägrade OAuth-token för {MAILBOX}: 535" in said
    assert "SMTP.SendAsApp" in said


def test_a_server_without_xoauth2(checked: Check) -> None:
    with mail_server() as plain:
        code, said = checked(SMTP_URL=smtp_url(plain.port))
    assert code == 1 and "✗ SMTP-servern erbjuder inte AUTH XOAUTH2" in said


def test_in_english_when_asked(
    checked: Check, xoauth2_smtp: tuple[MailServer, XOAuth2Handler]
) -> None:
    xoauth2_smtp[1].accept = False
    code, said = checked("en", SMTP_URL=smtp_url(xoauth2_smtp[0].port))
    assert code == 1 and "✗ The SMTP server refused the OAuth token" in said
    assert said.endswith("Something did not work: see above.")


def test_without_smtp_the_outbox_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    code, said = check(monkeypatch, SAMVERKA_OUTBOX_DIR=str(tmp_path))
    assert code == 0 and f"utkorgsmappen {tmp_path}/mail" in said


def test_imap_with_xoauth2_works_and_a_missing_folder_is_named(
    checked: Check, idp: IdentityProvider
) -> None:
    with pymap_oauth_server(MAILBOX, f"{idp.base}/introspect") as imap:
        base = f"imap://{USER}@127.0.0.1:{imap.port}"
        code, said = checked(IMAP_URL=f"{base}/INBOX?auth=xoauth2")
        assert code == 0, said
        assert f"✓ Inloggad på IMAP-servern som {MAILBOX}." in said
        assert "✓ Öppnade mappen INBOX." in said
        code, said = checked(IMAP_URL=f"{base}/Svar?auth=xoauth2")
        assert code == 1 and "✗ Mappen Svar gick inte att öppna" in said


def test_imap_refusing_the_token_is_said_with_what_to_check(
    checked: Check, idp: IdentityProvider
) -> None:
    with pymap_oauth_server("other@region.test", f"{idp.base}/introspect") as imap:
        url = f"imap://{USER}@127.0.0.1:{imap.port}/INBOX?auth=xoauth2"
        code, said = checked(IMAP_URL=url)
    assert code == 1 and f"✗ IMAP-servern vägrade OAuth-token för {MAILBOX}" in said
    assert "IMAP.AccessAsApp" in said


def test_imap_without_tls_to_another_machine_gets_no_token(
    checked: Check, idp: IdentityProvider
) -> None:
    url = f"imap://{USER}@imap.region.test/INBOX?auth=xoauth2"
    code, said = checked(IMAP_URL=url)
    assert code == 1 and "✗ IMAP_URL är okrypterad imap://" in said and idp.issued == []


@pytest.fixture
def graph(idp: IdentityProvider) -> Iterator[FakeGraph]:
    with fake_graph(idp) as fake:
        yield fake


def graph_env(url: str) -> dict[str, str]:
    return {
        "SAMVERKA_MAIL_TRANSPORT": "graph",
        "SAMVERKA_MAIL_GRAPH_MAILBOX": MAILBOX,
        "SAMVERKA_MAIL_GRAPH_URL": url,
    }


def test_graph_reads_the_folder(checked: Check, idp: IdentityProvider, graph: FakeGraph) -> None:
    graph.deliver(b"Subject: x\r\n\r\nhej\r\n")
    code, said = checked(**graph_env(graph.url))
    assert code == 0, said
    assert f"✓ Läste mappen Inkorgen i {MAILBOX}: 1 olästa av 1." in said
    assert "graph.microsoft.com/.default" in idp.issued[0].scope


def test_graph_without_permission(checked: Check, graph: FakeGraph) -> None:
    graph.forbid = True
    code, said = checked(**graph_env(graph.url))
    assert code == 1 and "✗ Microsoft Graph vägrade läsa mappen inbox" in said
    assert "403 ErrorAccessDenied" in said and "Mail.ReadWrite" in said


def test_graph_unreachable(checked: Check) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1.0"
    code, said = checked(**graph_env(url))
    assert code == 1 and f"✗ Kunde inte nå Microsoft Graph på {url}" in said


def test_the_command_exits_1_and_names_a_bad_setting(tmp_path: Path) -> None:
    from tests.e2e.processes import SCRIPT, env_for

    # The line is pinned in English (Swedish, the default, says "fel: ...").
    env = env_for(f"sqlite:///{tmp_path}/x.db", SMTP_URL=smtp_url(free_port()), SAMVERKA_LANG="en")
    done = subprocess.run(
        [SCRIPT, "mail", "check"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2 and "SMTP_URL needs an OAuth client" in done.stderr
