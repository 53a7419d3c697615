"""A grant's ledger a page at a time in headless Chromium, with the keyboard
only: from the latest lines to "Äldre rader" and back to the latest, each
page checked with axe-core and photographed into var/screenshots/."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from projections.funds.queries import LINES_SHOWN
from tests.e2e.browser import driver as ui
from tests.e2e.test_web_funds_ledger import ledger
from tests.e2e.web_world import WebWorld, container, demo, notifier, settings

# The fixtures used here (the browser's are in conftest.py): the demo world with a long ledger.
__all__ = ["container", "demo", "ledger", "notifier", "settings"]


def test_the_ledger_pages_by_keyboard(ledger: tuple[WebWorld, str, UUID], browser: Any) -> None:
    world, fund, grant = ledger
    ui.sign_in_with_keyboard(browser, world.link(fund))
    browser.get(f"{world.base}/funds/grants/{grant}")
    text = ui.main_text(browser)
    assert f"{LINES_SHOWN} av huvudbokens {LINES_SHOWN + 13} rader" in text
    ui.check_page(browser, "funds-grant-ledger-latest")

    ui.follow(browser, 'a[rel="prev"]', presses=300)
    text = ui.main_text(browser)
    assert "13 av huvudbokens" in text and "Äldre rader" not in text
    assert "100 000 000 kr" in text  # the grant's own line, the first of all
    ui.check_page(browser, "funds-grant-ledger-older")

    ui.follow(browser, '#h-ledger ~ nav a[href$="#h-ledger"]', presses=300)
    assert f"{LINES_SHOWN} av huvudbokens" in ui.main_text(browser)
