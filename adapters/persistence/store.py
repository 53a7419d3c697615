"""What the one database URL means for each part: the event store (the
library's settings, with Samverka's chained recorder), the read tables, and
where SQLite keeps its files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url


class BadDatabaseUrl(ValueError):
    """SAMVERKA_DATABASE_URL names no database Samverka can use."""


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
        raise BadDatabaseUrl(f"SAMVERKA_DATABASE_URL is not a database URL: {error}") from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise BadDatabaseUrl("SQLite needs a file path, e.g. sqlite:///var/samverka.db")
        path = Path(url.database)
        return StoreConfig(
            kind="sqlite",
            library_env={
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(path),
                "SQLITE_LOCK_TIMEOUT": "15",
                "APPLICATION_RECORDER_TOPIC": "adapters.persistence.chain:ChainedSQLiteRecorder",
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
            "APPLICATION_RECORDER_TOPIC": "adapters.persistence.chain:ChainedPostgresRecorder",
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
    raise BadDatabaseUrl(f"unsupported database {backend!r}: use sqlite:/// or postgresql://")
