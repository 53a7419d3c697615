"""Medel over real HTTP on PostgreSQL as well: the fund coordinator's flow
of tests/e2e/test_web_funds.py (book, spend, correct from the line), and the
report with its downloads, with the store in a schema of its own."""

from __future__ import annotations

import pytest

from samverka.demo import Loaded
from tests.e2e import test_web_funds as flows
from tests.e2e.test_web_funds import funds
from tests.e2e.web_world import WebWorld, container, demo, notifier, pg_settings

__all__ = ["container", "demo", "funds", "notifier", "pg_settings"]  # the fixtures used here


@pytest.mark.postgres
def test_a_fund_coordinator_books_spends_and_corrects_on_postgres(
    funds: tuple[WebWorld, Loaded, str],
) -> None:
    flows.test_a_fund_coordinator_books_spends_and_corrects(funds)


@pytest.mark.postgres
def test_the_report_and_its_downloads_on_postgres(funds: tuple[WebWorld, Loaded, str]) -> None:
    flows.test_the_report_on_screen_and_its_downloads(funds)


@pytest.mark.postgres
def test_a_submission_kept_as_submitted_on_postgres(funds: tuple[WebWorld, Loaded, str]) -> None:
    flows.test_a_submission_is_kept_as_submitted_after_later_corrections(funds)


@pytest.mark.postgres
def test_agreements_and_grants_on_postgres(funds: tuple[WebWorld, Loaded, str]) -> None:
    flows.test_a_fund_coordinator_registers_an_agreement_and_grants_funds(funds)
