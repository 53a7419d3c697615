"""Headless Chromium for the web door's tests: the driver, axe-core, and
screenshots.

The browser is Debian's `chromium` with its `chromedriver` (Playwright's own
download is not reachable here); `.ci/run` installs both when missing. Under
CI=true a missing browser fails the run; elsewhere the browser tests skip
with the reason. axe-core 4.14.1 is vendored beside this file (`npm pack
axe-core@4`, `package/axe.min.js`, sha256
29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c) and is
injected into each page checked.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
HERE = Path(__file__).parent
SCREENSHOTS = HERE.parents[2] / "var" / "screenshots"
DESKTOP = (1280, 900)
PHONE = (375, 812)
NARROW = (320, 640)  # the narrowest width WCAG asks for (1.4.10 Reflow)
ZOOMED = (640, 450)  # DESKTOP at 200 % zoom, in CSS pixels
# What the accessibility check refuses; "moderate" and "minor" are reported.
REFUSED_IMPACTS = ("serious", "critical")


def _found(name: str) -> str | None:
    return shutil.which(name) or next(
        (p for p in (f"/usr/bin/{name}", f"/usr/lib/chromium/{name}") if os.access(p, os.X_OK)),
        None,
    )


def browser_problem() -> str | None:
    """Why no browser test can run here, or None when one can."""
    missing = [n for n in ("chromium", "chromedriver") if _found(n) is None]
    if missing:
        return (
            f"{' and '.join(missing)} not found: apt-get install -y chromium chromium-driver "
            "(what .ci/run does)"
        )
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (make install)"
    return None


def require_browser() -> None:
    require(browser_problem(), in_ci=IN_CI)


@cache
def axe_source() -> str:
    return (HERE / "axe.min.js").read_text(encoding="utf-8")


def start_chromium() -> Any:
    """A new headless Chromium (its own cookies: another person's browser)."""
    require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(_found("chromium"))
    for argument in (
        "--headless=new",
        "--no-sandbox",  # containers run the tests as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
        "--lang=sv-SE",
        "--force-prefers-reduced-motion",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(str(_found("chromedriver"))))
    driver.set_page_load_timeout(30)
    return driver


@contextmanager
def running_chromium() -> Iterator[Any]:
    """A headless Chromium until the block ends."""
    driver = start_chromium()
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the session; each test starts without cookies."""
    with running_chromium() as driver:
        yield driver


@pytest.fixture
def browser(chromium: Any) -> Iterator[Any]:
    chromium.delete_all_cookies()
    viewport(chromium, DESKTOP)
    yield chromium
    chromium.delete_all_cookies()


def viewport(
    driver: Any, size: tuple[int, int], *, height: int | None = None, scale: float = 1
) -> None:
    width, tall = size
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {
            "width": width,
            "height": height or tall,
            "deviceScaleFactor": scale,
            "mobile": width < 600,
        },
    )


def axe_violations(driver: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(axe_source())
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ["violations"]})
          .then(r => done(r.violations))
          .catch(e => done({error: String(e)}));
        """
    )
    assert not isinstance(result, dict), f"axe-core failed: {result}"
    return [v for v in result if v.get("impact") in REFUSED_IMPACTS]


def describe(violations: list[dict[str, Any]]) -> str:
    short = [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "where": [n["target"] for n in v["nodes"][:5]],
        }
        for v in violations
    ]
    return json.dumps(short, indent=2, ensure_ascii=False)


def check_page(driver: Any, name: str) -> None:
    """At desktop and phone width: no serious or critical axe violation, no
    sideways scrolling on the phone, and a full-page screenshot of each in
    var/screenshots/<name>-desktop.png and -phone.png; then no sideways
    scrolling at 320 px and at 200 % zoom either (check_reflow)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        viewport(driver, size)
        violations = axe_violations(driver)
        wide = driver.execute_script("return document.documentElement.scrollWidth")
        tall = driver.execute_script("return document.documentElement.scrollHeight")
        viewport(driver, size, height=max(size[1], int(tall)))
        driver.save_screenshot(str(SCREENSHOTS / f"{name}-{label}.png"))
        assert not violations, f"{name} at {label} width:\n{describe(violations)}"
        assert wide <= size[0], f"{name} scrolls sideways at {label} width ({wide} px)"
    check_reflow(driver, name)
    viewport(driver, DESKTOP)


def check_reflow(driver: Any, name: str) -> None:
    """WCAG 1.4.10 and 1.4.4: nothing scrolls sideways at 320 CSS px, nor at
    200 % zoom (a 1280 px window zoomed to 200 % is 640 CSS px at two device
    pixels each); photographed into <name>-320.png and -zoom200.png."""
    for label, size, scale in (("320", NARROW, 1), ("zoom200", ZOOMED, 2)):
        viewport(driver, size, scale=scale)
        wide, room = driver.execute_script(
            "const e = document.documentElement; return [e.scrollWidth, e.clientWidth];"
        )
        driver.save_screenshot(str(SCREENSHOTS / f"{name}-{label}.png"))
        assert wide <= room, f"{name} scrolls sideways at {label} ({wide} px in {room} px)"


@dataclass(frozen=True)
class Stop:
    """Where one press of Tab put the focus, and whether a focus ring showed."""

    element: Any
    ring: bool

    def attr(self, name: str) -> str:
        return str(self.element.get_attribute(name) or "")


def tab_through(driver: Any, presses: int = 25, *, until: Any = None) -> list[Stop]:
    """Where the Tab key takes the focus from the top of the page, in order
    (stopping at `until` when it is reached, with the focus there)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    # From the top: a page opened at a fragment (`…#expenditure`) would
    # otherwise start the Tab order at that fragment, not at the skip link.
    driver.execute_script(
        "document.activeElement && document.activeElement.blur();"
        "const b = document.body; b.setAttribute('tabindex', '-1'); b.focus();"
        "b.removeAttribute('tabindex');"
    )
    reached: list[Stop] = []
    for _ in range(presses):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        element = driver.switch_to.active_element
        reached.append(Stop(element, _ring(driver, element)))
        if until is not None and element == until:
            break
    return reached


def _ring(driver: Any, element: Any) -> bool:
    """Whether the focused element draws a focus ring (an outline)."""
    style = driver.execute_script(
        "const s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth];",
        element,
    )
    return bool(style[0] != "none" and style[1] not in ("0px", ""))


def gone(element: Any) -> bool:
    """Whether the page that held `element` has been replaced. Chromium
    says so in two ways: a stale reference, or, when asked in the middle of
    the swap, that the node no longer belongs to the document."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise
    return False


def navigating(driver: Any, act: Callable[[], object], timeout: float = 10) -> None:
    """Does `act` (a click, a key) and waits until the next page has replaced
    this one, so nothing is read from the page being left."""
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element("tag name", "html")
    act()
    WebDriverWait(driver, timeout).until(lambda _: gone(old))
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def tab_to(driver: Any, css: str, presses: int = 30) -> Any:
    """Tabs from the top of the page to the element and leaves the focus
    there; fails unless it is reached and shows a focus ring."""
    wanted = driver.find_element("css selector", css)
    stop = next(
        (s for s in tab_through(driver, presses, until=wanted) if s.element == wanted), None
    )
    if stop is None:
        pytest.fail(f"{css} cannot be reached with Tab")
    assert stop.ring, f"{css} shows no focus ring"
    return stop.element


def keys(driver: Any, *pressed: str) -> None:
    """Presses keys where the focus is (the keyboard, not an element's API)."""
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*pressed).perform()


def focused(driver: Any, attribute: str) -> str:
    return str(driver.switch_to.active_element.get_attribute(attribute) or "")


def open_form(driver: Any, css: str, first: str, presses: int = 40) -> None:
    """Tabs to the form behind the disclosure `css` (its <details>), opens it
    with Enter and tabs into it: its first field, the id `first`, has the focus."""
    from selenium.webdriver.common.keys import Keys

    tab_to(driver, f"{css} > summary", presses)
    keys(driver, Keys.ENTER)
    keys(driver, Keys.TAB)
    assert focused(driver, "id") == first


def press_enter(driver: Any) -> None:
    """Presses Enter where the focus is and waits for the next page."""
    from selenium.webdriver.common.keys import Keys

    navigating(driver, partial(keys, driver, Keys.ENTER))


def follow(driver: Any, css: str, presses: int = 30) -> None:
    """Tabs to a link or button (as `tab_to` checks it), presses Enter and
    waits for the next page: one step of a keyboard-only walk."""
    tab_to(driver, css, presses)
    press_enter(driver)


def main_text(driver: Any) -> str:
    """The visible text of the page's <main>."""
    return str(driver.find_element("tag name", "main").text)


def sign_in(driver: Any, url: str) -> None:
    """Opens a sign-in link and clicks its button, where the keyboard's way
    in is not what is tested."""
    driver.get(url)
    navigating(driver, driver.find_element("css selector", "main form button").click)


def sign_in_with_keyboard(driver: Any, url: str) -> None:
    """Opens a sign-in link and presses its button with the keyboard only."""
    driver.get(url)
    follow(driver, "main form button", presses=10)
