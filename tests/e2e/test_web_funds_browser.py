"""Medel in headless Chromium: the demo's fund coordinator, with the
keyboard only, goes from the menu to a grant of Dalarna's joint funds, books
too much (the refusal at its field), books, and records an expenditure
against the booking. Every page and state is checked with axe-core at
desktop and phone width and photographed into var/screenshots/funds-*."""

from __future__ import annotations

from functools import partial
from typing import Any

from samverka.demo import Loaded
from tests.e2e.browser.driver import (
    browser,
    check_page,
    chromium,
    focused,
    keys,
    navigating,
    sign_in_with_keyboard,
    tab_to,
)
from tests.e2e.test_web_funds import funds
from tests.e2e.web_world import WebWorld, container, demo, notifier, settings

# The fixtures used here (the browser's, and the demo world with its funds).
__all__ = ["browser", "chromium", "container", "demo", "funds", "notifier", "settings"]


def _main(driver: Any) -> str:
    return str(driver.find_element("tag name", "main").text)


def _saved(driver: Any, form: str) -> str:
    """The saved notice of a form (in its open <details>)."""
    notice = driver.find_element("css selector", f"#{form} [role=status]")
    return str(notice.get_attribute("textContent")).strip()


def test_a_fund_coordinator_books_and_spends_with_the_keyboard_only(
    funds: tuple[WebWorld, Loaded, str], browser: Any
) -> None:
    from selenium.webdriver.common.keys import Keys

    world, _loaded, fund = funds
    grant = next(
        g
        for g in world.k.funds.grants_page(limit=100, offset=0, year=2022).items
        if g["area"] == "brukarmedverkan"
    )
    sign_in_with_keyboard(browser, world.link(fund))

    tab_to(browser, 'nav a[href="/funds"]')
    navigating(browser, partial(keys, browser, Keys.ENTER))
    assert "DEMO-ÖK-PH-2021/2022" in _main(browser)
    check_page(browser, "funds")

    tab_to(browser, f'main a[href="/funds/grants/{grant["id"]}"]', presses=60)
    navigating(browser, partial(keys, browser, Keys.ENTER))
    assert "Brukarmedverkan 2022" in _main(browser)
    check_page(browser, "funds-grant")

    # Too much: the grant has 500 000 kr; the refusal is at the amount.
    tab_to(browser, "#booking > summary", presses=40)
    keys(browser, Keys.ENTER)
    keys(browser, Keys.TAB)
    assert focused(browser, "id") == "booking-amount"
    keys(browser, "7,7 mnkr", Keys.TAB, Keys.TAB, "Utbildning för brukarföreträdare")
    navigating(browser, partial(keys, browser, Keys.ENTER))
    assert "Bokning: bara 500 000 kr av bidraget är obokat." in _main(browser)
    amount = browser.find_element("id", "booking-amount")
    assert amount.get_attribute("aria-invalid") == "true"
    assert "booking-amount-error" in (amount.get_attribute("aria-describedby") or "")
    check_page(browser, "funds-grant-refused")

    tab_to(browser, "#booking-amount", presses=40)
    keys(browser, Keys.END, *[Keys.BACKSPACE] * 12, "125 000")
    navigating(browser, partial(keys, browser, Keys.ENTER))
    assert _saved(browser, "booking") == "Sparat."
    assert "Utbildning för brukarföreträdare" in _main(browser)
    check_page(browser, "funds-grant-booked")

    tab_to(browser, "#expenditure > summary", presses=40)
    keys(browser, Keys.ENTER, Keys.TAB)
    assert focused(browser, "id") == "expenditure-booking_id"
    keys(browser, Keys.TAB, "1 250,50")
    # A date field takes Tab through its day, month and year: Tab from the top.
    tab_to(browser, "#expenditure-voucher", presses=60)
    keys(browser, "VER-2022-BRUK-01")
    navigating(browser, partial(keys, browser, Keys.ENTER))
    text = _main(browser)
    assert _saved(browser, "expenditure") == "Sparat."
    assert "VER-2022-BRUK-01" in text
    assert "123 749,50 kr" in text  # left on the booking
    check_page(browser, "funds-grant-spent")

    # Återrapportering, from Medel: the year's report with its downloads.
    tab_to(browser, 'nav a[href="/funds"]')
    navigating(browser, partial(keys, browser, Keys.ENTER))
    tab_to(browser, 'main a[href="/funds/report"]')
    navigating(browser, partial(keys, browser, Keys.ENTER))
    text = _main(browser)
    assert "Återrapportering 2022" in text and "Brukarmedverkan" in text
    check_page(browser, "funds-report")

    # The demo's 2021 report as submitted, against the report now.
    browser.get(f"{world.base}/funds/report?year=2021")
    tab_to(browser, 'main a[href^="/funds/report/submissions/"]', presses=40)
    navigating(browser, partial(keys, browser, Keys.ENTER))
    assert "VER-2021-SAMS-02" in _main(browser)
    check_page(browser, "funds-submission")
