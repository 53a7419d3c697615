"""The web door in headless Chromium: sign in by link, the overview and the
plan pages, each checked with axe-core at desktop and phone width, reached
by keyboard, and photographed into var/screenshots/."""

from __future__ import annotations

from functools import partial
from typing import Any

from samverka.demo import Loaded
from tests.e2e.browser import driver as ui
from tests.e2e.web_world import (
    WebWorld,
    container,
    demo,
    links_mailed,
    notifier,
    open_round,
    settings,
)

# The fixtures used here (the browser's are in conftest.py): the demo world served.
__all__ = ["container", "demo", "notifier", "settings"]


def _press_enter_on(browser: Any, css: str, then_main_shows: str) -> None:
    """Tabs to a button of an htmx form, presses Enter, waits for the answer."""
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    ui.tab_to(browser, css).send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(
        lambda d: then_main_shows in d.find_element("tag name", "main").text
    )


def test_sign_in_by_link_and_the_overview(demo: tuple[WebWorld, Loaded], browser: Any) -> None:

    world, _ = demo
    browser.get(world.base + "/")
    assert browser.current_url == world.base + "/sign-in"
    assert browser.find_element("tag name", "html").get_attribute("lang") == "sv"
    ui.check_page(browser, "sign-in")
    # The keyboard only: Tab to the field, type, Enter; then the link's button.
    ui.tab_to(browser, "#email", presses=10)
    ui.keys(browser, "bengt.stavenow@example.se")
    assert ui.focused(browser, "id") == "email"
    ui.press_enter(browser)
    assert "Titta i din e-post" in browser.find_element("tag name", "h1").text
    ui.check_page(browser, "sign-in-sent")
    (url,) = links_mailed(world.notifier, 1)
    ui.sign_in_with_keyboard(browser, url)
    assert browser.current_url == world.base + "/"
    assert browser.find_element("tag name", "h1").text == "Min översikt"
    main = ui.main_text(browser)
    assert "2.7.2" in main and "på spår" in main
    assert "Öppet samordningsmöte" in main
    ui.check_page(browser, "overview")


def test_the_keyboard_reaches_the_skip_link_and_the_menu(
    demo: tuple[WebWorld, Loaded], browser: Any
) -> None:
    from selenium.webdriver.common.keys import Keys

    world, _ = demo
    ui.sign_in_with_keyboard(browser, world.link(world.moderator))
    reached = ui.tab_through(browser, 8)
    assert reached[0].attr("class") == "skip-link", "the skip link comes first"
    assert all(stop.ring for stop in reached), "every stop shows a focus ring"
    hrefs = [stop.attr("href") for stop in reached]
    for wanted in ("/", "/arenas"):
        assert world.base + wanted in hrefs, f"{wanted} is not reachable with Tab"
    browser.get(world.base + "/arenas")
    (skip,) = ui.tab_through(browser, 1)
    assert skip.attr("class") == "skip-link"
    skip.element.send_keys(Keys.ENTER)  # it moves the focus to the main content
    assert browser.switch_to.active_element.get_attribute("id") == "main"


def test_the_plan_pages(demo: tuple[WebWorld, Loaded], browser: Any) -> None:
    world, _ = demo
    ui.sign_in_with_keyboard(browser, world.link(world.member))
    ui.navigating(browser, browser.find_element("link text", "Plan").click)
    assert browser.find_element("tag name", "h1").text == "Arenor"
    ui.check_page(browser, "arenas")
    ui.navigating(
        browser, browser.find_element("partial link text", "Hälsofrämjande digitalt liv").click
    )
    main = ui.main_text(browser)
    assert "2.7.2" in main and "Bengt Stavenow" in main and "moderator" in main
    ui.check_page(browser, "arena")
    ui.navigating(browser, browser.find_element("partial link text", "2.7.2").click)
    main = ui.main_text(browser)
    for heading in ("Målbild", "Milstolpar", "Läget över tid", "Beslut", "Deltagare"):
        assert heading in main
    assert "på spår" in main
    ui.check_page(browser, "initiative")


def test_the_accessibility_statement_needs_no_sign_in(
    demo: tuple[WebWorld, Loaded], browser: Any
) -> None:
    world, _ = demo
    browser.get(world.base + "/accessibility")
    assert browser.find_element("tag name", "h1").text == "Tillgänglighetsredogörelse"
    ui.check_page(browser, "accessibility")
    ui.navigating(browser, browser.find_element("css selector", "form.language button").click)
    assert browser.find_element("tag name", "html").get_attribute("lang") == "en"
    assert browser.find_element("tag name", "h1").text == "Accessibility statement"
    ui.check_page(browser, "accessibility-en")


def test_answering_from_the_overview_with_the_keyboard(
    demo: tuple[WebWorld, Loaded], browser: Any
) -> None:
    world, _ = demo
    ui.sign_in_with_keyboard(browser, world.link(world.moderator))
    _press_enter_on(browser, "form.inline button", then_main_shows="Markerad som klar")
    assert browser.current_url == world.base + "/", "htmx answered in place"
    _press_enter_on(
        browser, "form.rsvp button[value=accepted]", then_main_shows="mitt svar: kommer"
    )
    ui.check_page(browser, "overview-answered")
    browser.refresh()
    assert "Ta fram förslag" not in ui.main_text(browser)


def test_a_member_answers_a_check_in_on_a_phone(
    demo: tuple[WebWorld, Loaded], browser: Any
) -> None:
    from selenium.webdriver.common.keys import Keys

    world, loaded = demo
    round_id = open_round(world, loaded)
    ui.viewport(browser, ui.PHONE)
    ui.sign_in_with_keyboard(browser, world.link(world.member))
    link = ui.tab_to(browser, f'a[href="/checkins/{round_id}"]')
    ui.navigating(browser, partial(link.send_keys, Keys.ENTER))
    ui.check_page(browser, "checkin")
    ui.viewport(browser, ui.PHONE)

    ui.tab_to(browser, "#q-health-1")
    ui.keys(browser, Keys.ARROW_DOWN)  # the radio group: "risk"
    ui.keys(browser, Keys.TAB, "12", Keys.TAB, Keys.SPACE)  # a number, then the first choice
    ui.keys(browser, Keys.TAB, "Bra möte", Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("type") == "submit"
    ui.press_enter(browser)
    assert "Tack! Ditt svar är sparat" in ui.main_text(browser)
    ui.check_page(browser, "checkin-saved")
    assert world.k.checkins.answers_of(round_id, world.member) == {
        "health": "at-risk",
        "people": 12,
        "form": "Digitalt",
        "note": "Bra möte",
    }
    number = browser.find_element("id", "q-people-input")
    number.clear()
    number.send_keys("många")
    ui.navigating(browser, browser.find_element("css selector", "form.checkin button").click)
    assert browser.find_element("id", "q-people-error").is_displayed()
    ui.check_page(browser, "checkin-error")
