"""Fresh databases for a benchmark: a SQLite file or a PostgreSQL schema."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from tests.pg_schema import new_schema

PG_URL = os.environ.get("SAMVERKA_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def postgres_available() -> bool:
    try:
        with psycopg.connect(PG_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception:
        return False
    return True


@contextmanager
def fresh_database(backend: str) -> Iterator[str]:
    """Yields a database URL for a brand-new, empty store."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="samverka-bench-") as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    with new_schema(PG_URL, "bench") as url:
        yield url


def library_env(database_url: str) -> dict[str, str]:
    """The stock library on this backend: its own recorder, without the hash
    chain Samverka's recorder adds (that is part of what is measured)."""
    from adapters.persistence.store import store_config

    env = dict(store_config(database_url).library_env)
    env.pop("APPLICATION_RECORDER_TOPIC", None)
    return env
