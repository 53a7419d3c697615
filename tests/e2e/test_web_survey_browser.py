"""The yearly survey in headless Chromium, with the keyboard only: the
arena's moderator goes from Incheckningar to the survey page, plans a survey
(a missing contact comes back at its field), picks contacts with Space,
types the questions one per line, and adds a contact to the planned survey.
Every page and state is checked with axe-core at desktop and phone width
(and 320 px and 200 % zoom) and photographed into var/screenshots/."""

from __future__ import annotations

from functools import partial
from typing import Any
from uuid import UUID

from domain.meetings import commands as m
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
from tests.e2e.web_world import SYSTEM, WebWorld, container, demo, notifier, settings

# The fixtures used here (the browser's, and the demo world served).
__all__ = ["browser", "chromium", "container", "demo", "notifier", "settings"]


def _main(driver: Any) -> str:
    return str(driver.find_element("tag name", "main").text)


def test_a_moderator_plans_the_yearly_survey_with_the_keyboard(
    demo: tuple[WebWorld, Loaded], browser: Any
) -> None:
    from selenium.webdriver.common.keys import Keys

    world, loaded = demo
    bengt, amanda = loaded.persons["bengt"], loaded.persons["amanda"]
    sign_in_with_keyboard(browser, world.link(world.moderator))
    tab_to(browser, 'nav a[href="/rounds"]')
    navigating(browser, partial(keys, browser, Keys.ENTER))
    tab_to(browser, 'main a[href="/surveys"]', presses=60)
    navigating(browser, partial(keys, browser, Keys.ENTER))
    assert browser.find_element("tag name", "h1").text == "Årlig enkät"
    assert "Skickas 1 december, svar senast 20 januari." in _main(browser)
    check_page(browser, "surveys")

    # Without contacts the form comes back with the error at the field.
    tab_to(browser, "#title", presses=60)
    keys(browser, "Uppföljning av handlingsplanen")
    tab_to(browser, "#questions", presses=80)
    keys(browser, "Har ni genomfört aktiviteter?", Keys.ENTER, "Vad har fungerat bra?", Keys.TAB)
    assert focused(browser, "id") == "first_year"
    keys(browser, Keys.TAB)
    assert focused(browser, "type") == "submit"
    navigating(browser, partial(keys, browser, Keys.ENTER))
    assert browser.find_element("id", "contacts").get_attribute("aria-invalid") == "true"
    assert browser.find_element("id", "contacts-error").text == "Välj minst en kontaktperson."
    assert browser.switch_to.active_element.get_attribute("role") == "alert"
    check_page(browser, "surveys-error")

    # What was written stays; the contacts are checked with Space.
    assert browser.find_element("id", "title").get_attribute("value").startswith("Uppföljning")
    tab_to(browser, f"#contact-{bengt}", presses=80)
    keys(browser, Keys.SPACE)
    tab_to(browser, "main form[action='/surveys'] button[type=submit]", presses=80)
    navigating(browser, partial(keys, browser, Keys.ENTER))
    assert "Enkäten är planerad." in _main(browser)
    assert "Vad har fungerat bra?" in _main(browser) and "Bengt Stavenow" in _main(browser)
    (survey,) = world.k.checkins.list_surveys()
    assert survey["contacts"] == [str(bengt)]
    check_page(browser, "surveys-planned")

    # A contact added from the arena's members: the select is chosen by typing.
    tab_to(browser, f"#add-{survey['id']}", presses=80)
    keys(browser, "Amanda")
    keys(browser, Keys.TAB)
    assert focused(browser, "type") == "submit"
    navigating(browser, partial(keys, browser, Keys.ENTER))
    assert "Kontakten har lagts till." in _main(browser)
    found = world.k.checkins.get_survey(str(survey["id"]))
    assert found is not None and set(found["contacts"]) == {str(bengt), str(amanda)}
    check_page(browser, "surveys-contact-added")

    # When the year's round is open, the survey shows its response rate.
    world.k.app.execute(m.OpenSurveyRound(survey_id=UUID(str(survey["id"])), year=2026), SYSTEM)
    world.k.projector.catch_up()
    browser.refresh()
    assert "0 av 2 har svarat" in _main(browser)
    check_page(browser, "surveys-round")
