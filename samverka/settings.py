"""Settings from the environment, and what the database URL means for each part."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from adapters.persistence.store import BadDatabaseUrl, StoreConfig, store_config

DEFAULT_DATABASE_URL = "sqlite:///var/samverka.db"

# SAMVERKA_MAIL_SECRET signs the reply addresses (adapters/email/tokens.py):
# whoever knows it can answer a check-in in anyone's name. These values were
# once shipped as defaults or examples, so they are known to everyone.
SHIPPED_MAIL_SECRETS = frozenset({"dev-only-mail-secret-change-me", "change-me"})
MIN_MAIL_SECRET = 32
MAKE_MAIL_SECRET = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'  # noqa: S105 (a command, not a secret)
MAIL_SECRET_FILE = "mail-secret"  # noqa: S105 (a file name)


class SettingsError(ValueError):
    """A setting has a value Samverka cannot use."""


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    try:
        return float(raw) if raw else default
    except ValueError:
        raise SettingsError(f"{name} must be a number, not {raw!r}") from None


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    try:
        return int(raw) if raw else default
    except ValueError:
        raise SettingsError(f"{name} must be an integer, not {raw!r}") from None


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if not raw:
        return default
    return raw.strip().lower() in ("1", "true", "yes", "on", "y")


def mail_secret_problem(secret: str) -> str | None:
    """Why a mail secret cannot sign real mail, or None when it can."""
    if not secret:
        return "is not set"
    if secret in SHIPPED_MAIL_SECRETS:
        return "is an example value that Samverka once shipped"
    if len(secret) < MIN_MAIL_SECRET:
        return f"is shorter than {MIN_MAIL_SECRET} characters"
    return None


def local_secret(path: Path) -> str:
    """The random secret kept in `path` (mode 0600), made on first use.

    Several processes may start at once (`serve --workers`): the secret is
    written to a temporary file and linked into place, so every process reads
    the same complete value and none overwrites another's.
    """
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as stream:
            stream.write(secrets.token_urlsafe(32) + "\n")
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(FileExistsError):  # another process was first
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    return _read_secret(path)


def _read_secret(path: Path) -> str:
    value = path.read_text(encoding="ascii").strip()
    if mail_secret_problem(value) is not None:
        raise SettingsError(f"{path} does not hold a usable mail secret: delete it or fix it")
    return value


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "info"
    log_format: str = "auto"  # auto | json | console
    run_projector: bool = True  # in-process projector (off when it runs on its own)
    run_scheduler: bool = True  # in-process scheduler in `serve` (off when it runs on its own)
    outbox_dir: str = "var/outbox"  # where the file notifier writes what would be sent
    read_your_writes_timeout: float = 5.0
    ready_max_lag: int = 1000
    max_body_bytes: int = 256 * 1024
    max_header_bytes: int = 32 * 1024  # all of a request's header names and values
    aggregate_cache_size: int = 1000
    projector_batch_size: int = 1000
    projector_poll_interval: float = 0.5
    projector_linger: float = 0.01
    # False when the event tables belong to another role (append-only setup).
    create_event_tables: bool = True
    # E-mail (issue 5). No SMTP_URL: mail goes to `outbox_dir` as .eml files.
    smtp_url: str | None = None
    imap_url: str | None = None
    mail_from: str = "Samverka <samverka@samverka.localhost>"
    mail_domain: str = "samverka.localhost"  # reply addresses: svar+<token>@<mail_domain>
    # Signs reply tokens. Empty: a random one kept in `mail_secret_path()`,
    # for mail that stays in the outbox folder; real mail refuses to start
    # without one (`check_mail_secret`).
    mail_secret: str = ""
    mail_token_days: int = 60
    mail_max_bytes: int = 1024 * 1024
    mail_listen: str = "127.0.0.1:8025"
    # API tokens: `token create` gives this many days unless told otherwise, and
    # never more than the maximum (also the life of tokens from before expiry).
    token_days: int = 90
    token_max_days: int = 365
    token_cache_seconds: float = 2.0
    # Automatic answers to inbound mail (bounces, help), per hour: to one
    # address, and to all senders we could not verify together.
    mail_answers_per_address: int = 5
    mail_unverified_answers: int = 100
    # authserv-ids of receiving servers whose Authentication-Results headers
    # are trusted (adapters/email/authresults.py); set: a reply needs one.
    mail_authserv_ids: tuple[str, ...] = ()
    # The web door: where people reach it (links in mail; "" = the address
    # the request came to, or http://host:port at the terminal), and how long
    # an unused browser session lasts.
    public_url: str = ""
    web_idle_minutes: int = 120
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def store(self) -> StoreConfig:
        try:
            return store_config(self.database_url)
        except BadDatabaseUrl as error:
            raise SettingsError(str(error)) from None

    def __post_init__(self) -> None:
        if not 1 <= self.token_max_days <= 3650:
            raise SettingsError("SAMVERKA_TOKEN_MAX_DAYS must be 1-3650 days")
        if not 1 <= self.token_days <= self.token_max_days:
            raise SettingsError(
                "SAMVERKA_TOKEN_DAYS must be at least 1 and at most SAMVERKA_TOKEN_MAX_DAYS"
            )

    def check_mail_secret(self, *, receives: bool) -> None:
        """Refuses to go on when real mail (inbound always; outbound through
        SMTP_URL) would be signed or checked with a missing or guessable secret."""
        if not (receives or self.smtp_url):
            return
        problem = mail_secret_problem(self.mail_secret)
        if problem is not None:
            raise SettingsError(
                f"SAMVERKA_MAIL_SECRET {problem}. It signs the reply addresses in "
                "Samverka's mail: whoever knows it can answer in anyone's name. Set it "
                f"to a random value of at least {MIN_MAIL_SECRET} characters, the same "
                f"in every process that handles mail; make one with: {MAKE_MAIL_SECRET}"
            )

    def mail_secret_path(self) -> Path:
        """Where the random secret is kept when none is set: beside the SQLite
        database (`var/mail-secret`), else beside the outbox folder."""
        store = self.store
        if store.sqlite_path is not None:
            return store.sqlite_path.with_name(MAIL_SECRET_FILE)
        return Path(self.outbox_dir).parent / MAIL_SECRET_FILE

    def with_mail_secret(self) -> Settings:
        """These settings with a mail secret: the one set, or the kept random one."""
        if self.mail_secret:
            return self
        path = self.mail_secret_path()
        try:
            return replace(self, mail_secret=local_secret(path))
        except OSError as error:
            raise SettingsError(
                f"no SAMVERKA_MAIL_SECRET and cannot keep a random one in {path} "
                f"({error.strerror or error}): set SAMVERKA_MAIL_SECRET"
            ) from None

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=os.environ.get("SAMVERKA_DATABASE_URL") or DEFAULT_DATABASE_URL,
            host=os.environ.get("SAMVERKA_HOST") or "127.0.0.1",
            port=_int("SAMVERKA_PORT", 8000),
            log_level=(os.environ.get("SAMVERKA_LOG_LEVEL") or "info").lower(),
            log_format=(os.environ.get("SAMVERKA_LOG_FORMAT") or "auto").lower(),
            run_projector=_bool("SAMVERKA_RUN_PROJECTOR", True),
            run_scheduler=_bool("SAMVERKA_RUN_SCHEDULER", True),
            outbox_dir=os.environ.get("SAMVERKA_OUTBOX_DIR") or "var/outbox",
            read_your_writes_timeout=_float("SAMVERKA_READ_YOUR_WRITES_TIMEOUT", 5.0),
            ready_max_lag=_int("SAMVERKA_READY_MAX_LAG", 1000),
            max_body_bytes=_int("SAMVERKA_MAX_BODY_BYTES", 256 * 1024),
            max_header_bytes=_int("SAMVERKA_MAX_HEADER_BYTES", 32 * 1024),
            aggregate_cache_size=_int("SAMVERKA_AGGREGATE_CACHE_SIZE", 1000),
            projector_batch_size=_int("SAMVERKA_PROJECTOR_BATCH_SIZE", 1000),
            projector_poll_interval=_float("SAMVERKA_PROJECTOR_POLL_INTERVAL", 0.5),
            projector_linger=_float("SAMVERKA_PROJECTOR_LINGER", 0.01),
            create_event_tables=_bool("SAMVERKA_CREATE_EVENT_TABLES", True),
            smtp_url=os.environ.get("SMTP_URL") or None,
            imap_url=os.environ.get("IMAP_URL") or None,
            mail_from=os.environ.get("SAMVERKA_MAIL_FROM") or cls.mail_from,
            mail_domain=os.environ.get("SAMVERKA_MAIL_DOMAIN") or cls.mail_domain,
            mail_secret=(os.environ.get("SAMVERKA_MAIL_SECRET") or "").strip(),
            mail_token_days=_int("SAMVERKA_MAIL_TOKEN_DAYS", 60),
            mail_max_bytes=_int("SAMVERKA_MAIL_MAX_BYTES", 1024 * 1024),
            mail_listen=os.environ.get("SAMVERKA_MAIL_LISTEN") or "127.0.0.1:8025",
            token_days=_int("SAMVERKA_TOKEN_DAYS", 90),
            token_max_days=_int("SAMVERKA_TOKEN_MAX_DAYS", 365),
            token_cache_seconds=_float("SAMVERKA_TOKEN_CACHE_SECONDS", 2.0),
            mail_answers_per_address=_int("SAMVERKA_MAIL_ANSWERS_PER_ADDRESS", 5),
            mail_unverified_answers=_int("SAMVERKA_MAIL_UNVERIFIED_ANSWERS", 100),
            public_url=(os.environ.get("SAMVERKA_PUBLIC_URL") or "").strip(),
            web_idle_minutes=_int("SAMVERKA_WEB_IDLE_MINUTES", 120),
            mail_authserv_ids=tuple(
                part.strip()
                for part in (os.environ.get("SAMVERKA_MAIL_AUTHSERV_ID") or "").split(",")
                if part.strip()
            ),
        )
