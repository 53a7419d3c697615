"""Indikatorer over real HTTP on PostgreSQL as well: the flow of
tests/e2e/test_web_indicators.py (read a series, a bad file refused line by
line, a good one imported), with the store in a schema of its own."""

from __future__ import annotations

import pytest

from samverka.demo import Loaded
from tests.e2e import test_web_indicators as flows
from tests.e2e.test_web_indicators import indicators
from tests.e2e.web_world import WebWorld, container, demo, notifier, pg_settings

__all__ = ["container", "demo", "indicators", "notifier", "pg_settings"]  # the fixtures used here


@pytest.mark.postgres
def test_a_member_reads_and_a_coordinator_imports_on_postgres(
    indicators: tuple[WebWorld, Loaded, str],
) -> None:
    flows.test_a_member_reads_and_a_coordinator_imports(indicators)
