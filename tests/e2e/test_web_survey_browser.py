"""The yearly survey in headless Chromium, with the keyboard only: the
arena's moderator goes from Incheckningar to the survey page, plans a survey
(a missing contact comes back at its field), picks contacts with Space,
types the questions one per line, and adds a contact to the planned survey.
Every page and state is checked with axe-core at desktop and phone width
(and 320 px and 200 % zoom) and photographed into var/screenshots/."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.meetings import commands as m
from samverka.demo import Loaded
from tests.e2e.browser import driver as ui
from tests.e2e.web_world import SYSTEM, WebWorld, container, demo, notifier, settings

# The fixtures used here (the browser's are in conftest.py): the demo world served.
__all__ = ["container", "demo", "notifier", "settings"]


def test_a_moderator_plans_the_yearly_survey_with_the_keyboard(
    demo: tuple[WebWorld, Loaded], browser: Any
) -> None:
    from selenium.webdriver.common.keys import Keys

    world, loaded = demo
    bengt, amanda = loaded.persons["bengt"], loaded.persons["amanda"]
    ui.sign_in_with_keyboard(browser, world.link(world.moderator))
    ui.follow(browser, 'nav a[href="/rounds"]')
    ui.follow(browser, 'main a[href="/surveys"]', presses=60)
    assert browser.find_element("tag name", "h1").text == "Årlig enkät"
    assert "Skickas 1 december, svar senast 20 januari." in ui.main_text(browser)
    ui.check_page(browser, "surveys")

    # Without contacts the form comes back with the error at the field.
    ui.tab_to(browser, "#title", presses=60)
    ui.keys(browser, "Uppföljning av handlingsplanen")
    ui.tab_to(browser, "#questions", presses=80)
    ui.keys(browser, "Har ni genomfört aktiviteter?", Keys.ENTER, "Vad har fungerat bra?", Keys.TAB)
    assert ui.focused(browser, "id") == "first_year"
    ui.keys(browser, Keys.TAB)
    assert ui.focused(browser, "type") == "submit"
    ui.press_enter(browser)
    assert browser.find_element("id", "contacts").get_attribute("aria-invalid") == "true"
    assert browser.find_element("id", "contacts-error").text == "Välj minst en kontaktperson."
    assert browser.switch_to.active_element.get_attribute("role") == "alert"
    ui.check_page(browser, "surveys-error")

    # What was written stays; the contacts are checked with Space.
    assert browser.find_element("id", "title").get_attribute("value").startswith("Uppföljning")
    ui.tab_to(browser, f"#contact-{bengt}", presses=80)
    ui.keys(browser, Keys.SPACE)
    ui.follow(browser, "main form[action='/surveys'] button[type=submit]", presses=80)
    assert "Enkäten är planerad." in ui.main_text(browser)
    assert "Vad har fungerat bra?" in ui.main_text(browser) and "Bengt Stavenow" in ui.main_text(
        browser
    )
    (survey,) = world.k.checkins.list_surveys()
    assert survey["contacts"] == [str(bengt)]
    ui.check_page(browser, "surveys-planned")

    # A contact added from the arena's members: the select is chosen by typing.
    ui.tab_to(browser, f"#add-{survey['id']}", presses=80)
    ui.keys(browser, "Amanda")
    ui.keys(browser, Keys.TAB)
    assert ui.focused(browser, "type") == "submit"
    ui.press_enter(browser)
    assert "Kontakten har lagts till." in ui.main_text(browser)
    found = world.k.checkins.get_survey(str(survey["id"]))
    assert found is not None and set(found["contacts"]) == {str(bengt), str(amanda)}
    ui.check_page(browser, "surveys-contact-added")

    # When the year's round is open, the survey shows its response rate.
    world.k.app.execute(m.OpenSurveyRound(survey_id=UUID(str(survey["id"])), year=2026), SYSTEM)
    world.k.projector.catch_up()
    browser.refresh()
    assert "0 av 2 har svarat" in ui.main_text(browser)
    ui.check_page(browser, "surveys-round")
