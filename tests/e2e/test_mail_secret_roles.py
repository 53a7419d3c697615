"""The roles that send or receive real mail refuse to start without a real
SAMVERKA_MAIL_SECRET (exit 2, before they touch the database); without real
mail they start and keep a random one beside the database."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.e2e.processes import samverka
from tests.e2e.server import free_port
from tests.mail_inbound_fixtures import STRONG_SECRET

# SMTP_URL names a port nobody listens on: a role that started anyway would
# fail later, not here.
ROLES = {
    "serve": ["serve", "--port", "0"],
    "scheduler": ["scheduler"],
    "mail listen": ["mail", "listen", "--listen", "127.0.0.1:0"],
    "mail poll": ["mail", "poll"],
}
BAD = {
    "missing": None,
    "the old development default": "dev-only-mail-secret-change-me",
    "compose's old default": "change-me",
    "short": "x" * 31,
}


def run(tmp_path: Path, args: list[str], **env: str | None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "IMAP_"))}
    environment.pop("SAMVERKA_MAIL_SECRET", None)
    environment.update(
        SAMVERKA_DATABASE_URL=f"sqlite:///{tmp_path}/var/samverka.db",
        SAMVERKA_OUTBOX_DIR=str(tmp_path / "var" / "outbox"),
        SAMVERKA_LOG_LEVEL="warning",
        SMTP_URL=f"smtp://127.0.0.1:{free_port()}",
        IMAP_URL="imap://samverka:hemligt@127.0.0.1:1/INBOX",
    )
    for name, value in env.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return samverka(*args, env=environment, cwd=tmp_path, timeout=60)


@pytest.mark.parametrize("bad", list(BAD))
@pytest.mark.parametrize("role", list(ROLES))
def test_a_role_with_real_mail_refuses_a_guessable_secret(
    tmp_path: Path, role: str, bad: str
) -> None:
    result = run(tmp_path, ROLES[role], SAMVERKA_MAIL_SECRET=BAD[bad])
    assert result.returncode == 2, result.stderr
    assert "SAMVERKA_MAIL_SECRET" in result.stderr
    assert "secrets.token_urlsafe(32)" in result.stderr
    assert not (tmp_path / "var").exists()  # refused before anything was opened


def test_the_mail_roles_refuse_even_without_smtp(tmp_path: Path) -> None:
    for role in ("mail listen", "mail poll"):
        result = run(tmp_path, ROLES[role], SMTP_URL=None)
        assert result.returncode == 2 and "SAMVERKA_MAIL_SECRET" in result.stderr


def test_a_real_secret_passes_the_check(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        ["mail", "poll"],
        SAMVERKA_MAIL_SECRET=STRONG_SECRET,
        IMAP_URL=None,
        SAMVERKA_LANG="en",  # the refusal is checked in English
    )
    assert result.returncode == 2 and "set IMAP_URL" in result.stderr, result.stderr
    assert not (tmp_path / "var" / "mail-secret").exists()


def test_without_real_mail_the_scheduler_keeps_a_random_secret(tmp_path: Path) -> None:
    """What `make run` does: no SMTP_URL, no secret; mail goes to the outbox."""
    first = run(tmp_path, ["scheduler", "--once"], SMTP_URL=None)
    assert first.returncode == 0, first.stderr
    kept = tmp_path / "var" / "mail-secret"
    secret = kept.read_text().strip()
    assert len(secret) >= 32 and stat.S_IMODE(kept.stat().st_mode) == 0o600
    again = run(tmp_path, ["scheduler", "--once"], SMTP_URL=None)
    assert again.returncode == 0, again.stderr
    assert kept.read_text().strip() == secret
