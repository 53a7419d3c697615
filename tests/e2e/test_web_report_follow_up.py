"""The återrapportering page with Värmland's plan (the demo's, seed 002):
a fund coordinator who is the plan arena's secretary chooses the plan, sees
its follow-up beside the ledger, downloads the workbook with a sheet per
part and submits the report with its plan; one outside the plan's arena is
refused the plan. In headless Chromium too, checked with axe-core and
photographed into var/screenshots/funds-report-plan*."""

from __future__ import annotations

import io
import json
import re
import time
from collections.abc import Iterator
from datetime import datetime
from functools import partial
from typing import Any
from uuid import UUID

import pytest
from openpyxl import load_workbook

from domain import commands as c
from domain.plans import commands as p
from domain.plans.values import focus_area_id
from samverka import demo_plan_data as v
from samverka.demo import Loaded
from samverka.demo_plan import PlanDemo
from services.i18n import STOCKHOLM
from tests.e2e.browser.driver import check_page, navigating, sign_in_with_keyboard
from tests.e2e.test_web_funds import funds
from tests.e2e.web_world import (
    SYSTEM,
    WebWorld,
    container,
    demo,
    notifier,
    post_form,
    settings,
)

__all__ = ["container", "demo", "funds", "notifier", "settings"]


@pytest.fixture
def planned(funds: tuple[WebWorld, Loaded, str]) -> Iterator[tuple[WebWorld, str, str]]:
    """The demo's funds and Värmland's plan; the fund coordinator is the
    secretary of the plan's arena. The plan's id."""
    world, _loaded, fund = funds
    k = world.k
    PlanDemo(k.app).load()
    k.projector.catch_up()
    plan_id = k.plans.plan_id_by_code(v.PLAN_CODE)
    assert plan_id is not None
    plan = k.plans.get_plan(plan_id)
    assert plan is not None
    yield world, fund, plan_id
    del plan


def _join(world: WebWorld, plan_id: str, person: str) -> None:
    k = world.k
    plan = k.plans.get_plan(plan_id)
    assert plan is not None
    k.app.execute(
        c.AddMember(arena_id=plan["arena_id"], person_id=person, role="secretary"), SYSTEM
    )
    k.projector.catch_up()


def test_the_report_page_with_the_plans_follow_up(planned: tuple[WebWorld, str, str]) -> None:
    world, fund, plan_id = planned
    with world.session(fund) as client:
        page = client.get("/funds/report?year=2024")
        assert page.status_code == 200 and 'name="plan"' not in page.text  # not hers to read
        assert client.get(f"/funds/report?year=2024&plan={plan_id}").status_code == 403
        as_of = {"year": 2024, "plan": plan_id, "day": "2024-06-01"}
        assert client.get("/funds/report/as-of", params=as_of).status_code == 403
    _join(world, plan_id, fund)
    with world.session(fund) as client:
        page = client.get("/funds/report?year=2024").text
        assert 'name="plan"' in page and "Plan för god psykisk hälsa" in page
        assert "Uppföljning 2024" not in page  # the ledger only until a plan is chosen
        page = client.get(f"/funds/report?year=2024&plan={v.PLAN_CODE}")
        assert page.status_code == 200
        assert "Enkäten 2024: " in page.text and "Tidig upptäckt" in page.text
        assert f"format=xlsx&amp;plan={plan_id}" in page.text
        assert client.get("/funds/report?year=2024&plan=ingen").status_code == 404
        as_of = {"year": 2024, "plan": "ingen", "day": "2024-06-01"}
        assert client.get("/funds/report/as-of", params=as_of).status_code == 404

        got = client.get(
            "/funds/report/download", params={"year": 2024, "format": "json", "plan": plan_id}
        )
        report = json.loads(got.content)
        assert report["follow_up"]["plan"]["code"] == v.PLAN_CODE
        sheet = client.get(
            "/funds/report/download", params={"year": 2024, "format": "xlsx", "plan": plan_id}
        )
        book = load_workbook(io.BytesIO(sheet.content))
        survey = list(book["Enkäten"].iter_rows(values_only=True))
        heads = survey[0]
        first = report["follow_up"]["areas"][0]["survey"]["questions"][0]
        (row,) = [r for r in survey[1:] if r[heads.index("Fråga")] == first["id"]]
        counts = first["this_year"]["counts"]
        assert [row[heads.index(x)] for x in ("Ja", "Delvis", "Nej")] == [
            counts["ja"],
            counts["delvis"],
            counts["nej"],
        ]

        form = page.text
        to_department = {"year": "2024", "recipient": "Socialdepartementet", "on": "2025-02-15"}
        submitted = post_form(client, form, "/funds/report/submissions", **to_department)
        assert submitted.status_code == 303, submitted.text
        assert f"plan={plan_id}" in submitted.headers["location"]
    (row,) = [r for r in world.k.funds.list_submissions(year=2024) if r["plan_id"]]
    assert row["plan_id"] == plan_id and row["recipient"] == "Socialdepartementet"
    assert world.k.reports.submission_diff(row)["reproduced"] is True

    # A narrative rewritten afterwards: the submission's page says the follow-up changed.
    # (The event store stamps events with the machine's clock; a moment to the second.)
    before = datetime.now(STOCKHOLM)
    time.sleep(1.1)
    area = focus_area_id(UUID(plan_id), "IO2")
    narrative = p.WriteNarrative(plan_id=UUID(plan_id), area_id=area, year=2024, done="Senare")
    world.k.app.execute(narrative, SYSTEM)
    world.k.projector.catch_up()
    with world.session(fund) as client:
        shown = client.get(f"/funds/report/submissions/{row['id']}").text
        assert "Planens uppföljning ändrad sedan" in shown and "IO2: berättelsen" in shown
        # And the page as it was known before it: the narrative then, what changed since.
        then = client.get(
            "/funds/report/as-of",
            params={
                "year": 2024,
                "plan": plan_id,
                "day": before.date().isoformat(),
                "time": before.strftime("%H:%M:%S"),
            },
        )
        assert then.status_code == 200, then.text
        assert "Planens uppföljning ändrad sedan" in then.text and "IO2: berättelsen" in then.text
        assert f'name="plan" value="{plan_id}"' in then.text


def test_the_report_with_a_plan_in_the_browser(
    planned: tuple[WebWorld, str, str], browser: Any
) -> None:
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    world, fund, plan_id = planned
    _join(world, plan_id, fund)
    sign_in_with_keyboard(browser, world.link(fund))
    browser.get(f"{world.base}/funds/report?year=2024")
    Select(browser.find_element("id", "report-plan")).select_by_value(plan_id)
    button = browser.find_element("css selector", 'form[action="/funds/report"] button')
    navigating(browser, partial(button.send_keys, Keys.ENTER))
    main = browser.find_element("tag name", "main").text
    assert "Uppföljning 2024: Plan för god psykisk hälsa" in main
    assert re.search(r"Enkäten 2024: \d+ av 17 organisationer har svarat", main)
    check_page(browser, "funds-report-plan")
