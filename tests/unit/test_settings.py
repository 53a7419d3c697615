"""Settings: one model read from the environment, with errors that name the variable."""

from __future__ import annotations

import pytest

from samverka.settings import Settings
from samverka.settings_errors import SettingsError
from services.i18n import translator

EVERY_VARIABLE = {
    "SAMVERKA_DATABASE_URL": "sqlite:///tmp/s.db",
    "SAMVERKA_HOST": "0.0.0.0",
    "SAMVERKA_PORT": "8080",
    "SAMVERKA_LOG_LEVEL": "DEBUG",
    "SAMVERKA_LOG_FORMAT": "JSON",
    "SAMVERKA_RUN_PROJECTOR": "no",
    "SAMVERKA_RUN_SCHEDULER": "0",
    "SAMVERKA_OUTBOX_DIR": "/tmp/out",
    "SAMVERKA_READ_YOUR_WRITES_TIMEOUT": "1.5",
    "SAMVERKA_PROJECTOR_BATCH_SIZE": "10",
    "SAMVERKA_TOKEN_DAYS": "30",
    "SAMVERKA_TOKEN_MAX_DAYS": "60",
    "SMTP_URL": "smtp://mail.example.se",
    "SAMVERKA_MAIL_SECRET": " a-secret \n",
    "SAMVERKA_MAIL_AUTHSERV_ID": "mx1.example.se, mx2.example.se,",
    "SLACK_API_URL": "http://127.0.0.1:9/api",
    "SAMVERKA_SLACK_MAX_RETRIES": "2",
    "SAMVERKA_SCHEDULER_LEADER_POLL": "0.5",
}


def test_every_area_reads_its_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in EVERY_VARIABLE.items():
        monkeypatch.setenv(name, value)
    s = Settings.from_env()
    assert (s.database_url, s.http.host, s.http.port, s.outbox_dir) == (
        "sqlite:///tmp/s.db",
        "0.0.0.0",
        8080,
        "/tmp/out",
    )
    assert (s.log.level, s.log.format) == ("debug", "json")
    assert (s.projector.in_process, s.scheduler.in_process) == (False, False)
    assert (s.http.read_your_writes_timeout, s.projector.batch_size) == (1.5, 10)
    assert (s.tokens.days, s.tokens.max_days) == (30, 60)
    assert (s.mail.smtp_url, s.mail.secret) == ("smtp://mail.example.se", "a-secret")
    assert s.mail.authserv_ids == ("mx1.example.se", "mx2.example.se")
    assert (s.slack.api_url, s.slack.max_rate_limit_retries) == ("http://127.0.0.1:9/api/", 2)
    assert s.scheduler.leader_poll == 0.5


def test_empty_variables_mean_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in EVERY_VARIABLE:
        monkeypatch.setenv(name, "")
    assert Settings.from_env() == Settings()
    assert Settings().http.port == 8000 and Settings().database_url == "sqlite:///var/samverka.db"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SAMVERKA_PORT", "eighty"),
        ("SAMVERKA_RUN_PROJECTOR", "perhaps"),
        ("SAMVERKA_SCHEDULER_MISFIRE_GRACE", "6h"),
        ("SAMVERKA_SLACK_LANGUAGE", "de"),
        ("SAMVERKA_PROJECTOR_LINGER", "soon"),
    ],
)
def test_an_invalid_value_names_its_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as refused:
        Settings.from_env()
    assert str(refused.value).startswith(f"{name}: ")
    assert repr(value) in str(refused.value)


def test_a_rule_over_two_variables_names_both(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMVERKA_TOKEN_DAYS", "400")
    with pytest.raises(SettingsError, match=r"SAMVERKA_TOKEN_DAYS .*SAMVERKA_TOKEN_MAX_DAYS"):
        Settings.from_env()


def test_errors_and_repr_never_show_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMVERKA_MAIL_SECRET", "do-not-print-this-secret-value-ever")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-do-not-print")
    monkeypatch.setenv("SMTP_URL", "smtp://user:hunter2@mail.example.se")
    shown = repr(Settings.from_env())
    assert "do-not-print" not in shown and "hunter2" not in shown


def test_a_misspelt_setting_in_code_is_refused() -> None:
    with pytest.raises(SettingsError, match="databse_url"):
        Settings(databse_url="sqlite:///x.db")  # type: ignore[call-arg]


def test_an_error_is_said_in_swedish_and_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMVERKA_SLACK_LANGUAGE", "fi")
    monkeypatch.setenv("SAMVERKA_PORT", "port")
    with pytest.raises(SettingsError) as refused:
        Settings.from_env()
    said = {lang: refused.value.text.say(translator(lang)) for lang in ("sv", "en")}
    assert said["sv"] == (
        "SAMVERKA_PORT: Värdet ska vara ett heltal, texten gick inte att tolka som ett heltal, "
        "inte 'port'; SAMVERKA_SLACK_LANGUAGE: måste vara sv eller en, inte 'fi'"
    )
    assert (
        said["en"]
        == str(refused.value)
        == (
            "SAMVERKA_PORT: Input should be a valid integer, unable to parse string as an integer, "
            "not 'port'; SAMVERKA_SLACK_LANGUAGE: must be sv or en, not 'fi'"
        )
    )
