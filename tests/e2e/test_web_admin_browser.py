"""Editing in place, administration, Incheckningar and settings in headless
Chromium: a stale edit in two browsers, health reported with the keyboard
only, an admin adding a person and making a token, the rounds pages and the
settings. Every page and state is checked with axe-core at desktop and
phone width and photographed into var/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest

from domain.access import hash_token
from samverka.demo import Loaded
from tests.e2e.browser import driver as ui
from tests.e2e.web_world import (
    WebWorld,
    container,
    demo,
    make_admin,
    notifier,
    open_round,
    settings,
)

# The fixtures used here (the browser's are in conftest.py): the demo world served.
__all__ = ["container", "demo", "notifier", "settings"]


@pytest.fixture
def other_browser() -> Iterator[Any]:
    """A second Chromium: another person at another computer."""
    with ui.running_chromium() as driver:
        yield driver


def _wait_for(driver: Any, text: str, css: str = "main") -> None:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda d: text in d.find_element("css selector", css).text
    )


def _open(driver: Any, summary: str) -> None:
    """Opens the <details> whose summary says `summary`."""
    driver.find_element("xpath", f"//summary[normalize-space()='{summary}']").click()


def _tab_to_xpath(driver: Any, xpath: str, presses: int = 80) -> Any:
    """Tabs from the top of the page to the element `xpath` finds (the
    keyboard's way there; tab_to takes CSS)."""
    wanted = driver.find_element("xpath", xpath)
    if not any(s.element == wanted for s in ui.tab_through(driver, presses, until=wanted)):
        pytest.fail(f"{xpath} cannot be reached with Tab")
    return wanted


def test_a_stale_edit_in_two_browsers(
    demo: tuple[WebWorld, Loaded], browser: Any, other_browser: Any
) -> None:
    """The moderator works with the keyboard only (Tab, Enter, typing); the
    secretary at the other computer with the mouse."""
    from selenium.webdriver.common.keys import Keys

    world, loaded = demo
    url = f"{world.base}/initiatives/{loaded.initiatives['272']}"
    ui.sign_in_with_keyboard(browser, world.link(world.moderator))
    browser.get(url)
    _tab_to_xpath(browser, "//summary[normalize-space()='Ändra målbild och delmål']")
    ui.keys(browser, Keys.ENTER)
    _tab_to_xpath(browser, "//summary[normalize-space()='Lägg till en milstolpe']", 120)
    ui.keys(browser, Keys.ENTER)
    ui.check_page(browser, "initiative-edit")
    ui.tab_to(browser, "#goal-text", presses=120)
    ui.keys(browser, Keys.CONTROL, "a", Keys.NULL)  # selects what is there, to write over it
    ui.keys(browser, "Alla i Sverige når hälsofrämjande digitala tjänster")

    # Meanwhile, at another computer, the secretary reports health.
    ui.sign_in(other_browser, world.link(world.member))
    other_browser.get(url)
    _open(other_browser, "Rapportera läget")
    other_browser.find_element("css selector", "label[for=health-at-risk]").click()
    other_browser.find_element("id", "health-comment").send_keys("Väntar på beslut")
    other_browser.find_element("xpath", "//button[normalize-space()='Rapportera läget']").click()
    _wait_for(other_browser, "Sparat.")
    assert "Väntar på beslut" in ui.main_text(other_browser)

    _tab_to_xpath(browser, "//button[normalize-space()='Spara målbilden']", 160)
    ui.keys(browser, Keys.ENTER)
    _wait_for(browser, "Någon annan har ändrat det här sedan du öppnade sidan")
    problem = browser.find_element("css selector", "#h-goal ~ .problem, .problem").text
    assert "Amanda Romare rapporterade läget för 2.7.2: risk" in problem
    assert browser.switch_to.active_element.get_attribute("role") == "alert"
    assert "Alla i Sverige" in browser.find_element("id", "goal-text").get_attribute("value")
    ui.check_page(browser, "initiative-stale")
    _tab_to_xpath(browser, "//a[normalize-space()='Ladda om sidan']", 160)
    ui.press_enter(browser)
    assert "Väntar på beslut" in ui.main_text(browser)
    assert "Alla i Sverige" not in ui.main_text(browser), "nothing of the stale edit was saved"


def test_health_reported_with_the_keyboard_only(
    demo: tuple[WebWorld, Loaded], browser: Any
) -> None:
    from selenium.webdriver.common.keys import Keys

    world, loaded = demo
    ui.sign_in(browser, world.link(world.moderator))
    browser.get(f"{world.base}/initiatives/{loaded.initiatives['272']}")

    summary = browser.find_element("xpath", "//summary[normalize-space()='Rapportera läget']")
    stops = ui.tab_through(browser, 40, until=summary)
    assert stops[-1].element == summary and stops[-1].ring, "the summary is reached with Tab"
    ui.keys(browser, Keys.ENTER)  # opens the form
    ui.keys(browser, Keys.TAB)  # the checked radio button of the group
    assert browser.switch_to.active_element.get_attribute("name") == "health"
    ui.keys(browser, Keys.ARROW_DOWN)  # the next choice: risk, or blocked
    ui.keys(browser, Keys.TAB, "Tre kommuner har hoppat av", Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("type") == "submit"
    ui.keys(browser, Keys.ENTER)
    _wait_for(browser, "Sparat.")
    assert "Tre kommuner har hoppat av" in ui.main_text(browser)
    assert browser.switch_to.active_element.get_attribute("role") == "status"
    ui.check_page(browser, "initiative-saved")


def test_a_milestone_done_behind_the_section_s_edit_link_with_the_keyboard(
    demo: tuple[WebWorld, Loaded], browser: Any
) -> None:
    """The rows' own forms come with "Ändra"; the focus stays where the
    keyboard is: on "Sluta ändra" when they come, on "Ändra" when they go."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    world, loaded = demo
    url = f"{world.base}/initiatives/{loaded.initiatives['272']}"
    ui.sign_in_with_keyboard(browser, world.link(world.moderator))
    browser.get(url)
    assert not browser.find_elements("css selector", "ul.milestones form")
    _tab_to_xpath(browser, "//a[normalize-space()='Ändra – Milstolpar']")
    ui.keys(browser, Keys.ENTER)
    # htmx swaps the section in: the focused element may be replaced while asked.
    WebDriverWait(browser, 10, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda d: d.switch_to.active_element.text.startswith("Sluta ändra")
    )
    ui.check_page(browser, "initiative-edit-milestones")
    done = "//ul[contains(@class,'milestones')]//button[starts-with(normalize-space(),'Klar')]"
    _tab_to_xpath(browser, done, 120)
    ui.keys(browser, Keys.ENTER)
    _wait_for(browser, "Sparat.")
    assert browser.switch_to.active_element.get_attribute("role") == "status"
    assert "klar" in browser.find_element("css selector", "ul.milestones").text
    ui.check_page(browser, "initiative-edit-milestones-saved")
    _tab_to_xpath(browser, "//a[normalize-space()='Sluta ändra – Milstolpar']", 120)
    ui.keys(browser, Keys.ENTER)
    WebDriverWait(browser, 10, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda d: d.switch_to.active_element.text.startswith("Ändra")
    )
    assert not browser.find_elements("css selector", "ul.milestones form")


def test_an_admin_adds_a_person_and_makes_a_token(
    demo: tuple[WebWorld, Loaded], browser: Any
) -> None:
    world, _ = demo
    k = world.k
    admin = make_admin(k)
    ui.sign_in(browser, world.link(admin))
    ui.navigating(browser, browser.find_element("link text", "Administration").click)
    assert browser.find_element("tag name", "h1").text == "Personer"
    ui.check_page(browser, "admin-people")

    browser.find_element("id", "add-name").send_keys("Nora Ny")
    browser.find_element("id", "add-email").send_keys("inte en adress")
    ui.navigating(browser, browser.find_element("xpath", "//button[.='Lägg till personen']").click)
    assert browser.find_element("id", "add-email-error").is_displayed()
    ui.check_page(browser, "admin-people-error")
    field = browser.find_element("id", "add-email")
    field.clear()
    field.send_keys("nora@example.se")
    ui.navigating(browser, browser.find_element("xpath", "//button[.='Lägg till personen']").click)
    assert browser.find_element("tag name", "h1").text == "Nora Ny"
    assert "Personen är tillagd" in ui.main_text(browser)
    ui.check_page(browser, "admin-person")

    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "arenas-arena_id")).select_by_index(0)
    Select(browser.find_element("id", "arenas-new-role")).select_by_value("participant")
    ui.navigating(browser, browser.find_element("xpath", "//button[.='Lägg till i arenan']").click)
    assert "Roll i 2.7" in ui.main_text(browser)

    browser.find_element("id", "tokens-label").send_keys("Rapportskript")
    ui.navigating(browser, browser.find_element("xpath", "//button[.='Skapa nyckeln']").click)
    secret = browser.find_element("id", "new-token").text
    person_id = browser.current_url.rstrip("/").split("/")[-2]
    (row,) = k.plan.tokens(person_id)
    assert row["token_hash"] == hash_token(secret) and row["label"] == "Rapportskript"
    ui.check_page(browser, "admin-token-made")
    ui.navigating(browser, browser.find_element("link text", "API-nycklar").click)
    assert "Rapportskript" in ui.main_text(browser) and secret not in browser.page_source
    ui.check_page(browser, "admin-tokens")


def test_an_admin_adds_a_person_with_the_keyboard_only(
    demo: tuple[WebWorld, Loaded], browser: Any
) -> None:
    from selenium.webdriver.common.keys import Keys

    world, _ = demo
    admin = make_admin(world.k)
    ui.sign_in_with_keyboard(browser, world.link(admin))
    ui.follow(browser, 'nav a[href="/admin/people"]')
    assert browser.find_element("tag name", "h1").text == "Personer"
    ui.tab_to(browser, "#add-name", presses=40)
    ui.keys(browser, "Nora Tangent", Keys.TAB)
    assert ui.focused(browser, "id") == "add-email"
    ui.keys(browser, "nora.tangent@example.se", Keys.TAB, "Region Norr", Keys.TAB)
    assert ui.focused(browser, "id") == "add-slack_user_id"
    ui.keys(browser, Keys.TAB)
    assert ui.focused(browser, "type") == "submit"
    ui.press_enter(browser)
    assert browser.find_element("tag name", "h1").text == "Nora Tangent"
    assert "Personen är tillagd" in ui.main_text(browser)
    (found,) = [
        p
        for p in world.k.plan.persons_page(limit=1000, offset=0).items
        if p["name"] == "Nora Tangent"
    ]
    assert (found["email"], found["organisation"]) == ("nora.tangent@example.se", "Region Norr")
    ui.check_page(browser, "admin-person-keyboard")


def test_the_rounds_pages_and_closing_a_round(demo: tuple[WebWorld, Loaded], browser: Any) -> None:
    world, loaded = demo
    round_id = open_round(world, loaded)
    ui.sign_in(browser, world.link(world.member))
    ui.navigating(browser, browser.find_element("link text", "Incheckningar").click)
    assert "Läget i 2.7.2" in ui.main_text(browser)
    ui.check_page(browser, "rounds")
    browser.find_element("id", "open-title").send_keys("Läget inför mötet")
    ui.navigating(browser, browser.find_element("xpath", "//button[.='Öppna rundan']").click)
    assert "Rundan är öppen" in ui.main_text(browser)
    ui.check_page(browser, "round-open")
    browser.get(f"{world.base}/rounds/{round_id}")
    ui.navigating(browser, browser.find_element("xpath", "//button[.='Stäng rundan nu']").click)
    assert "Rundan är stängd" in ui.main_text(browser) and "Sammanställning" in ui.main_text(
        browser
    )
    ui.check_page(browser, "round-summary")


def test_a_round_opened_and_closed_with_the_keyboard_only(
    demo: tuple[WebWorld, Loaded], browser: Any
) -> None:
    from selenium.webdriver.common.keys import Keys

    world, loaded = demo
    open_round(world, loaded)
    ui.sign_in_with_keyboard(browser, world.link(world.member))
    ui.follow(browser, 'nav a[href="/rounds"]')
    assert "Läget i 2.7.2" in ui.main_text(browser)
    ui.tab_to(browser, "#open-audience", presses=60)
    ui.keys(browser, "De som")  # typed: the first initiative ("De som deltar i …")
    ui.tab_to(browser, "#open-title", presses=60)
    ui.keys(browser, "Läget med tangentbord", Keys.TAB)
    assert ui.focused(browser, "id") == "open-due_on"
    ui.follow(browser, "form[action='/rounds'] button[type=submit]", presses=80)
    assert "Rundan är öppen" in ui.main_text(browser)
    assert "Läget med tangentbord" in ui.main_text(browser)
    (opened,) = [r for r in world.k.checkins.list_rounds() if r["title"] == "Läget med tangentbord"]
    assert opened["audience_kind"] == "initiative"
    ui.follow(browser, "form[action$='/close'] button", presses=60)
    assert "Rundan är stängd" in ui.main_text(browser) and "Sammanställning" in ui.main_text(
        browser
    )
    assert ui.focused(browser, "role") == "status"
    ui.check_page(browser, "round-keyboard-summary")


def test_my_settings(demo: tuple[WebWorld, Loaded], browser: Any) -> None:
    world, _ = demo
    ui.sign_in(browser, world.link(world.member))
    ui.navigating(browser, browser.find_element("link text", "Inställningar").click)
    ui.check_page(browser, "settings")
    browser.find_element("css selector", "label[for=channel-slack]").click()
    ui.navigating(
        browser, browser.find_element("xpath", "//button[.='Spara inställningarna']").click
    )
    assert browser.find_element("id", "channel-error").is_displayed()
    ui.check_page(browser, "settings-error")
    browser.find_element("css selector", "label[for=language-en]").click()
    browser.find_element("css selector", "label[for=channel-email]").click()
    button = browser.find_element("xpath", "//button[.='Spara inställningarna']")
    ui.navigating(browser, partial(button.click))
    assert browser.find_element("tag name", "html").get_attribute("lang") == "en"
    assert "Saved." in ui.main_text(browser)
    ui.check_page(browser, "settings-saved")
