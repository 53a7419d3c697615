"""The secretary's meeting over real HTTP on PostgreSQL as well: the same
flow as tests/e2e/test_web_meetings.py (attendance, a guest, notes, a
decision, an action item, closing), with the store in a schema of its own."""

from __future__ import annotations

import pytest

from samverka.demo import Loaded
from tests.e2e import test_web_meetings as flows
from tests.e2e.web_world import WebWorld, container, demo, notifier, pg_settings

__all__ = ["container", "demo", "notifier", "pg_settings"]  # the fixtures used here


@pytest.mark.postgres
def test_a_secretary_runs_a_meeting_on_postgres(demo: tuple[WebWorld, Loaded]) -> None:
    flows.test_a_secretary_runs_a_meeting(demo)
