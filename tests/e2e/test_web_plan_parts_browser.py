"""Building the plan in headless Chromium with the keyboard only: the plan
coordinator opens *Lägg till ett insatsområde* on Värmland's plan, is told
at the field that the insatsområde needs a name, gives it with its
utmaningsfrågor, then adds an activity in it (aimed at a målbild, with a
responsible organisation) and sees both on the plan page. Each state is
checked with axe-core at desktop and phone width, 320 px and 200 % zoom,
and photographed into var/screenshots/plan-parts-*."""

from __future__ import annotations

from functools import partial
from typing import Any

from domain.indicators.commands import LinkIndicator
from domain.indicators.values import LinkKind
from domain.plans.values import activity_id, focus_area_id
from samverka.demo import Loaded
from samverka.demo_indicators import IndicatorDemo
from tests.e2e.browser.driver import (
    check_page,
    focused,
    keys,
    navigating,
    sign_in_with_keyboard,
    tab_to,
)
from tests.e2e.test_web_plans import PLAN, plan_world
from tests.e2e.web_world import SYSTEM, WebWorld, container, demo, notifier, settings

# The fixtures used here.
__all__ = ["container", "demo", "notifier", "plan_world", "settings"]
NEW_AREA = "#new-area + details > summary"
NEW_ACTIVITY = "#new-activity + details > summary"


def _main(driver: Any) -> str:
    return str(driver.find_element("tag name", "main").text)


def _tab_on(driver: Any, element_id: str, presses: int = 80) -> None:
    """Tabs on from where the focus is until the element with the id has it."""
    from selenium.webdriver.common.keys import Keys

    for _ in range(presses):
        if focused(driver, "id") == element_id:
            return
        keys(driver, Keys.TAB)
    assert focused(driver, "id") == element_id, f"#{element_id} cannot be reached with Tab"


def test_the_coordinator_adds_an_insatsomrade_and_an_activity_with_the_keyboard(
    plan_world: tuple[WebWorld, str], demo: tuple[WebWorld, Loaded], browser: Any
) -> None:
    from selenium.webdriver.common.keys import Keys

    world, coordinator = plan_world
    IndicatorDemo(world.k, demo[1].initiatives).load()  # one linked to IO2, on the page
    suicide = world.k.indicators.id_by_code("DEMO-SUICID")
    assert suicide is not None
    link = LinkIndicator(
        indicator_id=suicide, kind=LinkKind.AREA, target_id=focus_area_id(PLAN, "IO2")
    )
    world.k.app.execute(link, SYSTEM)
    world.k.projector.catch_up()
    sign_in_with_keyboard(browser, world.link(coordinator))
    navigating(browser, partial(browser.get, f"{world.base}/plans/{PLAN}"))

    tab_to(browser, NEW_AREA, presses=3000)
    keys(browser, Keys.ENTER)
    _tab_on(browser, "area-code")
    keys(browser, "IO9")
    keys(browser, Keys.TAB)
    assert focused(browser, "id") == "area-title"
    _tab_on(browser, "area-challenges")
    keys(browser, "Hur når vi alla elever?", Keys.ENTER, "Vem äger frågan?")
    keys(browser, Keys.TAB)
    assert focused(browser, "type") == "submit"
    navigating(browser, partial(keys, browser, Keys.ENTER))
    error = browser.find_element("id", "area-title-error")
    assert error.text.strip() == "Fyll i fältet."
    title = browser.find_element("id", "area-title")
    assert title.get_attribute("aria-invalid") == "true"
    challenges = browser.find_element("id", "area-challenges").get_attribute("value")
    assert "Vem äger frågan?" in challenges
    check_page(browser, "plan-parts-area-refused")

    tab_to(browser, "#area-title", presses=3000)
    keys(browser, "Suicidprevention i skolan")
    _tab_on(browser, "area-challenges")
    keys(browser, Keys.TAB)
    navigating(browser, partial(keys, browser, Keys.ENTER))
    new_area = focus_area_id(PLAN, "IO9")
    notice = browser.find_element("css selector", f"#area-{new_area} [role=status]")
    assert notice.text.strip() == "Insatsområdet är tillagt."
    text = _main(browser)
    assert "IO9 Suicidprevention i skolan" in text and "Utan strategisk inriktning" in text
    check_page(browser, "plan-parts-area")
    assert "Suicid per 100 000 invånare" in text  # IO2's indicator, latest value and trend

    tab_to(browser, NEW_ACTIVITY, presses=3000)
    keys(browser, Keys.ENTER)
    _tab_on(browser, "activity-area")
    keys(browser, "IO9")  # a closed select's type-ahead
    chosen = browser.find_element("id", "activity-area").get_attribute("value")
    assert chosen, "the insatsområde was chosen"
    _tab_on(browser, "activity-code")
    keys(browser, "A90", Keys.TAB, "Utbildning i suicidprevention för elevhälsan")
    _tab_on(browser, "activity-targets-1")
    keys(browser, Keys.SPACE)
    _tab_on(browser, "activity-organisations-1")
    keys(browser, Keys.SPACE)
    organisation = browser.find_element("css selector", "label[for=activity-organisations-1]")
    responsible = organisation.text.strip()
    _tab_on(browser, "activity-initiative")
    check_page(browser, "plan-parts-activity-form")
    browser.find_element("id", "activity-initiative")  # the focus stays on it
    assert focused(browser, "id") == "activity-initiative"
    keys(browser, Keys.TAB)
    assert focused(browser, "type") == "submit"
    navigating(browser, partial(keys, browser, Keys.ENTER))
    new_activity = activity_id(PLAN, "A90")
    notice = browser.find_element("css selector", f"#how-{new_activity} [role=status]")
    assert notice.text.strip() == "Aktiviteten är tillagd."
    area = browser.find_element("xpath", "//article[.//h4[starts-with(., 'IO9 ')]]")
    assert "A90 Utbildning i suicidprevention för elevhälsan" in area.text
    assert responsible in area.text and "Målbilder: M1" in area.text
    check_page(browser, "plan-parts-activity")
