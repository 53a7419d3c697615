"""Tidsresa over real HTTP on PostgreSQL as well: the flows of
tests/e2e/test_web_timetravel.py with the store in a schema of its own
(the aggregate's events are read by id from PostgreSQL's events table)."""

from __future__ import annotations

import pytest

from samverka.demo import Loaded
from samverka.settings import Settings
from tests.e2e import test_web_timetravel as flows
from tests.e2e.test_web_funds import funds
from tests.e2e.web_world import WebWorld, container, demo, notifier

__all__ = ["container", "demo", "funds", "notifier"]  # the fixtures used here


@pytest.fixture
def settings(pg_schema_url: str) -> Settings:
    return Settings(database_url=pg_schema_url, aggregate_cache_size=100)


@pytest.mark.postgres
def test_an_initiative_as_it_was_on_postgres(demo: tuple[WebWorld, Loaded]) -> None:
    flows.test_an_initiative_as_it_was_before_a_change(demo)


@pytest.mark.postgres
def test_a_grant_as_it_was_on_postgres(funds: tuple[WebWorld, Loaded, str]) -> None:
    flows.test_a_grant_as_it_was_before_a_booking(funds)


@pytest.mark.postgres
def test_a_series_as_it_was_on_postgres(demo: tuple[WebWorld, Loaded]) -> None:
    flows.test_a_series_as_it_was_before_an_invitation(demo)


@pytest.mark.postgres
def test_the_api_as_of_on_postgres(funds: tuple[WebWorld, Loaded, str]) -> None:
    flows.test_the_api_gives_an_initiative_and_a_grant_as_they_were(funds)
