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
from tests.e2e.browser import driver as ui
from tests.e2e.test_web_plans import PLAN, plan_world
from tests.e2e.web_world import WebWorld, container, demo, notifier, settings

# The fixtures used here.
__all__ = ["container", "demo", "notifier", "plan_world", "settings"]


def test_the_coordinator_follows_the_plan_up_with_the_keyboard_only(
    plan_world: tuple[WebWorld, str], browser: Any
) -> None:
    from selenium.webdriver.common.keys import Keys

    world, coordinator = plan_world
    ui.sign_in_with_keyboard(browser, world.link(coordinator))

    ui.follow(browser, 'nav a[href="/plans"]')
    assert "Plan för god psykisk hälsa i Värmland 2021–2024" in ui.main_text(browser)
    ui.check_page(browser, "plans-list")

    ui.follow(browser, f'main a[href="/plans/{PLAN}"]')
    text = ui.main_text(browser)
    assert "God psykisk hälsa bland värmlänningarna" in text
    assert "Enkäten 2024 sammanställd" in text and "organisationer har svarat" in text
    ui.check_page(browser, "plans-plan")

    area = focus_area_id(PLAN, "IO3")
    ui.open_form(browser, f"#write-{area}", f"done-{area}", presses=400)
    ui.keys(browser, "Tydligare väg in till stöd i tre kommuner")
    for _ in range(3):  # effect, next, the button
        ui.keys(browser, Keys.TAB)
    assert ui.focused(browser, "type") == "submit"
    ui.press_enter(browser)
    notice = browser.find_element("css selector", f"#compiled-{area} [role=status]")
    assert notice.text.strip() == "Berättelsen är sparad."
    assert "Tydligare väg in till stöd i tre kommuner" in ui.main_text(browser)
    ui.check_page(browser, "plans-narrative")

    ui.navigating(browser, partial(browser.get, f"{world.base}/plans/{PLAN}/organisations"))
    assert "Kontaktperson Region Värmland" in ui.main_text(browser)
    ui.check_page(browser, "plans-organisations")
