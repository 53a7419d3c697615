"""The web door's flows over real HTTP on PostgreSQL as well, each test with
the store in a schema of its own: the same flows as the SQLite tests of
test_web_audit.py (paging by cursor, the filters, verifying intact and after
a flipped byte), test_web_funds.py (book, spend, correct from the line; the
report with its downloads), test_web_indicators.py (read a series, a bad
file refused line by line, a good one imported), test_web_meetings.py (the
secretary's meeting), test_web_privacy.py (a registerutdrag, forgetting a
person with the log still verified) and test_web_timetravel.py (the
aggregate's events read by id from PostgreSQL's events table)."""

from __future__ import annotations

import pytest

from samverka.demo import Loaded
from tests.e2e import test_web_audit as audit
from tests.e2e import test_web_funds as funds_flows
from tests.e2e import test_web_indicators as indicator_flows
from tests.e2e import test_web_meetings as meetings
from tests.e2e import test_web_privacy as privacy
from tests.e2e import test_web_timetravel as timetravel
from tests.e2e.test_web_funds import funds
from tests.e2e.test_web_indicators import indicators
from tests.e2e.web_world import WebWorld, container, demo, notifier, pg_settings

# The fixtures used here.
__all__ = ["container", "demo", "funds", "indicators", "notifier", "pg_settings"]

pytestmark = pytest.mark.postgres
Funds = tuple[WebWorld, Loaded, str]


def test_the_trail_page_by_page_on_postgres(demo: tuple[WebWorld, Loaded]) -> None:
    audit.test_an_auditor_reads_the_trail_page_by_page(demo)


def test_the_filters_on_postgres(demo: tuple[WebWorld, Loaded]) -> None:
    audit.test_the_filters(demo)


def test_verify_intact_then_tampered_on_postgres(demo: tuple[WebWorld, Loaded]) -> None:
    audit.test_verify_intact_then_tampered(demo)


def test_a_fund_coordinator_books_spends_and_corrects_on_postgres(funds: Funds) -> None:
    funds_flows.test_a_fund_coordinator_books_spends_and_corrects(funds)


def test_the_report_and_its_downloads_on_postgres(funds: Funds) -> None:
    funds_flows.test_the_report_on_screen_and_its_downloads(funds)


def test_a_submission_kept_as_submitted_on_postgres(funds: Funds) -> None:
    funds_flows.test_a_submission_is_kept_as_submitted_after_later_corrections(funds)


def test_agreements_and_grants_on_postgres(funds: Funds) -> None:
    funds_flows.test_a_fund_coordinator_registers_an_agreement_and_grants_funds(funds)


def test_a_member_reads_and_a_coordinator_imports_on_postgres(
    indicators: tuple[WebWorld, Loaded, str],
) -> None:
    indicator_flows.test_a_member_reads_and_a_coordinator_imports(indicators)


def test_a_secretary_runs_a_meeting_on_postgres(demo: tuple[WebWorld, Loaded]) -> None:
    meetings.test_a_secretary_runs_a_meeting(demo)


def test_a_registerutdrag_on_postgres(demo: tuple[WebWorld, Loaded]) -> None:
    privacy.test_a_registerutdrag_holds_the_person_and_everything_they_did(demo)


def test_glom_personen_on_postgres(demo: tuple[WebWorld, Loaded]) -> None:
    privacy.test_glom_personen_erases_the_name_and_the_log_still_verifies(demo)


def test_an_initiative_as_it_was_on_postgres(demo: tuple[WebWorld, Loaded]) -> None:
    timetravel.test_an_initiative_as_it_was_before_a_change(demo)


def test_a_grant_as_it_was_on_postgres(funds: Funds) -> None:
    timetravel.test_a_grant_as_it_was_before_a_booking(funds)


def test_a_series_as_it_was_on_postgres(demo: tuple[WebWorld, Loaded]) -> None:
    timetravel.test_a_series_as_it_was_before_an_invitation(demo)


def test_the_api_as_of_on_postgres(funds: Funds) -> None:
    timetravel.test_the_api_gives_an_initiative_and_a_grant_as_they_were(funds)
