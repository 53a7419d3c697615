"""Personuppgifter over real HTTP on PostgreSQL as well: the registerutdrag
of a demo person, and forgetting them with the log still verified, with the
store in a schema of its own (tests/e2e/test_web_privacy.py)."""

from __future__ import annotations

import pytest

from samverka.demo import Loaded
from tests.e2e import test_web_privacy as flows
from tests.e2e.web_world import WebWorld, container, demo, notifier, pg_settings

__all__ = ["container", "demo", "notifier", "pg_settings"]  # the fixtures used here


@pytest.mark.postgres
def test_a_registerutdrag_on_postgres(demo: tuple[WebWorld, Loaded]) -> None:
    flows.test_a_registerutdrag_holds_the_person_and_everything_they_did(demo)


@pytest.mark.postgres
def test_glom_personen_on_postgres(demo: tuple[WebWorld, Loaded]) -> None:
    flows.test_glom_personen_erases_the_name_and_the_log_still_verifies(demo)
