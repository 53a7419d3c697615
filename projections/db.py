"""SQLAlchemy engines for the read model, on SQLite or PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext

from projections import tables as t

SQLITE_BUSY_TIMEOUT_MS = 15_000


@dataclass(frozen=True)
class Engines:
    """`write` opens transactions that take SQLite's write lock at BEGIN, so a
    projector flush never fails half-way on a lock upgrade; `read` is for
    queries. On PostgreSQL both are the same engine."""

    read: Engine
    write: Engine
    url: str = ""
    schema: str | None = None

    def dispose(self) -> None:
        self.read.dispose()
        if self.write is not self.read:
            self.write.dispose()


def _first_line(text: object) -> str:
    return str(text).partition("\n")[0]


def _quiet_errors(engine: Engine) -> None:
    """Keeps personal data out of the engine's errors, which end up in logs.

    hide_parameters=True (on every engine) leaves out the statement's
    parameters (decrypted names, e-mail addresses); this keeps only the first
    line of the database's own message: PostgreSQL's DETAIL line repeats the
    values of a failing row ("Failing row contains (..., Anna Jonsson, ...)"),
    while the first line names the constraint and the table. The error's
    class and SQLSTATE stay as they were.
    """

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> None:
        original = context.original_exception
        if original.args and "\n" in str(original):
            original.args = (_first_line(original),)
        wrapped = context.sqlalchemy_exception
        if wrapped is not None and wrapped.args:
            wrapped.args = (_first_line(wrapped.args[0]), *wrapped.args[1:])


def _sqlite_engine(url: str, *, immediate: bool) -> Engine:
    engine = create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        hide_parameters=True,
    )
    _quiet_errors(engine)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def create_engines(sqlalchemy_url: str, *, schema: str | None = None) -> Engines:
    if sqlalchemy_url.startswith("sqlite"):
        return Engines(
            read=_sqlite_engine(sqlalchemy_url, immediate=False),
            write=_sqlite_engine(sqlalchemy_url, immediate=True),
            url=sqlalchemy_url,
        )
    connect_args: dict[str, Any] = {"connect_timeout": 2}
    if schema:
        connect_args["options"] = f"-c search_path={schema}"
    engine = create_engine(
        sqlalchemy_url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        pool_timeout=2,
        connect_args=connect_args,
        hide_parameters=True,
    )
    _quiet_errors(engine)
    return Engines(read=engine, write=engine, url=sqlalchemy_url, schema=schema)


def create_tables(engines: Engines) -> None:
    t.metadata.create_all(engines.write)
