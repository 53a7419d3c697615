"""Fixtures the end-to-end tests share across their modules.

The browser's fixtures are declared here, once: a session fixture imported
into a test module is that module's own fixture, so each browser test module
started a Chromium of its own and kept it until the session ended (fifteen
at once in a full run)."""

from tests.e2e.browser.driver import browser, chromium

__all__ = ["browser", "chromium"]
