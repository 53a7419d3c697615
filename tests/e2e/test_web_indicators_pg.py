"""Indikatorer over real HTTP on PostgreSQL as well: the flow of
tests/e2e/test_web_indicators.py (read a series, a bad file refused line by
line, a good one imported), with the store in a schema of its own."""

from __future__ import annotations

import pytest

from samverka.demo import Loaded
from samverka.settings import Settings
from tests.e2e import test_web_indicators as flows
from tests.e2e.test_web_indicators import indicators
from tests.e2e.web_world import WebWorld, container, demo, notifier

__all__ = ["container", "demo", "indicators", "notifier"]  # the fixtures used here


@pytest.fixture
def settings(pg_schema_url: str) -> Settings:
    return Settings(database_url=pg_schema_url, aggregate_cache_size=100)


@pytest.mark.postgres
def test_a_member_reads_and_a_coordinator_imports_on_postgres(
    indicators: tuple[WebWorld, Loaded, str],
) -> None:
    flows.test_a_member_reads_and_a_coordinator_imports(indicators)
