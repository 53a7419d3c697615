"""Granskning in headless Chromium, by keyboard only once signed in: an
auditor opens the Händelselogg from the menu, filters it to one initiative,
then to one person by a name two share (picking one of them; the address
names no one), copies the digest on Verifiera, verifies (intact), and after a byte is
flipped in the stored events sees the first bad position; a digest that
cannot be read is said at its field. Every page and state is checked with
axe-core at desktop and phone width and photographed into var/screenshots/."""

from __future__ import annotations

from typing import Any

from domain import commands as c
from domain.meta import Channel, make_meta
from samverka.demo import Loaded
from tests.e2e.browser.driver import check_page, keys, main_text, press_enter, sign_in, tab_through
from tests.e2e.test_web_audit import flip_a_byte, make_auditor
from tests.e2e.web_world import SYSTEM, WebWorld, container, demo, notifier, settings

__all__ = ["container", "demo", "notifier", "settings"]


def _select_all(driver: Any) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()


def _tab_to(driver: Any, element: Any, presses: int = 60) -> None:
    stops = tab_through(driver, presses, until=element)
    assert stops[-1].element == element, "reached with Tab"
    assert stops[-1].ring, "with a visible focus ring"


def test_an_auditor_filters_copies_the_digest_and_verifies(
    demo: tuple[WebWorld, Loaded], browser: Any
) -> None:
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    world, loaded = demo
    k = world.k
    auditor = make_auditor(k)
    report = c.ReportHealth(initiative_id=loaded.initiatives["272"], health="on-track")
    k.app.execute(report, make_meta(actor=world.member, channel=Channel.WEB))
    namesake = c.RegisterPerson(name="Amanda Romare", organisation="Kalmar kommun")
    k.app.execute(namesake, SYSTEM)
    k.projector.catch_up()
    sign_in(browser, world.link(auditor))

    menu = browser.find_element("link text", "Granskning")
    _tab_to(browser, menu)
    press_enter(browser)
    assert browser.find_element("tag name", "h1").text == "Händelselogg"
    check_page(browser, "audit-trail")

    # The initiative 2.7.2, chosen with the arrow keys in its list.
    about = browser.find_element("id", "filter-about")
    _tab_to(browser, about)
    wanted = str(loaded.initiatives["272"])
    chosen = Select(about)
    for _ in range(80):
        if chosen.first_selected_option.get_attribute("value") == wanted:
            break
        keys(browser, Keys.ARROW_DOWN)
    assert chosen.first_selected_option.get_attribute("value") == wanted
    show = browser.find_element("xpath", "//button[.='Visa']")
    _tab_to(browser, show)
    press_enter(browser)
    lines = browser.find_elements("css selector", "ol.trail > li")
    assert lines and all("2.7.2" in line.text for line in lines[:3])
    assert f"about={wanted}" in browser.current_url, "the form's answer leads to its page"
    assert "Öppna initiativet" in main_text(browser)
    check_page(browser, "audit-trail-initiative")

    # And only its health reports: the kind, chosen with the arrow keys.
    kind = browser.find_element("id", "filter-kind")
    _tab_to(browser, kind)
    kinds = Select(kind)
    for _ in range(80):
        if kinds.first_selected_option.get_attribute("value") == "Initiative.HealthReported":
            break
        keys(browser, Keys.ARROW_DOWN)
    assert kinds.first_selected_option.text == "Läge rapporterat"
    _tab_to(browser, browser.find_element("xpath", "//button[.='Visa']"))
    press_enter(browser)
    lines = browser.find_elements("css selector", "ol.trail > li")
    assert lines and all("rapporterade läget för 2.7.2" in line.text for line in lines)
    check_page(browser, "audit-trail-kind")

    # Who: a name two share, written in the field; the auditor picks one.
    browser.get(f"{world.base}/audit")
    who = browser.find_element("id", "filter-person")
    _tab_to(browser, who)
    keys(browser, "amanda romare")
    press_enter(browser)
    asked = browser.switch_to.active_element
    assert asked.get_attribute("role") == "alert", "the question takes the focus"
    assert "Flera matchar ”amanda romare”. Välj vem du menar:" in asked.text
    assert "Kalmar kommun" in asked.text, "the other one, told apart"
    assert not browser.find_elements("css selector", "ol.trail")
    check_page(browser, "audit-trail-choose")
    mine = browser.find_element("css selector", f'.problem a[href*="who={world.member}"]')
    _tab_to(browser, mine)
    press_enter(browser)
    lines = browser.find_elements("css selector", "ol.trail > li")
    assert lines and all("Amanda Romare" in line.text for line in lines)
    assert "person=" not in browser.current_url and "amanda" not in browser.current_url.lower()
    field = browser.find_element("id", "filter-person")
    assert field.get_attribute("value") == "Amanda Romare"
    check_page(browser, "audit-trail-person")

    tab = browser.find_element("link text", "Verifiera")
    _tab_to(browser, tab)
    press_enter(browser)
    current = browser.find_element("id", "current-digest")
    assert current.get_attribute("readonly") is not None
    _tab_to(browser, current)  # the read-only field is reached, to select and copy
    digest = str(current.get_attribute("value"))
    assert digest == str(k.audit.digest())
    check_page(browser, "audit-verify")

    field = browser.find_element("id", "verify-digest")
    _tab_to(browser, field)
    keys(browser, digest)  # what the auditor copied out, typed back in
    press_enter(browser)
    assert "Loggen är intakt." in main_text(browser)
    assert browser.switch_to.active_element.get_attribute("role") == "status"
    check_page(browser, "audit-verify-intact")

    flip_a_byte(k, 5)
    field = browser.find_element("id", "verify-digest")
    assert field.get_attribute("value") == digest, "the digest stays in the field"
    _tab_to(browser, field)
    press_enter(browser)
    said = main_text(browser)
    assert "Loggen har manipulerats." in said and "Första felaktiga position: 5." in said
    assert browser.switch_to.active_element.get_attribute("role") == "alert"
    check_page(browser, "audit-verify-tampered")

    field = browser.find_element("id", "verify-digest")
    _tab_to(browser, field)
    _select_all(browser)
    keys(browser, "inte ett kontrollvärde")
    assert field.get_attribute("value") == "inte ett kontrollvärde"
    press_enter(browser)
    error = browser.find_element("id", "verify-digest-error")
    assert error.text.startswith("Ett kontrollvärde skrivs POSITION:HASH")
    focused = browser.switch_to.active_element
    assert focused.get_attribute("id") == "verify-digest", "the focus is at the field"
    assert browser.find_element("id", "verify-digest").get_attribute("aria-invalid") == "true"
    check_page(browser, "audit-verify-error")


def test_a_member_is_refused_granskning(demo: tuple[WebWorld, Loaded], browser: Any) -> None:
    world, _ = demo
    sign_in(browser, world.link(world.member))
    assert not browser.find_elements("link text", "Granskning"), "no menu item"
    browser.get(f"{world.base}/audit")
    assert browser.find_element("tag name", "h1").text == "Inte för din roll"
    assert not browser.find_elements("css selector", "ol.trail"), "nothing of the log"
    check_page(browser, "audit-refused")
