"""A benchmark's prepared store, kept between runs when asked.

Writing and projecting a million events takes many minutes; measuring a
page takes one. With `SAMVERKA_BENCH_KEEP=1` (or `--keep-stores`) a line
that supports it keeps its store once prepared, a SQLite file under
`var/bench/` or a PostgreSQL schema `bench_kept_<name>`, with what the
preparation found (ids, as JSON) beside it, and later runs measure that
store again instead of writing a new one. Without it every run starts from
an empty store, as before. Delete `var/bench/` (and drop the schemas) to
start over.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from bench.backends import PG_URL, fresh_database

FOLDER = Path(__file__).resolve().parent.parent / "var" / "bench"


def keeping() -> bool:
    return os.environ.get("SAMVERKA_BENCH_KEEP", "") not in ("", "0")


def _pg_url(schema: str) -> str:
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}schema={schema}"


def _pg_schema(schema: str, *, fresh: bool) -> None:
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')


@contextmanager
def prepared_store(
    backend: str, name: str, prepare: Callable[[str], dict[str, Any]]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The database URL of a store `prepare` has filled, and what `prepare`
    returned (JSON-able). Kept and reused under `name` when keeping()."""
    if not keeping():
        with fresh_database(backend) as url:
            yield url, prepare(url)
        return
    FOLDER.mkdir(parents=True, exist_ok=True)
    found = FOLDER / f"{name}-{backend}.json"
    schema = f"bench_kept_{name}".replace("-", "_")
    url = f"sqlite:///{FOLDER / f'{name}.db'}" if backend == "sqlite" else _pg_url(schema)
    if found.exists():
        yield url, json.loads(found.read_text())
        return
    # Half-prepared stores of an interrupted run go first.
    if backend == "sqlite":
        for leftover in FOLDER.glob(f"{name}.db*"):
            leftover.unlink()
    else:
        _pg_schema(schema, fresh=True)
    world = prepare(url)
    found.write_text(json.dumps(world))
    yield url, world
