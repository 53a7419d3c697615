"""Tidsresa in headless Chromium, by keyboard only once signed in: an
auditor filters the Händelselogg to 2.7.2, opens the initiative, its
history, and from the step before the changes made in the test the page as
it was then: marked historical, with the diff naming who made each change
and through which door; then the same for a grant of Dalarna's joint funds.
Every page and state is checked with axe-core at desktop and phone width and
photographed into var/screenshots/ (timetravel-*.png)."""

from __future__ import annotations

from typing import Any

from samverka.demo import Loaded
from tests.e2e.browser.driver import check_page, navigating, sign_in, tab_through
from tests.e2e.test_web_audit import make_auditor
from tests.e2e.test_web_funds import funds
from tests.e2e.test_web_timetravel import _book, change_initiative, last_version, moment_passed
from tests.e2e.web_world import WebWorld, container, demo, notifier, settings

__all__ = ["container", "demo", "funds", "notifier", "settings"]


def _keys(driver: Any, *pressed: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*pressed).perform()


def _follow(driver: Any, element: Any, presses: int = 400) -> None:
    """Tab to the element (a focus ring on it), then Enter."""
    from selenium.webdriver.common.keys import Keys

    stops = tab_through(driver, presses, until=element)
    assert stops[-1].element == element, "reached with Tab"
    assert stops[-1].ring, "with a visible focus ring"
    navigating(driver, lambda: _keys(driver, Keys.ENTER))


def _main(driver: Any) -> str:
    return str(driver.find_element("tag name", "main").text)


def _step_link(driver: Any, version: int) -> Any:
    """The history's "Visa som det var då" of the step at `version`, paging on."""
    for _ in range(20):
        found = driver.find_elements("css selector", f"li#v{version} a")
        if found:
            return found[0]
        _follow(driver, driver.find_element("link text", "Nästa sida"))
    raise AssertionError(f"no step {version} in the history")


def _back_in_time(driver: Any, version: int, name: str) -> str:
    history = driver.find_element("partial link text", "Historik, händelse för händelse")
    _follow(driver, history)
    assert driver.find_element("tag name", "h1").text.startswith("Historik")
    check_page(driver, f"timetravel-{name}-history")
    _follow(driver, _step_link(driver, version))
    said = _main(driver)
    assert "Så här såg det ut" in said and "En historisk vy" in said
    assert not driver.find_elements("css selector", "main form[method='post']")
    check_page(driver, f"timetravel-{name}-as-of")
    return str(driver.find_element("css selector", "section.since").text)


def test_an_auditor_goes_back_before_a_change(demo: tuple[WebWorld, Loaded], browser: Any) -> None:
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    world, loaded = demo
    k = world.k
    initiative = str(loaded.initiatives["272"])
    before = last_version(world, initiative)
    moment_passed(before[1])
    change_initiative(world, loaded, initiative)
    auditor = make_auditor(k)
    sign_in(browser, world.link(auditor))

    _follow(browser, browser.find_element("link text", "Granskning"))
    about = browser.find_element("id", "filter-about")
    tab_through(browser, 60, until=about)
    chosen = Select(about)
    for _ in range(80):
        if chosen.first_selected_option.get_attribute("value") == initiative:
            break
        _keys(browser, Keys.ARROW_DOWN)
    _follow(browser, browser.find_element("xpath", "//button[.='Visa']"))
    lines = browser.find_elements("css selector", "ol.trail > li")
    assert lines and all("2.7.2" in line.text for line in lines[:3])
    _follow(browser, browser.find_element("partial link text", "Öppna initiativet"))
    assert "Visa som det var" in _main(browser)
    check_page(browser, "timetravel-initiative-now")

    since = _back_in_time(browser, before[0], "initiative")
    assert "En ny målbild från webben" in since
    assert "Bengt Stavenow" in since and "via webben" in since
    assert "Amanda Romare" in since and "via Slack" in since


def test_an_auditor_sees_a_grant_before_a_booking(
    funds: tuple[WebWorld, Loaded, str], browser: Any
) -> None:
    world, loaded, fund = funds
    auditor = make_auditor(world.k)
    grant_id = str(world.k.funds.grants_page(limit=1, offset=0, year=2022).items[0]["id"])  # type: ignore[union-attr]
    before = last_version(world, grant_id)
    moment_passed(before[1])
    with world.session(fund) as client:
        _book(client, f"/funds/grants/{grant_id}", str(loaded.initiatives["dal4b"]))
    world.k.projector.catch_up()
    sign_in(browser, world.link(auditor))
    browser.get(f"{world.base}/funds/grants/{grant_id}")
    assert "Visa som det var" in _main(browser)
    since = _back_in_time(browser, before[0], "grant")
    assert "125 000 kr" in since and "via webben" in since


def test_the_other_pages_as_they_were(funds: tuple[WebWorld, Loaded, str], browser: Any) -> None:
    """An arena, a meeting series and Återrapportering as they were, and a
    date that cannot be read: each checked with axe-core and photographed."""
    from tests.e2e.test_web_timetravel import as_of_params, last_change

    world, loaded, _ = funds
    k = world.k
    auditor = make_auditor(k, str(loaded.persons["fund"]))
    series = str(loaded.series["272"])
    before = moment_passed(last_change(world, series))
    change_initiative(world, loaded, str(loaded.initiatives["272"]))
    sign_in(browser, world.link(auditor))
    moment = "&".join(f"{k}={v}" for k, v in as_of_params(before).items())
    pages = {
        "arena": f"/arenas/{world.arena}/as-of?{moment}",
        "series": f"/series/{series}/as-of?{moment}",
        "report": f"/funds/report/as-of?year=2022&{moment}",
        "series-history": f"/series/{series}/history",
    }
    for name, path in pages.items():
        browser.get(world.base + path)
        said = _main(browser)
        assert "Historik" in said or "Så här såg det ut" in said, name
        check_page(browser, f"timetravel-{name}")
    browser.get(f"{world.base}/initiatives/{loaded.initiatives['272']}/as-of?day=31/1")
    assert browser.find_element("id", "travel-day").get_attribute("aria-invalid") == "true"
    check_page(browser, "timetravel-error")
