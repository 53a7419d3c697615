"""Medel in headless Chromium: the demo's fund coordinator, with the
keyboard only, goes from the menu to a grant of Dalarna's joint funds, books
too much (the refusal at its field), books, and records an expenditure
against the booking. Every page and state is checked with axe-core at
desktop and phone width and photographed into var/screenshots/funds-*."""

from __future__ import annotations

from datetime import date
from typing import Any

from samverka.demo import Loaded
from tests.e2e.browser import driver as ui
from tests.e2e.test_web_funds import funds
from tests.e2e.web_world import SYSTEM, WebWorld, container, demo, notifier, settings

# The fixtures used here (the browser's are in conftest.py): the demo world with its funds.
__all__ = ["container", "demo", "funds", "notifier", "settings"]


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
    ui.sign_in_with_keyboard(browser, world.link(fund))

    ui.follow(browser, 'nav a[href="/funds"]')
    assert "DEMO-ÖK-PH-2021/2022" in ui.main_text(browser)
    ui.check_page(browser, "funds")

    ui.follow(browser, f'main a[href="/funds/grants/{grant["id"]}"]', presses=60)
    assert "Brukarmedverkan 2022" in ui.main_text(browser)
    ui.check_page(browser, "funds-grant")

    # Too much: the grant has 500 000 kr; the refusal is at the amount.
    ui.open_form(browser, "#booking", "booking-amount")
    ui.keys(browser, "7,7 mnkr", Keys.TAB, Keys.TAB, "Utbildning för brukarföreträdare")
    ui.press_enter(browser)
    assert "Bokning: bara 500 000 kr av bidraget är obokat." in ui.main_text(browser)
    amount = browser.find_element("id", "booking-amount")
    assert amount.get_attribute("aria-invalid") == "true"
    assert "booking-amount-error" in (amount.get_attribute("aria-describedby") or "")
    ui.check_page(browser, "funds-grant-refused")

    ui.tab_to(browser, "#booking-amount", presses=40)
    ui.keys(browser, Keys.END, *[Keys.BACKSPACE] * 12, "125 000")
    ui.press_enter(browser)
    assert _saved(browser, "booking") == "Sparat."
    assert "Utbildning för brukarföreträdare" in ui.main_text(browser)
    ui.check_page(browser, "funds-grant-booked")

    ui.open_form(browser, "#expenditure", "expenditure-booking_id")
    ui.keys(browser, Keys.TAB, "1 250,50")
    # A date field takes Tab through its day, month and year: Tab from the top.
    ui.tab_to(browser, "#expenditure-voucher", presses=60)
    ui.keys(browser, "VER-2022-BRUK-01")
    ui.press_enter(browser)
    text = ui.main_text(browser)
    assert _saved(browser, "expenditure") == "Sparat."
    assert "VER-2022-BRUK-01" in text
    assert "123 749,50 kr" in text  # left on the booking
    ui.check_page(browser, "funds-grant-spent")

    # Återrapportering, from Medel: the year's report with its downloads.
    ui.follow(browser, 'nav a[href="/funds"]')
    ui.follow(browser, 'main a[href="/funds/report"]')
    text = ui.main_text(browser)
    assert "Återrapportering 2022" in text and "Brukarmedverkan" in text
    ui.check_page(browser, "funds-report")

    # The demo's 2021 report as submitted, against the report now.
    browser.get(f"{world.base}/funds/report?year=2021")
    ui.follow(browser, 'main a[href^="/funds/report/submissions/"]', presses=40)
    assert "VER-2021-SAMS-02" in ui.main_text(browser)
    ui.check_page(browser, "funds-submission")


def test_a_fund_coordinator_registers_an_agreement_and_a_grant_with_the_keyboard_only(
    funds: tuple[WebWorld, Loaded, str], browser: Any
) -> None:
    from selenium.webdriver.common.keys import Keys

    world, _loaded, fund = funds
    ui.sign_in_with_keyboard(browser, world.link(fund))
    ui.follow(browser, 'nav a[href="/funds"]')

    # A period that ends before it starts: refused at the last year.
    ui.open_form(browser, "#agreement", "agreement-reference")
    ui.keys(browser, "S2026/01234", Keys.TAB, "Psykisk hälsa 2026–2027", Keys.TAB)
    ui.keys(browser, Keys.END, *[Keys.BACKSPACE] * 4, "2027", Keys.TAB)
    ui.keys(browser, Keys.END, *[Keys.BACKSPACE] * 4, "2026")
    ui.press_enter(browser)
    assert "Perioden slutar innan den börjar." in ui.main_text(browser)
    last = browser.find_element("id", "agreement-last_year")
    assert last.get_attribute("aria-invalid") == "true"
    ui.check_page(browser, "funds-agreement-refused")

    ui.tab_to(browser, "#agreement-first_year", presses=40)
    ui.keys(browser, Keys.END, *[Keys.BACKSPACE] * 4, "2026", Keys.TAB)
    ui.keys(browser, Keys.END, *[Keys.BACKSPACE] * 4, "2027")
    ui.press_enter(browser)
    assert _saved(browser, "agreement") == "Sparat."
    assert "S2026/01234" in ui.main_text(browser)
    ui.check_page(browser, "funds-agreement-saved")

    # Grant 7,7 mnkr to Region Värmland under the new agreement.
    ui.open_form(browser, "#grant", "grant-agreement", presses=60)
    ui.keys(browser, "S2026")  # the select, chosen by typing
    ui.keys(browser, Keys.TAB, "Region Värmland")
    ui.tab_to(browser, "#grant-area", presses=60)
    ui.keys(browser, "suicidprevention")
    ui.tab_to(browser, "#grant-amount", presses=60)
    ui.keys(browser, "7,7 mnkr")
    ui.press_enter(browser)
    assert _saved(browser, "grant") == "Sparat."
    section = ui.main_text(browser).split("Psykisk hälsa 2026–2027", 1)[1]
    assert "Suicidprevention" in section and "7 700 000 kr" in section
    ui.check_page(browser, "funds-grant-saved")


def test_a_submission_as_submitted_after_a_later_correction(
    funds: tuple[WebWorld, Loaded, str], browser: Any
) -> None:
    from selenium.webdriver.common.keys import Keys

    from domain.funds import commands as f

    world, _loaded, fund = funds
    k = world.k
    ui.sign_in_with_keyboard(browser, world.link(fund))
    browser.get(f"{world.base}/funds/report?year=2021")
    ui.tab_to(browser, "#submit summary", presses=80)
    ui.keys(browser, Keys.ENTER)
    ui.follow(browser, "#submit-on", presses=80)
    assert "Sparat." in ui.main_text(browser)
    ui.check_page(browser, "funds-report-submitted")

    # A later correction of a 2021 expenditure, through the API's command.
    grant, line = next(
        (g["id"], line)
        for g in k.funds.grants_page(limit=100, offset=0, year=2021).items
        for line in (k.funds.get_grant(str(g["id"])) or {}).get("lines", [])
        if line["kind"] == "expenditure" and not line.get("reversed_by")
    )
    correction = f.ReverseEntry(
        grant_id=grant, entry_id=line["entry_id"], reversed_on=date(2022, 3, 1), reason="Fel"
    )
    k.app.execute(correction, SYSTEM)
    k.projector.catch_up()

    browser.get(f"{world.base}/funds/report?year=2021")
    latest = browser.find_elements("css selector", 'main a[href^="/funds/report/submissions/"]')[-1]
    ui.follow(browser, f'main a[href="{latest.get_attribute("pathname")}"]', presses=80)
    text = ui.main_text(browser)
    assert "Sparad som inlämnad" in text and "ja: läses som den lämnades in" in text
    assert "Återskapad ur loggen\nja" in text or "Återskapad ur loggen ja" in text
    assert "Rader ändrade sedan" in text and "rättad sedan dess" in text
    ui.check_page(browser, "funds-submission-kept")
