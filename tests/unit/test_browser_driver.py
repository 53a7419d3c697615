"""Without a browser the browser tests skip, except under CI=true, where they fail."""

from __future__ import annotations

import pytest

from tests.e2e.browser import driver


def test_a_missing_browser_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(driver, "_found", lambda name: None)
    monkeypatch.setattr(driver, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium"):
        driver.require_browser()


def test_a_missing_browser_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(driver, "_found", lambda name: None)
    monkeypatch.setattr(driver, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="CI=true but chromium and chromedriver"):
        driver.require_browser()


def test_axe_core_is_the_pinned_file() -> None:
    import hashlib

    digest = hashlib.sha256(driver.axe_source().encode()).hexdigest()
    assert digest == "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
