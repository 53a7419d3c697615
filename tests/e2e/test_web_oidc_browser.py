"""Sign-in with OpenID Connect in headless Chromium, against the local
OpenID provider: the button on the sign-in page pressed with the keyboard,
the way to the provider and back, and the refusal page for someone
Samverka does not know, checked with axe-core and photographed into
var/screenshots/."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import pytest

from samverka.settings import Settings
from tests.e2e.browser.driver import check_page, navigating, tab_through
from tests.e2e.oidc_provider import PROVIDER_NAME, OpenIdProvider, oidc_settings, provider
from tests.e2e.web_world import WebWorld, container, notifier, web

# The fixtures used here (the browser's are in conftest.py): the world served.
__all__ = ["container", "notifier", "provider", "web"]


@pytest.fixture
def settings(tmp_path: Path, provider: OpenIdProvider) -> Settings:
    return oidc_settings(f"sqlite:///{tmp_path}/samverka.db", provider)


def _press_the_provider_button(browser: Any) -> None:
    """Tabs to "Logga in med …" and presses Enter; waits for where it leads."""
    from selenium.webdriver.common.keys import Keys

    wanted = browser.find_element("css selector", "main a.button")
    stop = next((s for s in tab_through(browser, 10, until=wanted) if s.element == wanted), None)
    assert stop is not None, "the provider's button cannot be reached with Tab"
    assert stop.ring, "the provider's button shows no focus ring"
    navigating(browser, partial(stop.element.send_keys, Keys.ENTER))


def test_sign_in_with_the_provider_and_a_refusal(
    web: WebWorld, provider: OpenIdProvider, browser: Any
) -> None:
    browser.get(web.base + "/sign-in")
    button = browser.find_element("css selector", "main a.button")
    assert button.text == f"Logga in med {PROVIDER_NAME}"
    assert browser.find_element("id", "email").is_displayed(), "the e-mail link stays"
    check_page(browser, "sign-in-oidc")

    provider.login_as("maja@example.se", "maja-at-provider")
    _press_the_provider_button(browser)
    assert browser.current_url == web.base + "/"
    assert browser.find_element("tag name", "h1").text == "Min översikt"
    assert "Maja Medlem" in browser.find_element("tag name", "body").text

    browser.delete_all_cookies()
    provider.login_as("nagon.annan@example.se", "stranger")
    browser.get(web.base + "/sign-in")
    _press_the_provider_button(browser)
    assert browser.current_url.startswith(web.base + "/sign-in/oidc/callback")
    assert browser.find_element("tag name", "h1").text == "Du kan inte logga in i Samverka ännu"
    main = browser.find_element("tag name", "main").text
    assert "En administratör måste lägga till dig" in main and "Inget har sparats." in main
    assert browser.get_cookie("samverka_session") is None
    check_page(browser, "oidc-refused")
