"""Indikatorer in headless Chromium: a plan coordinator goes from the menu
to the indicators with the keyboard, opens one (the chart and its table),
uploads a file with bad rows (the errors per line, taking the focus) and
then a good one. Every page and state is checked with axe-core at desktop
and phone width and photographed into var/screenshots/indicators-*."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from samverka.demo import Loaded
from tests.e2e.browser import driver as ui
from tests.e2e.test_web_indicators import BAD, GOOD, indicators
from tests.e2e.web_world import WebWorld, container, demo, notifier, settings

# The fixtures used here (the browser's are in conftest.py): the demo world with its indicators.
__all__ = ["container", "demo", "indicators", "notifier", "settings"]


def test_a_plan_coordinator_reads_a_series_and_imports(
    indicators: tuple[WebWorld, Loaded, str], browser: Any, tmp_path: Path
) -> None:

    world, _loaded, coordinator = indicators
    ui.sign_in_with_keyboard(browser, world.link(coordinator))
    ui.follow(browser, 'nav a[href="/indicators"]')
    assert "Suicid per 100 000 invånare" in ui.main_text(browser)
    ui.check_page(browser, "indicators")

    link = browser.find_element("partial link text", "Suicid per 100 000")
    ui.navigating(browser, link.click)
    text = ui.main_text(browser)
    assert "Värden per år" in text and "Värmlands län 2023: 13,9 (var 13,4)" in text
    assert browser.find_element("css selector", "svg[role=img] polyline")
    ui.check_page(browser, "indicator-series")

    ui.navigating(browser, partial(browser.get, f"{world.base}/indicators"))
    bad = tmp_path / "fel.csv"
    bad.write_text(BAD, encoding="utf-8")
    browser.find_element("id", "import-file").send_keys(str(bad))
    button = browser.find_element("css selector", "form[action='/indicators/import'] button")
    ui.navigating(browser, button.click)
    alert = browser.find_element("css selector", "[role=alert]")
    assert "Rad 3:" in alert.text and "Rad 4:" in alert.text
    assert browser.switch_to.active_element == alert
    ui.check_page(browser, "indicators-refused")

    good = tmp_path / "ok.csv"
    good.write_text(GOOD, encoding="utf-8")
    browser.find_element("id", "import-file").send_keys(str(good))
    button = browser.find_element("css selector", "form[action='/indicators/import'] button")
    ui.navigating(browser, button.click)
    assert "Importerade 1 värden." in ui.main_text(browser)
