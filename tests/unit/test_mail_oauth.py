"""The OAuth settings for mail (refused at start, naming the variable; secrets
never echoed) and the token cache (renewed before expiry, on a fake timer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.email.oauth import CachedTokens, Issued
from samverka.mail_transport import oauth_config
from samverka.settings import Settings
from samverka.settings_errors import SettingsError

SECRET = "a-client-secret-that-must-never-be-echoed"
ENTRA = {
    "SAMVERKA_MAIL_OAUTH_PROVIDER": "entra",
    "SAMVERKA_MAIL_OAUTH_TENANT": "region.onmicrosoft.com",
    "SAMVERKA_MAIL_OAUTH_CLIENT_ID": "11111111-2222-3333-4444-555555555555",
    "SAMVERKA_MAIL_OAUTH_CLIENT_SECRET": SECRET,
}
SMTP = "smtp://samverka%40region.se@smtp.office365.com:587?auth=xoauth2"
IMAP = "imaps://samverka%40region.se@outlook.office365.com/INBOX?auth=xoauth2"


def settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> Settings:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings.from_env()


def test_entra_with_smtp_and_imap(monkeypatch: pytest.MonkeyPatch) -> None:
    s = settings(monkeypatch, SMTP_URL=SMTP, IMAP_URL=IMAP, **ENTRA)
    config = oauth_config(s.mail)
    assert config is not None
    assert config.authority == "https://login.microsoftonline.com/region.onmicrosoft.com"
    assert config.scope == "https://outlook.office365.com/.default"
    assert SECRET not in repr(s) and SECRET not in repr(config)


def test_graph_defaults_to_the_graph_scope(monkeypatch: pytest.MonkeyPatch) -> None:
    s = settings(
        monkeypatch,
        SAMVERKA_MAIL_TRANSPORT="graph",
        SAMVERKA_MAIL_GRAPH_MAILBOX="samverka@region.se",
        **ENTRA,
    )
    assert s.mail.oauth_scope() == "https://graph.microsoft.com/.default"
    assert s.mail.graph_url == "https://graph.microsoft.com/v1.0" and s.mail.sends


def test_generic_defaults_to_google_mail_and_takes_a_scope(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = {
        "SAMVERKA_MAIL_OAUTH_PROVIDER": "generic",
        "SAMVERKA_MAIL_OAUTH_TOKEN_URL": "https://oauth2.googleapis.com/token",
        "SAMVERKA_MAIL_OAUTH_CLIENT_ID": "samverka@project.iam.gserviceaccount.com",
        "SAMVERKA_MAIL_OAUTH_CLIENT_SECRET": SECRET,
    }
    s = settings(monkeypatch, IMAP_URL=IMAP, **env)
    assert s.mail.oauth_scope() == "https://mail.google.com/"
    monkeypatch.setenv("SAMVERKA_MAIL_OAUTH_SCOPE", "mail.read")
    assert Settings.from_env().mail.oauth_scope() == "mail.read"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SMTP_URL": SMTP}, "SMTP_URL needs an OAuth client"),
        ({"IMAP_URL": IMAP}, "IMAP_URL needs an OAuth client"),
        ({**ENTRA}, "nothing uses it"),
        ({**ENTRA, "SMTP_URL": SMTP, "SAMVERKA_MAIL_OAUTH_PROVIDER": "okta"}, "SAMVERKA_MAIL_OAUTH_PROVIDER: is entra"),
        ({**ENTRA, "SMTP_URL": SMTP, "SAMVERKA_MAIL_OAUTH_TENANT": ""}, "SAMVERKA_MAIL_OAUTH_TENANT"),
        ({**ENTRA, "SMTP_URL": SMTP, "SAMVERKA_MAIL_OAUTH_CLIENT_ID": ""}, "SAMVERKA_MAIL_OAUTH_CLIENT_ID"),
        ({**ENTRA, "SMTP_URL": SMTP, "SAMVERKA_MAIL_OAUTH_CLIENT_SECRET": ""}, "SAMVERKA_MAIL_OAUTH_CERTIFICATE"),
        ({**ENTRA, "SMTP_URL": SMTP, "SAMVERKA_MAIL_OAUTH_CERTIFICATE": "/nowhere.pem"}, "SAMVERKA_MAIL_OAUTH_CERTIFICATE: names no file"),
        ({**ENTRA, "SMTP_URL": SMTP, "SAMVERKA_MAIL_OAUTH_TOKEN_URL": "https://idp.example/t"}, "SAMVERKA_MAIL_OAUTH_TOKEN_URL is for the generic"),
        ({**ENTRA, "SMTP_URL": SMTP, "SAMVERKA_MAIL_OAUTH_AUTHORITY": "http://login.example/t"}, "SAMVERKA_MAIL_OAUTH_AUTHORITY"),
        ({**ENTRA, "SMTP_URL": SMTP, "SAMVERKA_MAIL_OAUTH_PROVIDER": "generic", "SAMVERKA_MAIL_OAUTH_TENANT": ""}, "SAMVERKA_MAIL_OAUTH_TOKEN_URL is needed"),
        ({**ENTRA, "SMTP_URL": SMTP.replace("%40region.se@", "%40region.se:pw@")}, "SMTP_URL with ?auth=xoauth2 holds no password"),
        ({**ENTRA, "SMTP_URL": "smtp://smtp.office365.com:587?auth=xoauth2"}, "SMTP_URL with ?auth=xoauth2 names the mailbox"),
        ({"SMTP_URL": "smtp://u:p@h:587?auth=kerberos"}, "SMTP_URL: ?auth= is password or xoauth2"),
        ({**ENTRA, "SAMVERKA_MAIL_TRANSPORT": "graph"}, "SAMVERKA_MAIL_GRAPH_MAILBOX"),
        ({**ENTRA, "SAMVERKA_MAIL_TRANSPORT": "ews"}, "SAMVERKA_MAIL_TRANSPORT: is smtp"),
        ({"SAMVERKA_MAIL_GRAPH_MAILBOX": "a@b.se"}, "SAMVERKA_MAIL_TRANSPORT is not graph"),
        ({"SAMVERKA_MAIL_TRANSPORT": "graph", "SAMVERKA_MAIL_GRAPH_MAILBOX": "a@b.se"}, "SAMVERKA_MAIL_TRANSPORT=graph needs an OAuth client"),
        ({**ENTRA, "SAMVERKA_MAIL_TRANSPORT": "graph", "SAMVERKA_MAIL_GRAPH_MAILBOX": "a@b.se", "SAMVERKA_MAIL_GRAPH_URL": "http://graph.example"}, "SAMVERKA_MAIL_GRAPH_URL"),
        ({"SAMVERKA_MAIL_OAUTH_CLIENT_SECRET": SECRET}, "SAMVERKA_MAIL_OAUTH_PROVIDER is not"),
        ({**ENTRA, "SAMVERKA_MAIL_TRANSPORT": "graph", "SAMVERKA_MAIL_GRAPH_MAILBOX": "a@b.se", "IMAP_URL": IMAP}, "IMAP_URL is not used with SAMVERKA_MAIL_TRANSPORT=graph"),
        ({**ENTRA, "SAMVERKA_MAIL_TRANSPORT": "graph", "SAMVERKA_MAIL_GRAPH_MAILBOX": "a@b.se", "SMTP_URL": SMTP}, "SMTP_URL is not used with SAMVERKA_MAIL_TRANSPORT=graph"),
    ],
)  # fmt: skip
def test_a_wrong_or_incomplete_combination_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], named: str
) -> None:
    with pytest.raises(SettingsError) as refused:
        settings(monkeypatch, **{k: v for k, v in env.items() if v})
    assert named in str(refused.value)
    assert SECRET not in str(refused.value) and "\n" not in str(refused.value)


def test_a_certificate_instead_of_a_secret(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pem = tmp_path / "app.pem"
    pem.write_text("-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n")
    env = {**ENTRA, "SAMVERKA_MAIL_OAUTH_CLIENT_SECRET": "", "SMTP_URL": SMTP}
    env["SAMVERKA_MAIL_OAUTH_CERTIFICATE"] = str(pem)
    s = settings(monkeypatch, **{k: v for k, v in env.items() if v})
    config = oauth_config(s.mail)
    assert config is not None and config.certificate == pem and not config.client_secret
    monkeypatch.setenv("SAMVERKA_MAIL_OAUTH_CLIENT_SECRET", SECRET)
    with pytest.raises(SettingsError, match="set one of"):
        Settings.from_env()


class Timer:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_token_is_kept_until_shortly_before_it_expires() -> None:
    timer, handed = Timer(), iter(["t1", "t2", "t3", "t4"])
    tokens = CachedTokens(lambda: Issued(next(handed), 3600), timer=timer)
    assert tokens.token() == "t1"
    timer.now += 3000
    assert tokens.token() == "t1"  # 10 minutes left: still good
    timer.now += 301
    assert tokens.token() == "t2"  # under 5 minutes left: renewed before it runs out
    assert tokens.renew() == "t3"  # the server refused it: a new one, whatever the cache says
    assert tokens.token() == "t3" and tokens.fetched == 3


def test_a_short_lived_token_is_renewed_at_half_its_life() -> None:
    timer, handed = Timer(), iter(["t1", "t2"])
    tokens = CachedTokens(lambda: Issued(next(handed), 60), timer=timer)
    assert tokens.token() == "t1"
    timer.now += 29
    assert tokens.token() == "t1"
    timer.now += 2
    assert tokens.token() == "t2"
