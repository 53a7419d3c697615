"""Uppföljning in headless Chromium: the plan coordinator, with the keyboard
only, goes from the menu to Värmland's plan, reads the 2024 survey
compiled, opens an insatsområde's narrative form and saves it. Each page and
state is checked with axe-core at desktop and phone width, and at 320 px
and 200 % zoom, and photographed into var/screenshots/plans-*; then the
organisations and their contact persons are checked the same way."""

from __future__ import annotations

from functools import partial
from typing import Any

from domain.plans.values import focus_area_id
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
from tests.e2e.test_web_plans import PLAN, plan_world
from tests.e2e.web_world import WebWorld, container, demo, notifier, settings

# The fixtures used here.
__all__ = ["browser", "chromium", "container", "demo", "notifier", "plan_world", "settings"]


def _main(driver: Any) -> str:
    return str(driver.find_element("tag name", "main").text)


def test_the_coordinator_follows_the_plan_up_with_the_keyboard_only(
    plan_world: tuple[WebWorld, str], browser: Any
) -> None:
    from selenium.webdriver.common.keys import Keys

    world, coordinator = plan_world
    sign_in_with_keyboard(browser, world.link(coordinator))

    tab_to(browser, 'nav a[href="/plans"]')
    navigating(browser, partial(keys, browser, Keys.ENTER))
    assert "Plan för god psykisk hälsa i Värmland 2021–2024" in _main(browser)
    check_page(browser, "plans-list")

    tab_to(browser, f'main a[href="/plans/{PLAN}"]')
    navigating(browser, partial(keys, browser, Keys.ENTER))
    text = _main(browser)
    assert "God psykisk hälsa bland värmlänningarna" in text
    assert "Enkäten 2024 sammanställd" in text and "organisationer har svarat" in text
    check_page(browser, "plans-plan")

    area = focus_area_id(PLAN, "IO3")
    tab_to(browser, f"#write-{area} > summary", presses=400)
    keys(browser, Keys.ENTER)
    keys(browser, Keys.TAB)
    assert focused(browser, "id") == f"done-{area}"
    keys(browser, "Tydligare väg in till stöd i tre kommuner")
    for _ in range(3):  # effect, next, the button
        keys(browser, Keys.TAB)
    assert focused(browser, "type") == "submit"
    navigating(browser, partial(keys, browser, Keys.ENTER))
    notice = browser.find_element("css selector", f"#compiled-{area} [role=status]")
    assert notice.text.strip() == "Berättelsen är sparad."
    assert "Tydligare väg in till stöd i tre kommuner" in _main(browser)
    check_page(browser, "plans-narrative")

    navigating(browser, partial(browser.get, f"{world.base}/plans/{PLAN}/organisations"))
    assert "Kontaktperson Region Värmland" in _main(browser)
    check_page(browser, "plans-organisations")
