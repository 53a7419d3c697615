"""Granskning over real HTTP on PostgreSQL as well: the same flows as
tests/e2e/test_web_audit.py (paging by cursor, the filters, verifying
intact and after a flipped byte), with the store in a schema of its own."""

from __future__ import annotations

import pytest

from samverka.demo import Loaded
from tests.e2e import test_web_audit as flows
from tests.e2e.web_world import WebWorld, container, demo, notifier, pg_settings

__all__ = ["container", "demo", "notifier", "pg_settings"]  # the fixtures used here


@pytest.mark.postgres
def test_the_trail_page_by_page_on_postgres(demo: tuple[WebWorld, Loaded]) -> None:
    flows.test_an_auditor_reads_the_trail_page_by_page(demo)


@pytest.mark.postgres
def test_the_filters_on_postgres(demo: tuple[WebWorld, Loaded]) -> None:
    flows.test_the_filters(demo)


@pytest.mark.postgres
def test_verify_intact_then_tampered_on_postgres(demo: tuple[WebWorld, Loaded]) -> None:
    flows.test_verify_intact_then_tampered(demo)
