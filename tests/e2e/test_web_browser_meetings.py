"""Mötesserier and Mötet in headless Chromium: a moderator schedules a
series (the preview shows the holidays) and the invitations reach the mail
outbox with the series' rule; a secretary runs a meeting with the keyboard
only (attendance, a note, a decision, an action item), another page sees it
within seconds, and closing it sends the minutes. Every page and state is
checked with axe-core at desktop and phone width and photographed into
var/screenshots/."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any
from uuid import UUID

import icalendar
import pytest

from domain.meetings import commands as m
from domain.meetings import minutes as n
from samverka.demo import Loaded
from samverka.notifiers import email_notifier
from scheduler.config import SchedulerConfig
from scheduler.dispatch import Dispatcher
from scheduler.jobs import JobRunner
from services.notifications import FakeNotifier, RoutingNotifier
from tests.e2e.browser import driver as ui
from tests.e2e.web_world import SYSTEM, WebWorld, container, demo, notifier, settings

# The fixtures used here (the browser's are in conftest.py): the demo world served.
__all__ = ["container", "demo", "notifier", "settings"]

DURING = datetime(2026, 11, 10, 11, 5, tzinfo=UTC)  # 12:05 in Stockholm, a meeting day
MEETING_DAY = "2026-11-10"


def _wait(browser: Any, until: Callable[[Any], object], timeout: float = 10) -> None:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # htmx replaces the parts it polls or swaps: a part read as it goes is read again.
    wait = WebDriverWait(browser, timeout, ignored_exceptions=(StaleElementReferenceException,))
    wait.until(until)


def _shows(css: str, text: str) -> Callable[[Any], bool]:
    return lambda d: text in d.find_element("css selector", css).text


def _keys(browser: Any, *pressed: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(browser).send_keys(*pressed).perform()


def _tab_to(browser: Any, css: str, presses: int = 150) -> Any:
    """Presses Tab until the element has the focus (and shows a focus ring)."""
    from selenium.webdriver.common.keys import Keys

    wanted = browser.find_element("css selector", css)
    for _ in range(presses):
        _keys(browser, Keys.TAB)
        if browser.switch_to.active_element == wanted:
            ring = browser.execute_script(
                "return getComputedStyle(arguments[0]).outlineStyle !== 'none'", wanted
            )
            assert ring, f"{css} shows no focus ring"
            return wanted
    pytest.fail(f"{css} cannot be reached with Tab")


def _type_date(browser: Any, day: str) -> None:
    """Types an ISO date into the focused date field in the browser's own order."""
    year, month, date_ = day.split("-")
    order = browser.execute_script(
        "return new Intl.DateTimeFormat().formatToParts(new Date(2026, 10, 20))"
        ".filter(p => p.type !== 'literal').map(p => p.type)"
    )
    parts = {"year": year, "month": month, "day": date_}
    _keys(browser, *[parts[p] for p in order])


def _outbox(world: WebWorld, folder: Path, key: str) -> list[email.message.EmailMessage]:
    """Runs the scheduler's job `key` and its dispatcher, e-mail going to the
    .eml outbox in `folder` as `make run` has it; the messages written."""
    k = world.k
    settings = k.settings.model_copy(update={"outbox_dir": str(folder)})
    mail = email_notifier(settings, k.plan, k.clock.now)
    assert mail is not None
    routes = RoutingNotifier({"email": mail}, fallback=FakeNotifier())
    cfg = SchedulerConfig()
    k.projector.catch_up()
    JobRunner(k.app, k.engines, k.projector, k.clock.now, cfg).run(key)
    Dispatcher(k.app, k.engines, k.projector, routes, k.clock.now, cfg).run_once()
    found = []
    for path in sorted((folder / "mail").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(message, email.message.EmailMessage)
        found.append(message)
    return found


def test_a_moderator_schedules_a_series(
    demo: tuple[WebWorld, Loaded], browser: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.support.ui import Select

    world, loaded = demo
    ui.sign_in_with_keyboard(browser, world.link(world.moderator))
    ui.navigating(browser, browser.find_element("link text", "Mötesserier").click)
    assert browser.find_element("tag name", "h1").text == "Mötesserier"
    assert "varannan tisdag kl. 12:00–12:30" in ui.main_text(browser)
    ui.check_page(browser, "series-list")
    ui.navigating(browser, browser.find_element("link text", "Ny mötesserie").click)
    ui.check_page(browser, "series-new")

    # Without a title the form comes back with the error at the field.
    ui.navigating(browser, browser.find_element("css selector", "button[value=save]").click)
    title = browser.find_element("id", "title")
    assert title.get_attribute("aria-invalid") == "true"
    assert browser.find_element("id", "title-error").text == "Fyll i fältet."
    ui.check_page(browser, "series-new-error")

    browser.find_element("id", "title").send_keys("Samordning inför jul")
    Select(browser.find_element("id", "interval_weeks")).select_by_visible_text("Varje vecka")
    _wait(browser, _shows("#preview", "varje tisdag"))
    Select(browser.find_element("id", "weekday")).select_by_visible_text("torsdag")
    _wait(browser, _shows("#preview", "varje torsdag kl. 12:00–12:30"))
    preview = browser.find_element("id", "preview").text
    assert "24 dec 2026 är Julafton: flyttas till mån 28 dec 12:00" in preview
    assert "31 dec 2026 är Nyårsafton: flyttas till mån 4 jan 12:00" in preview
    amanda, anna = loaded.persons["amanda"], loaded.persons["anna"]
    browser.find_element("id", f"invite-{amanda}").click()
    browser.find_element("id", f"invite-{anna}").click()
    Select(browser.find_element("id", "secretary_id")).select_by_visible_text("Amanda Romare")
    ui.check_page(browser, "series-new-preview")
    ui.navigating(browser, browser.find_element("css selector", "button[value=save]").click)
    main = ui.main_text(browser)
    assert "Mötesserien är sparad" in main and "varje torsdag kl. 12:00–12:30" in main
    assert "Amanda Romare" in main and "Anna Jonsson" in main
    ui.check_page(browser, "series")

    series_id = browser.current_url.rsplit("/", 1)[-1].split("?")[0]
    series = world.k.meetings.get_series(series_id)
    assert series is not None
    sent = _outbox(world, tmp_path, f"series:{series_id}:invite:r{series['schedule_revision']}")
    invitations = [m for m in sent if "Samordning inför jul" in str(m["Subject"])]
    assert invitations, "no invitation in the outbox"
    invitation = invitations[0]
    body = invitation.get_body(preferencelist=("plain",))
    assert body is not None and "varje torsdag kl. 12:00–12:30" in body.get_content()
    part = next(p for p in invitation.walk() if p.get_content_type() == "text/calendar")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    event = next(iter(icalendar.Calendar.from_ical(payload).walk("VEVENT")))
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["TH"]
    assert rule.get("INTERVAL", [1]) == [1]
    assert event["DTSTART"].dt.hour == 12 and event["SUMMARY"] == "Samordning inför jul"


def test_a_secretary_runs_a_meeting_with_the_keyboard(
    demo: tuple[WebWorld, Loaded], browser: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.keys import Keys

    world, loaded = demo
    k = world.k
    k.clock.set(DURING)  # type: ignore[attr-defined]
    sid = loaded.series["272"]
    bengt, amanda = loaded.persons["bengt"], loaded.persons["amanda"]
    ui.sign_in_with_keyboard(browser, world.link(world.member))  # Amanda, the secretary
    browser.get(f"{world.base}/series/{sid}/meetings/{MEETING_DAY}")
    assert "Välkommen och kort presentationsrunda" in browser.find_element("id", "record").text
    ui.check_page(browser, "meeting")

    # Attendance: ticked with Space, saved at once.
    _tab_to(browser, f"#present-{bengt}")
    _keys(browser, Keys.SPACE)
    _wait(browser, _shows("#record", "Närvarande (1)"))
    _tab_to(browser, f"#present-{amanda}")
    _keys(browser, Keys.SPACE)
    _wait(browser, _shows("#record", "Närvarande (2)"))
    assert "Närvaron är sparad." in browser.find_element("id", "save-status").text

    _tab_to(browser, "#note-text")
    _keys(browser, "Umo visade sin nya sida.", Keys.ENTER)
    _wait(browser, _shows("#record", "Umo visade sin nya sida."))

    _tab_to(browser, "#decision-text")
    _keys(browser, "Vi bjuder in Umo till nästa möte.", Keys.TAB, "Alla vill höra mer", Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("id") == "decision-save"
    _keys(browser, Keys.ENTER)
    _wait(browser, _shows("#record", "Vi bjuder in Umo till nästa möte."))

    _tab_to(browser, "#action-text")
    _keys(browser, "Boka lokal", Keys.TAB, "Bengt", Keys.TAB)
    _type_date(browser, "2026-11-20")
    assert browser.find_element("id", "action-due").get_attribute("value") == "2026-11-20"
    _tab_to(browser, "#action-save", presses=3)  # past the date's own parts
    _keys(browser, Keys.ENTER)
    _wait(browser, _shows("#record", "Boka lokal – Bengt Stavenow, senast 20 nov 2026"))
    ui.check_page(browser, "meeting-during")

    # Someone else adds a note (here from Slack) and ticks Anna: the open
    # page shows both by polling, and the focus stays on the box it was on.
    anna = loaded.persons["anna"]
    _tab_to(browser, f"#present-{bengt}")
    k.app.execute(
        m.RecordAttendance(
            series_id=sid, occurrence_date=date.fromisoformat(MEETING_DAY), present=[anna]
        ),
        SYSTEM,
    )
    k.app.execute(
        n.AddMeetingNote(
            series_id=sid,
            occurrence_date=datetime.fromisoformat(MEETING_DAY).date(),
            text="Anteckning från Slack",
        ),
        SYSTEM,
    )
    _wait(browser, _shows("#record", "Anteckning från Slack"), timeout=15)
    _wait(browser, lambda d: d.find_element("id", f"present-{anna}").is_selected(), timeout=15)
    assert browser.switch_to.active_element.get_attribute("id") == f"present-{bengt}"
    browser.get(f"{world.base}/series/{sid}/meetings/{MEETING_DAY}/wall")  # the projector
    assert "Boka lokal" in browser.find_element("id", "record").text
    ui.check_page(browser, "meeting-wall")
    browser.back()

    _tab_to(browser, ".close-form summary")
    _keys(browser, Keys.ENTER)  # opens the confirmation
    ui.check_page(browser, "meeting-closing")
    close = _tab_to(browser, "#close button", presses=3)
    ui.navigating(browser, partial(close.send_keys, Keys.ENTER))
    assert "Mötet är stängt" in ui.main_text(browser)
    assert not browser.find_elements("id", "close")
    ui.check_page(browser, "meeting-closed")

    page = k.meetings.meeting_on(sid, datetime.fromisoformat(MEETING_DAY).date())
    assert page is not None and page["state"] == "closed"
    assert page["summary"]["present"] == sorted([str(bengt), str(amanda), str(anna)])
    sent = _outbox(world, tmp_path, f"meeting:{sid}:{MEETING_DAY}:minutes")
    minutes = [m for m in sent if "Vi bjuder in Umo" in _text(m)]
    assert minutes, "the minutes did not go out"
    assert "Boka lokal" in _text(minutes[0])


def _text(message: email.message.EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    return body.get_content() if body is not None else ""


def test_a_member_is_not_shown_the_series(demo: tuple[WebWorld, Loaded], browser: Any) -> None:
    world, loaded = demo
    anna = str(loaded.persons["anna"])
    if UUID(anna) in (UUID(world.moderator), UUID(world.member)):
        pytest.skip("the demo's member is a secretary")
    ui.sign_in_with_keyboard(browser, world.link(anna))
    assert not browser.find_elements("link text", "Mötesserier")
    browser.get(f"{world.base}/series")
    assert browser.find_element("tag name", "h1").text == "Det gick inte"
    ui.check_page(browser, "series-refused")


def test_a_secretary_cancels_a_meeting_and_answers_the_evaluation(
    demo: tuple[WebWorld, Loaded], browser: Any
) -> None:
    world, loaded = demo
    sid = loaded.series["272"]
    ui.sign_in_with_keyboard(browser, world.link(world.member))  # Amanda, the arena's secretary
    ui.navigating(browser, browser.find_element("link text", "Mötesserier").click)
    link = browser.find_element("partial link text", "Mötessidan: tis 10 nov 12:00")
    assert link.get_attribute("href").endswith(f"/series/{sid}/meetings/2026-11-10")
    browser.get(f"{world.base}/series/{sid}")
    assert "Mötesserien har haft 3 möten" in browser.find_element("id", "main").text
    ui.check_page(browser, "series-evaluation")

    browser.find_element("css selector", ".meetings details summary").click()
    ui.check_page(browser, "series-move-open")
    reason = browser.find_element("id", "cancel-2026-11-10-reason")
    reason.send_keys("Krockar med länsträffen")
    ui.navigating(browser, browser.find_element("css selector", ".meetings details .danger").click)
    main = browser.find_element("id", "main").text
    assert "Mötet är inställt" in main and "Krockar med länsträffen" in main

    browser.find_element("id", "eval-change").click()
    browser.find_element("id", "eval-comment").send_keys("Kortare möten")
    ui.navigating(browser, browser.find_element("css selector", ".evaluation button").click)
    main = browser.find_element("id", "main").text
    assert "Fortsätta, med ändringar – Kortare möten" in main
    ui.check_page(browser, "series-evaluated")
    series = world.k.meetings.get_series(str(sid))
    assert series is not None and series["overrides"]["2026-11-10"]["state"] == "cancelled"


def test_a_moderator_schedules_a_series_with_the_keyboard_only(
    demo: tuple[WebWorld, Loaded], browser: Any
) -> None:
    """The same as above with Tab, Enter, Space and typing only: selects are
    chosen by typing the option's first letters, checkboxes with Space."""
    from selenium.webdriver.common.keys import Keys

    world, loaded = demo
    amanda = loaded.persons["amanda"]
    ui.sign_in_with_keyboard(browser, world.link(world.moderator))
    ui.follow(browser, 'nav a[href="/series"]')
    ui.follow(browser, 'main a[href="/series/new"]', presses=60)
    assert browser.find_element("tag name", "h1").text == "Ny mötesserie"
    ui.tab_to(browser, "#title", presses=40)
    ui.keys(browser, "Samordning med tangentbord")
    ui.tab_to(browser, "#weekday", presses=60)
    ui.keys(browser, "torsdag")
    assert ui.focused(browser, "value") == "3"  # Monday is 0
    ui.tab_to(browser, "#interval_weeks", presses=60)
    ui.keys(browser, "Varje")
    _wait(browser, _shows("#preview", "varje torsdag"))
    ui.tab_to(browser, "#secretary_id", presses=60)
    ui.keys(browser, "Amanda")
    ui.tab_to(browser, f"#invite-{amanda}", presses=120)
    ui.keys(browser, Keys.SPACE)
    assert browser.find_element("id", f"invite-{amanda}").is_selected()
    ui.follow(browser, "button[value=save]", presses=150)
    main = ui.main_text(browser)
    assert "Mötesserien är sparad" in main and "varje torsdag kl. 12:00–12:30" in main
    assert "Amanda Romare" in main
    ui.check_page(browser, "series-keyboard")
    series_id = browser.current_url.rsplit("/", 1)[-1].split("?")[0]
    series = world.k.meetings.get_series(series_id)
    assert series is not None and series["secretary_id"] == str(amanda)
