"""The secretary's meeting over real HTTP on PostgreSQL as well: the same
flow as tests/e2e/test_web_meetings.py (attendance, a guest, notes, a
decision, an action item, closing), with the store in a schema of its own."""

from __future__ import annotations

import pytest

from samverka.demo import Loaded
from samverka.settings import Settings
from tests.e2e import test_web_meetings as flows
from tests.e2e.web_world import WebWorld, container, demo, notifier

__all__ = ["container", "demo", "notifier"]  # the fixtures used here


@pytest.fixture
def settings(pg_schema_url: str) -> Settings:
    return Settings(database_url=pg_schema_url, aggregate_cache_size=100)


@pytest.mark.postgres
def test_a_secretary_runs_a_meeting_on_postgres(demo: tuple[WebWorld, Loaded]) -> None:
    flows.test_a_secretary_runs_a_meeting(demo)
