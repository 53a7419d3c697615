"""Two of the browser flows with the store on PostgreSQL (each test in a
schema of its own): a member signs in by link and answers a check-in on a
phone, and a secretary runs a meeting with the keyboard only. The flows are
the SQLite ones of test_web_browser.py and test_web_browser_meetings.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from samverka.demo import Loaded
from tests.e2e import test_web_browser as member_flows
from tests.e2e import test_web_browser_meetings as meeting_flows
from tests.e2e.web_world import WebWorld, container, demo, notifier, pg_settings

# The fixtures used here (the browser's are in conftest.py): the demo world served.
__all__ = ["container", "demo", "notifier", "pg_settings"]


@pytest.mark.postgres
def test_a_member_answers_a_check_in_on_a_phone_on_postgres(
    demo: tuple[WebWorld, Loaded], browser: Any
) -> None:
    member_flows.test_a_member_answers_a_check_in_on_a_phone(demo, browser)


@pytest.mark.postgres
def test_a_secretary_runs_a_meeting_with_the_keyboard_on_postgres(
    demo: tuple[WebWorld, Loaded], browser: Any, tmp_path: Path
) -> None:
    meeting_flows.test_a_secretary_runs_a_meeting_with_the_keyboard(demo, browser, tmp_path)
