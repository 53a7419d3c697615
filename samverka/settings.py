"""Settings from the environment, and what the database URL means for each part."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

DEFAULT_DATABASE_URL = "sqlite:///var/samverka.db"


class SettingsError(ValueError):
    """A setting has a value Samverka cannot use."""


@dataclass(frozen=True)
class StoreConfig:
    """One database URL, seen by the event store and by the read model."""

    kind: str  # "sqlite" or "postgres"
    library_env: dict[str, str]
    sqlalchemy_url: str  # the read tables
    events_sqlalchemy_url: str  # the database that holds the events (and person keys)
    schema: str | None = None
    sqlite_path: Path | None = None


def views_path(events_path: Path) -> Path:
    """SQLite: the read tables live beside the events, in `<name>.views<suffix>`.

    SQLite has one writer per file; with the views in their own file the
    projector never makes a command wait for the lock (and vice versa). The
    views are rebuildable from the events file alone.
    """
    return events_path.with_name(f"{events_path.stem}.views{events_path.suffix or '.db'}")


def store_config(database_url: str) -> StoreConfig:
    try:
        url = make_url(database_url)
    except Exception as error:
        raise SettingsError(f"SAMVERKA_DATABASE_URL is not a database URL: {error}") from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise SettingsError("SQLite needs a file path, e.g. sqlite:///var/samverka.db")
        path = Path(url.database)
        return StoreConfig(
            kind="sqlite",
            library_env={
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(path),
                "SQLITE_LOCK_TIMEOUT": "15",
                "APPLICATION_RECORDER_TOPIC": "samverka.chain:ChainedSQLiteRecorder",
            },
            sqlalchemy_url=f"sqlite:///{views_path(path)}",
            events_sqlalchemy_url=f"sqlite:///{path}",
            sqlite_path=path,
        )
    if backend in ("postgresql", "postgres"):
        schema = url.query.get("schema")
        schema = schema if isinstance(schema, str) else None
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": url.database or "postgres",
            "POSTGRES_HOST": url.host or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": url.username or "postgres",
            "POSTGRES_PASSWORD": url.password or "",
            # Short: the library retries each call ten times, each waiting this long.
            "POSTGRES_CONNECT_TIMEOUT": "1",
            "POSTGRES_PRE_PING": "y",
            "POSTGRES_POOL_SIZE": "10",
            "POSTGRES_MAX_OVERFLOW": "10",
            "APPLICATION_RECORDER_TOPIC": "samverka.chain:ChainedPostgresRecorder",
        }
        if schema:
            env["POSTGRES_SCHEMA"] = schema
        sa_url = url.set(drivername="postgresql+psycopg").difference_update_query(["schema"])
        return StoreConfig(
            kind="postgres",
            library_env=env,
            sqlalchemy_url=sa_url.render_as_string(hide_password=False),
            events_sqlalchemy_url=sa_url.render_as_string(hide_password=False),
            schema=schema,
        )
    raise SettingsError(f"unsupported database {backend!r}: use sqlite:/// or postgresql://")


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
    # Signs reply tokens; set SAMVERKA_MAIL_SECRET in any real deployment.
    mail_secret: str = "dev-only-mail-secret-change-me"  # noqa: S105
    mail_token_days: int = 60
    mail_max_bytes: int = 1024 * 1024
    mail_listen: str = "127.0.0.1:8025"
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def store(self) -> StoreConfig:
        return store_config(self.database_url)

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
            mail_secret=os.environ.get("SAMVERKA_MAIL_SECRET") or cls.mail_secret,
            mail_token_days=_int("SAMVERKA_MAIL_TOKEN_DAYS", 60),
            mail_max_bytes=_int("SAMVERKA_MAIL_MAX_BYTES", 1024 * 1024),
            mail_listen=os.environ.get("SAMVERKA_MAIL_LISTEN") or "127.0.0.1:8025",
        )
