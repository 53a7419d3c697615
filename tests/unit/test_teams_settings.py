"""SAMVERKA_TEAMS_*: off without an app id, complete or refused with one."""

from __future__ import annotations

import pytest

from adapters.teams.config import BOT_FRAMEWORK_OPENID, LOGIN
from samverka.settings import Settings
from samverka.settings_errors import SettingsError

APP = "00000000-0000-4000-8000-0000000b0701"
TENANT = "11111111-1111-4111-8111-111111111111"


def teams_env(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    for name, value in values.items():
        monkeypatch.setenv(f"SAMVERKA_TEAMS_{name}", value)


def test_without_an_app_id_teams_is_off() -> None:
    assert not Settings().teams.enabled


def test_the_defaults_are_microsofts(monkeypatch: pytest.MonkeyPatch) -> None:
    teams_env(monkeypatch, APP_ID=APP, TENANT_ID=TENANT, APP_SECRET="s" * 40)
    teams = Settings().teams
    assert teams.enabled
    assert teams.openid_metadata_url == BOT_FRAMEWORK_OPENID
    assert teams.authority_url == f"{LOGIN}/{TENANT}"
    assert "s" * 40 not in repr(teams)


@pytest.mark.parametrize(
    ("values", "said"),
    [
        ({"APP_ID": APP, "APP_SECRET": "x" * 40}, "SAMVERKA_TEAMS_TENANT_ID"),
        ({"APP_ID": APP, "TENANT_ID": TENANT}, "SAMVERKA_TEAMS_APP_SECRET"),
        (
            {"APP_ID": APP, "TENANT_ID": TENANT, "APP_SECRET": "x", "APP_CERTIFICATE": "c.pem"},
            "SAMVERKA_TEAMS_APP_CERTIFICATE",
        ),
        ({"AUTHORITY": "http://login.example.se/t"}, "https URL"),
        ({"OPENID_METADATA_URL": "ftp://keys.example.se"}, "https URL"),
        ({"LANGUAGE": "de"}, "sv or en"),
    ],
)
def test_what_cannot_work_is_refused(
    monkeypatch: pytest.MonkeyPatch, values: dict[str, str], said: str
) -> None:
    teams_env(monkeypatch, **values)
    with pytest.raises(SettingsError, match=said) as refused:
        Settings()
    assert "x" * 40 not in str(refused.value)


def test_loopback_fakes_may_use_plain_http(monkeypatch: pytest.MonkeyPatch) -> None:
    teams_env(monkeypatch, OPENID_METADATA_URL="http://127.0.0.1:9/v1/openid/")
    assert Settings().teams.openid_metadata_url == "http://127.0.0.1:9/v1/openid"
