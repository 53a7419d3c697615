"""Shared fixtures: a Samverka container on SQLite and on PostgreSQL.

PostgreSQL tests use SAMVERKA_TEST_POSTGRES_URL (default: the CI server,
postgresql://postgres@127.0.0.1:5432/test) with a fresh schema per test.
Under CI=true an unreachable server fails the run; elsewhere those tests skip
with the reason.

Tests run on a FixedClock (tests/clock.py). Tests marked `any_date` build their
world from that clock and run at the ordinary DEFAULT_NOW on both databases
and at each of the AWKWARD_DATES on SQLite (the dates test the calendar, not
the store).
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator
from datetime import datetime

import psycopg
import pytest

from samverka.bootstrap import Container, bootstrap
from samverka.settings import Settings
from tests.clock import AWKWARD_DATES, DEFAULT_NOW, FixedClock
from tests.pg_schema import new_schema

PG_URL = os.environ.get("SAMVERKA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@functools.cache
def postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used here, or None when it can."""
    try:
        with psycopg.connect(PG_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as error:
        return f"PostgreSQL not reachable at {PG_URL}: {error}".strip()
    return None


def require(problem: str | None, *, in_ci: bool = IN_CI, hint: str = "") -> None:
    """Nothing when `problem` is None; else the test skips saying why (and
    `hint`), or fails under CI=true, where nothing may be missing."""
    if problem is None:
        return
    if in_ci:
        pytest.fail(f"CI=true but {problem}", pytrace=False)
    pytest.skip(f"{problem}{hint}")


def require_postgres() -> None:
    require(postgres_problem(), hint=" (set SAMVERKA_TEST_POSTGRES_URL to run these tests)")


@contextlib.contextmanager
def fresh_pg_schema() -> Iterator[str]:
    """A database URL pointing at a brand-new schema, dropped afterwards."""
    require_postgres()
    with new_schema(PG_URL, "t") as url:
        yield url


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    with fresh_pg_schema() as url:
        yield url


@pytest.fixture
def other_pg_schema_url() -> Iterator[str]:
    """A second, separate schema (for copying between stores)."""
    with fresh_pg_schema() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/samverka.db"
    else:
        yield request.getfixturevalue("pg_schema_url")


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, aggregate_cache_size=100)


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`any_date` tests: `now` over DEFAULT_NOW and the awkward dates.

    With a database, the ordinary date runs on both and the awkward ones on
    SQLite only: one parametrize mark over (now, database_url), added before
    pytest reads the marks, so the database fixture's own params step aside.
    """
    if "now" not in metafunc.fixturenames or not metafunc.definition.get_closest_marker("any_date"):
        return
    awkward = list(AWKWARD_DATES.items())
    if "database_url" not in metafunc.fixturenames:
        moments = [pytest.param(DEFAULT_NOW, id="ordinary")]
        moments += [pytest.param(moment, id=name) for name, moment in awkward]
        metafunc.definition.add_marker(pytest.mark.parametrize("now", moments))
        return
    combos = [
        pytest.param(DEFAULT_NOW, "sqlite", id="ordinary-sqlite"),
        pytest.param(DEFAULT_NOW, "postgres", id="ordinary-postgres", marks=pytest.mark.postgres),
    ]
    combos += [pytest.param(moment, "sqlite", id=f"{name}-sqlite") for name, moment in awkward]
    metafunc.definition.add_marker(
        pytest.mark.parametrize(("now", "database_url"), combos, indirect=["database_url"])
    )


@pytest.fixture
def now() -> datetime:
    """The moment the test's clock starts at (see tests/clock.py)."""
    return DEFAULT_NOW


@pytest.fixture
def clock(now: datetime) -> FixedClock:
    return FixedClock(now)


@pytest.fixture
def container(settings: Settings, clock: FixedClock) -> Iterator[Container]:
    k = bootstrap(settings, clock=clock)
    try:
        yield k
    finally:
        k.close()
