"""The OpenID Connect settings (the web area's `oidc`): read from the
environment, all three of issuer, client id and secret or none, an https
issuer, and a secret that is never shown."""

from __future__ import annotations

import pytest

from samverka.asgi import oidc_client
from samverka.settings import Settings
from samverka.settings_errors import SettingsError

SECRET = "very-secret-client-secret-value"
PROVIDER = {
    "SAMVERKA_OIDC_ISSUER": "https://login.example.se/realms/region/",
    "SAMVERKA_OIDC_CLIENT_ID": "samverka",
    "SAMVERKA_OIDC_CLIENT_SECRET": SECRET,
}


def _environment(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def test_off_unless_an_issuer_is_set() -> None:
    oidc = Settings().web.oidc
    assert not oidc.enabled and oidc_client(oidc) is None
    assert (oidc.link_claim, oidc.scopes) == ("email", "openid email profile")


def test_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    _environment(
        monkeypatch,
        **PROVIDER,
        SAMVERKA_OIDC_LINK_CLAIM="preferred_username",
        SAMVERKA_OIDC_SCOPES="email profile",
        SAMVERKA_OIDC_PROVIDER_NAME="Region Testlands konto",
    )
    oidc = Settings.from_env().web.oidc
    assert oidc.enabled and oidc.issuer == "https://login.example.se/realms/region"
    assert (oidc.client_id, oidc.client_secret) == ("samverka", SECRET)
    assert oidc.link_claim == "preferred_username"
    assert oidc.scopes == "openid email profile", "openid is always asked for"
    client = oidc_client(oidc)
    assert client is not None and client.config.name == "Region Testlands konto"
    assert SECRET not in repr(oidc) and SECRET not in repr(client.config)


def test_the_button_names_the_issuers_host_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    _environment(monkeypatch, **PROVIDER)
    assert Settings.from_env().web.oidc.display_name == "login.example.se"


@pytest.mark.parametrize(
    "missing", ["SAMVERKA_OIDC_ISSUER", "SAMVERKA_OIDC_CLIENT_ID", "SAMVERKA_OIDC_CLIENT_SECRET"]
)
def test_all_three_or_none(monkeypatch: pytest.MonkeyPatch, missing: str) -> None:
    _environment(monkeypatch, **{k: v for k, v in PROVIDER.items() if k != missing})
    with pytest.raises(SettingsError, match="together") as refused:
        Settings.from_env()
    assert SECRET not in str(refused.value)


@pytest.mark.parametrize(
    "issuer", ["http://login.example.se", "ftp://127.0.0.1", "login.example.se"]
)
def test_the_issuer_is_https_except_on_loopback(
    monkeypatch: pytest.MonkeyPatch, issuer: str
) -> None:
    _environment(monkeypatch, **{**PROVIDER, "SAMVERKA_OIDC_ISSUER": issuer})
    with pytest.raises(SettingsError, match="SAMVERKA_OIDC_ISSUER: must be an https URL"):
        Settings.from_env()


def test_plain_http_on_loopback_is_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    _environment(monkeypatch, **{**PROVIDER, "SAMVERKA_OIDC_ISSUER": "http://127.0.0.1:8080"})
    assert Settings.from_env().web.oidc.issuer == "http://127.0.0.1:8080"
