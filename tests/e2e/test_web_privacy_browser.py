"""Personuppgifter in headless Chromium: an admin, with the keyboard only,
goes from the menu to a demo person, reads their registerutdrag (name,
e-mail address and every action of theirs in the audit trail), opens "Glöm
personen", reads what will and will not be erased, and confirms; the
registerutdrag then shows "[borttagen person]" and the log still verifies.
Every page and state is checked with axe-core at desktop and phone width and
photographed into var/screenshots/privacy-*."""

from __future__ import annotations

from typing import Any

from domain.person import ERASED_NAME
from samverka.demo import Loaded
from samverka.demo_data import email_of
from tests.e2e.browser import driver as ui
from tests.e2e.test_web_privacy import actions_of
from tests.e2e.web_world import WebWorld, container, demo, make_admin, notifier, settings

# The fixtures used here (the browser's are in conftest.py): the demo world.
__all__ = ["container", "demo", "notifier", "settings"]


def test_an_admin_reads_a_registerutdrag_and_forgets_the_person_with_the_keyboard_only(
    demo: tuple[WebWorld, Loaded], browser: Any
) -> None:

    world, loaded = demo
    admin = make_admin(world.k)
    bengt = str(loaded.persons["bengt"])
    actions = actions_of(world, bengt)
    ui.sign_in_with_keyboard(browser, world.link(admin))

    ui.follow(browser, 'nav a[href="/admin/people"]')
    ui.follow(browser, f'main a[href="/admin/people/{bengt}"]', presses=80)
    assert "Personuppgifter" in ui.main_text(browser)
    ui.check_page(browser, "privacy-person")

    ui.follow(browser, f'main a[href="/admin/people/{bengt}/record"]', presses=150)
    text = ui.main_text(browser)
    assert "Registerutdrag: Bengt Stavenow" in text
    assert email_of("Bengt Stavenow") in text and "Innovation Skåne" in text
    did = text.split("Det personen har gjort", 1)[1].split("Det andra har gjort", 1)[0]
    for position in actions:
        assert f"Nr {position} " in did, position
    ui.check_page(browser, "privacy-record")

    ui.follow(browser, f'main a[href="/admin/people/{bengt}/forget"]', presses=40)
    text = ui.main_text(browser)
    assert "Glöm Bengt Stavenow?" in text
    assert "Det här tas bort" in text and "Det här tas inte bort" in text
    ui.check_page(browser, "privacy-forget")

    ui.follow(browser, "main button.danger", presses=40)
    text = ui.main_text(browser)
    assert f"Registerutdrag: {ERASED_NAME}" in text
    assert "Bengt Stavenow" not in text and email_of("Bengt Stavenow") not in text
    assert "Personen är glömd" in text
    ui.check_page(browser, "privacy-forgotten")

    verdict = world.k.audit.verify(None)
    assert verdict.ok, verdict
