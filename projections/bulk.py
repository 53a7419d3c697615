"""Writing many rows at once, as fast as each database allows.

Rows are written through the driver with statements built once per table:
SQLAlchemy's per-row parameter processing cost more than the projection
itself during a rebuild. On PostgreSQL larger batches go through COPY (into
a temporary staging table first when rows may already exist).
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import JSON, Connection, Table

from projections.store import Key, Row, pk_names

COPY_FROM = 50  # rows; below this plain statements are cheaper than COPY


def write_rows(
    conn: Connection, table: Table, kind: str, rows: Sequence[Row] | Sequence[Key]
) -> None:
    """kind: "insert" and "upsert" take row dicts, "delete" takes primary keys."""
    if kind == "delete":
        conn.exec_driver_sql(statement(conn, table, "delete"), list(rows))
        return
    values = [values_of(table, row) for row in rows]  # type: ignore[arg-type]
    if conn.dialect.name == "postgresql" and len(values) >= COPY_FROM:
        if kind == "insert":
            _copy(conn, f'"{table.name}"', table, values)
        else:
            _staged_upsert(conn, table, values)
        return
    conn.exec_driver_sql(statement(conn, table, kind), values)


def _copy(conn: Connection, target: str, table: Table, values: list[tuple[Any, ...]]) -> None:
    columns = ", ".join(f'"{c.name}"' for c in table.columns)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
        for row in values:
            copy.write_row(row)


def _staged_upsert(conn: Connection, table: Table, values: list[tuple[Any, ...]]) -> None:
    stage = f'"stage_{table.name}"'
    conn.exec_driver_sql(
        f'CREATE TEMP TABLE IF NOT EXISTS {stage} (LIKE "{table.name}") ON COMMIT DELETE ROWS'
    )
    _copy(conn, stage, table, values)
    columns = _column_names(table)
    pk = pk_names(table)
    names = ", ".join(f'"{c}"' for c in columns)
    conflict = ", ".join(f'"{c}"' for c in pk)
    sets = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in pk)
    action = f"DO UPDATE SET {sets}" if sets else "DO NOTHING"
    conn.exec_driver_sql(
        f'INSERT INTO "{table.name}" ({names}) SELECT {names} FROM {stage} '  # noqa: S608
        f"ON CONFLICT ({conflict}) {action}"
    )
    conn.exec_driver_sql(f"TRUNCATE {stage}")


def values_of(table: Table, row: Row) -> tuple[Any, ...]:
    """The row as a tuple in column order, JSON columns as JSON text."""
    encode = _ENCODERS.get(table)
    if encode is None:
        encode = _ENCODERS[table] = _encoder(table)
    return encode(row)


_ENCODERS: dict[Table, Callable[[Row], tuple[Any, ...]]] = {}
_NAMES: dict[Table, tuple[str, ...]] = {}


def _column_names(table: Table) -> tuple[str, ...]:
    found = _NAMES.get(table)
    if found is None:
        found = _NAMES[table] = tuple(str(c.name) for c in table.columns)
    return found


def _encoder(table: Table) -> Callable[[Row], tuple[Any, ...]]:
    getter = operator.itemgetter(*_column_names(table))
    json_at = [i for i, c in enumerate(table.columns) if isinstance(c.type, JSON)]
    if not json_at:
        return getter

    def encode(row: Row) -> tuple[Any, ...]:
        values = list(getter(row))
        for i in json_at:
            values[i] = json.dumps(values[i], ensure_ascii=False)
        return tuple(values)

    return encode


_STATEMENTS: dict[tuple[str, str, str], str] = {}


def statement(connection: Connection, table: Table, kind: str) -> str:
    dialect = connection.dialect
    cache_key = (dialect.name, table.name, kind)
    found = _STATEMENTS.get(cache_key)
    if found is not None:
        return found
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    columns, pk = _column_names(table), pk_names(table)
    name = quote(table.name)
    if kind == "delete":
        where = " AND ".join(f"{quote(c)} = {mark}" for c in pk)
        sql = f"DELETE FROM {name} WHERE {where}"  # noqa: S608 - our own table names
    else:
        names, marks = ", ".join(quote(c) for c in columns), ", ".join(mark for _ in columns)
        sql = f"INSERT INTO {name} ({names}) VALUES ({marks})"  # noqa: S608
        if kind == "upsert":
            others = [c for c in columns if c not in pk]
            conflict = ", ".join(quote(c) for c in pk)
            if others:
                sets = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in others)
                sql += f" ON CONFLICT ({conflict}) DO UPDATE SET {sets}"
            else:
                sql += f" ON CONFLICT ({conflict}) DO NOTHING"
    _STATEMENTS[cache_key] = sql
    return sql
