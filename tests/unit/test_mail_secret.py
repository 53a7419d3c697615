"""SAMVERKA_MAIL_SECRET: real mail refuses a missing or guessable one; without
real mail a random one is made once and kept beside the database."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from samverka.settings import MailSettings, Settings, local_secret
from samverka.settings_errors import SettingsError

STRONG = "k" * 32
BAD = ["", "dev-only-mail-secret-change-me", "change-me", "s" * 31]


@pytest.mark.parametrize("secret", BAD)
def test_real_mail_refuses_a_missing_shipped_or_short_secret(secret: str) -> None:
    sends = Settings(mail=MailSettings(secret=secret, smtp_url="smtp://mail.example.se"))
    for settings, receives in ((sends, False), (Settings(mail=MailSettings(secret=secret)), True)):
        with pytest.raises(SettingsError) as refused:
            settings.check_mail_secret(receives=receives)
        text = str(refused.value)
        assert text.startswith("SAMVERKA_MAIL_SECRET ")
        assert 'python -c "import secrets; print(secrets.token_urlsafe(32))"' in text
        if secret:
            assert secret not in text  # the value itself is never echoed


@pytest.mark.parametrize("secret", BAD)
def test_mail_that_stays_in_the_outbox_needs_no_secret(secret: str) -> None:
    Settings(mail=MailSettings(secret=secret)).check_mail_secret(receives=False)


def test_a_long_random_secret_is_accepted_everywhere() -> None:
    Settings(mail=MailSettings(secret=STRONG, smtp_url="smtp://mail.example.se")).check_mail_secret(
        receives=False
    )
    Settings(mail=MailSettings(secret=STRONG)).check_mail_secret(receives=True)


def test_the_kept_secret_is_made_once_beside_the_database_and_reused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/var/samverka.db"
    first = Settings(database_url=url).with_mail_secret().mail.secret
    path = tmp_path / "var" / "mail-secret"
    assert path.read_text().strip() == first and len(first) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    made = path.stat()
    again = Settings(database_url=url).with_mail_secret().mail.secret
    assert again == first and path.stat().st_ino == made.st_ino
    assert sorted(p.name for p in path.parent.iterdir()) == ["mail-secret"]  # no leftovers
    other = tmp_path / "elsewhere" / "samverka.db"
    assert Settings(database_url=f"sqlite:///{other}").with_mail_secret().mail.secret != first


def test_processes_starting_at_once_keep_one_secret(tmp_path: Path) -> None:
    path = tmp_path / "mail-secret"
    with ThreadPoolExecutor(8) as pool:
        seen = set(pool.map(lambda _: local_secret(path), range(32)))
    assert seen == {path.read_text().strip()}
    assert [p.name for p in tmp_path.iterdir()] == ["mail-secret"]


def test_a_set_secret_keeps_no_file(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/samverka.db", mail=MailSettings(secret=STRONG)
    )
    assert settings.with_mail_secret() is settings
    assert list(tmp_path.iterdir()) == []


def test_postgres_keeps_it_beside_the_outbox(tmp_path: Path) -> None:
    settings = Settings(
        database_url="postgresql://samverka@db.example.se/samverka",
        outbox_dir=str(tmp_path / "data" / "outbox"),
    )
    assert settings.mail_secret_path() == tmp_path / "data" / "mail-secret"


def test_a_kept_file_with_a_guessable_value_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mail-secret").write_text("change-me\n")
    with pytest.raises(SettingsError, match="mail-secret"):
        Settings(database_url=f"sqlite:///{tmp_path}/samverka.db").with_mail_secret()


def test_from_env_reads_no_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAMVERKA_MAIL_SECRET", raising=False)
    assert Settings.from_env().mail.secret == ""
    monkeypatch.setenv("SAMVERKA_MAIL_SECRET", f" {STRONG}\n")
    assert Settings.from_env().mail.secret == STRONG
