"""The web door's flows over real HTTP on PostgreSQL as well, each test with
the store in a schema of its own: the same flows as the SQLite tests of
test_web_audit.py (paging by cursor, the filters, a person found by name
among more than 1,000, a forgotten one by id, verifying intact and after
a flipped byte),
test_web_funds.py (book, spend, correct from the line; the report with its
downloads), test_web_indicators.py (read a series, a bad file refused line
by line, a good one imported), test_web_meetings.py (the secretary's
meeting), test_web_privacy.py (a registerutdrag, forgetting a person with
the log still verified) and test_web_timetravel.py (the aggregate's events
read by id from PostgreSQL's events table)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e import test_web_audit as audit
from tests.e2e import test_web_funds as funds_flows
from tests.e2e import test_web_indicators as indicator_flows
from tests.e2e import test_web_meetings as meetings
from tests.e2e import test_web_privacy as privacy
from tests.e2e import test_web_timetravel as timetravel
from tests.e2e.test_web_funds import coordinator, funds
from tests.e2e.test_web_indicators import indicators
from tests.e2e.test_web_privacy import admin_and_bengt
from tests.e2e.web_world import admin_session, container, demo, notifier, pg_settings

# The fixtures used here.
__all__ = [
    "admin_and_bengt",
    "admin_session",
    "container",
    "coordinator",
    "demo",
    "funds",
    "indicators",
    "notifier",
    "pg_settings",
]

# The flows of the SQLite tests; each is run with the fixtures it names.
FLOWS: dict[str, Callable[..., None]] = {
    flow.__name__: flow
    for flow in (
        audit.test_an_auditor_reads_the_trail_page_by_page,
        audit.test_the_filters,
        audit.test_verify_intact_then_tampered,
        audit.test_anyone_registered_is_found_by_name,
        audit.test_a_forgotten_person_is_found_by_id_alone,
        meetings.test_a_secretary_runs_a_meeting,
        privacy.test_a_registerutdrag_holds_the_person_and_everything_they_did,
        privacy.test_glom_personen_erases_the_name_and_the_log_still_verifies,
        timetravel.test_an_initiative_as_it_was_before_a_change,
        timetravel.test_a_series_as_it_was_before_an_invitation,
        funds_flows.test_a_fund_coordinator_books_spends_and_corrects,
        funds_flows.test_the_report_on_screen_and_its_downloads,
        funds_flows.test_a_submission_is_kept_as_submitted_after_later_corrections,
        funds_flows.test_a_fund_coordinator_registers_an_agreement_and_grants_funds,
        timetravel.test_a_grant_as_it_was_before_a_booking,
        timetravel.test_the_api_gives_an_initiative_and_a_grant_as_they_were,
        indicator_flows.test_a_member_reads_and_a_coordinator_imports,
    )
}


@pytest.mark.postgres
@pytest.mark.parametrize("flow", FLOWS)
def test_the_flow_on_postgres(flow: str, request: pytest.FixtureRequest) -> None:
    run = FLOWS[flow]
    fixtures: dict[str, Any] = {
        name: request.getfixturevalue(name) for name in inspect.signature(run).parameters
    }
    run(**fixtures)
