"""Medel over real HTTP, on the demo's joint funds of Dalarna: a fund
coordinator reads the grants, books, spends and corrects a line from its own
form; a refused ledger rule is shown at its field in Swedish; a member gets
403 and nothing is recorded; a form without its CSRF token is refused."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any, cast

import httpx
import pytest
from openpyxl import load_workbook

from domain.access import ApiRole
from projections.funds import tables as ft
from samverka.demo import Loaded
from samverka.demo_funds import FundDemo, submission
from services.reports import ReportQuery
from tests.e2e.web_world import *  # noqa: F403 (the world's fixtures)
from tests.e2e.web_world import (
    SYSTEM,
    WebWorld,
    csrf_of,
    followed,
    give_role,
    post_form,
    saved,
    settings,
)

__all__ = ["settings"]  # the fixtures used here


@pytest.fixture
def funds(demo: tuple[WebWorld, Loaded]) -> Iterator[tuple[WebWorld, Loaded, str]]:
    """The demo with its funds, and the demo's fund coordinator holding the role."""
    world, loaded = demo
    k = world.k
    fund = str(loaded.persons["fund"])
    FundDemo(k, loaded.initiatives, fund).load()
    give_role(k, loaded.persons["fund"], ApiRole.FUND_COORDINATOR)
    yield world, loaded, fund


@pytest.fixture
def coordinator(funds: tuple[WebWorld, Loaded, str]) -> Iterator[tuple[WebWorld, httpx.Client]]:
    """The demo's fund coordinator, signed in."""
    world, _loaded, fund = funds
    with world.session(fund) as client:
        yield world, client


def _entries(world: WebWorld) -> int:
    with world.k.engines.read.connect() as conn:
        return len(conn.execute(ft.fund_entries.select()).all())


def _grant_link(html: str, area: str) -> str:
    found = re.search(r'href="(/funds/grants/[0-9a-f-]+)">' + area + "<", html)
    assert found, f"no grant {area} on the page"
    return found.group(1)


def book(client: httpx.Client, grant: str, page: str, initiative: str) -> str:
    """Books 125 000 kr of the grant for `initiative`, from the grant's `page`;
    the page that leads to."""
    booking = {"amount": "125 000", "initiative_id": initiative, "activity": ""}
    return followed(
        client, post_form(client, page, f"{grant}/entries/booking", **booking, on="2022-02-01")
    )


def test_a_fund_coordinator_books_spends_and_corrects(
    funds: tuple[WebWorld, Loaded, str], coordinator: tuple[WebWorld, httpx.Client]
) -> None:
    _world, loaded, _fund = funds
    world, client = coordinator
    home = client.get("/").text
    assert 'href="/funds"' in home
    listing = client.get("/funds")
    assert listing.status_code == 200
    assert "DEMO-ÖK-PH-2021/2022" in listing.text and "Bidrag 2022" in listing.text
    assert "3 850 000 kr" in listing.text  # samsjuklighet per year
    grant = _grant_link(listing.text, "Brukarmedverkan")
    page = client.get(grant).text
    assert "Huvudbok" in page and "Rekvisition 2021 brukarmedverkan" in page
    if "2022" not in page.split("<h1>", 1)[1].split("</h1>")[0]:
        grant = _grant_link(listing.text.split("Bidrag 2022", 1)[1], "Brukarmedverkan")
        page = client.get(grant).text
    initiative = str(loaded.initiatives["dal4b"])
    before = _entries(world)

    page = book(client, grant, page, initiative)
    assert "Sparat." in page and "125 000 kr" in page
    booking = re.search(r'<option value="([0-9a-f]+)">', page)
    assert booking

    page = saved(
        client,
        page,
        f"{grant}/entries/expenditure",
        booking_id=booking.group(1),
        amount="1 250,50",
        on="2022-02-10",
        voucher="VER-2022-BRUK-01",
    )
    assert "1 250,50 kr" in page and "VER-2022-BRUK-01" in page
    assert "123 749,50 kr" in page  # left on the booking
    line = re.search(
        r'action="(' + grant + r'/lines/([0-9a-f]+)/reverse)"',
        page.split("VER-2022-BRUK-01", 1)[1],
    )
    assert line, "the expenditure's line offers its correction"

    page = saved(client, page, line.group(1), reason="Fel verifikation", on="2022-02-11")
    assert "Rättelse" in page and "Fel verifikation" in page
    assert "125 000 kr" in page.split("Bokningar", 1)[1].split("</section>", 1)[0]
    assert _entries(world) == before + 3


def test_a_refused_rule_is_shown_at_its_field_in_swedish(
    coordinator: tuple[WebWorld, httpx.Client],
) -> None:
    world, client = coordinator
    listing = client.get("/funds").text
    grant = _grant_link(listing, "Brukarmedverkan")
    page = client.get(grant).text
    before = _entries(world)
    too_much = post_form(
        client,
        page,
        f"{grant}/entries/booking",
        amount="7,7 mnkr",
        activity="Utbildning",
        on="2021-03-01",
    )
    assert too_much.status_code == 422
    assert 'id="booking-amount-error"' in too_much.text
    error = too_much.text.split('id="booking-amount-error"', 1)[1][:120]
    assert "Bokning: bara 0 kr av bidraget är obokat." in error
    assert 'aria-invalid="true"' in too_much.text
    requisition = f"{grant}/entries/requisition"
    garbled = post_form(client, page, requisition, amount="mycket", on="2021-03-01")
    assert garbled.status_code == 422 and 'id="requisition-amount-error"' in garbled.text
    assert "7 700 000" in garbled.text.split('id="requisition-amount-error"', 1)[1][:200]
    booking = re.search(
        r'action="(' + grant + r'/lines/([0-9a-f]+)/reverse)"',
        page.split("Huvudbok", 1)[1].split("Bokning", 1)[1],
    )
    assert booking, "the 2021 booking's line offers its correction"
    in_use = post_form(client, page, booking.group(1), reason="Fel", on="2021-03-01")
    assert in_use.status_code == 422
    error = in_use.text.split(f'id="reverse-{booking.group(2)}-reason-error"', 1)[1][:120]
    assert "Bokningen har utgifter eller frigjorda belopp; rätta dem först" in error
    assert _entries(world) == before


def _requisition_refused(world: WebWorld, client: httpx.Client, grant: str, **form: str) -> None:
    """A requisition of 100 kr sent with the hidden fields `form` is refused
    (403), and nothing is recorded."""
    before = _entries(world)
    refused = client.post(
        f"{grant}/entries/requisition", data={**form, "amount": "100", "on": "2021-03-01"}
    )
    assert refused.status_code == 403
    assert _entries(world) == before


def test_a_member_is_refused_and_nothing_is_recorded(
    coordinator: tuple[WebWorld, httpx.Client],
) -> None:
    world, fund_coordinator = coordinator
    grant = _grant_link(fund_coordinator.get("/funds").text, "Brukarmedverkan")
    with world.session(world.member) as client:
        assert 'href="/funds"' not in client.get("/").text
        assert client.get("/funds").status_code == 403
        assert client.get(grant).status_code == 403
        token = csrf_of(client.get("/").text)
        _requisition_refused(world, client, grant, csrf=token, form_id="x" * 16)


def test_a_form_without_its_csrf_token_is_refused(
    coordinator: tuple[WebWorld, httpx.Client],
) -> None:
    world, client = coordinator
    grant = _grant_link(client.get("/funds").text, "Brukarmedverkan")
    _requisition_refused(world, client, grant, form_id="y" * 16)


def test_the_report_on_screen_and_its_downloads(
    coordinator: tuple[WebWorld, httpx.Client],
) -> None:
    world, client = coordinator
    page = client.get("/funds/report?year=2021")
    assert page.status_code == 200
    assert "Återrapportering 2021" in page.text and "Bostad Först i Borlänge" in page.text
    assert "VER-2021-SAMS-02" in page.text  # the correction after the submission
    for fmt in ("xlsx", "csv", "html", "json"):
        assert f"/funds/report/download?year=2021&amp;format={fmt}" in page.text
    got = client.get("/funds/report/download", params={"year": 2021, "format": "json"})
    assert got.status_code == 200
    assert 'filename="aterrapportering-2021.json"' in got.headers["content-disposition"]
    report = json.loads(got.content)
    assert report["totals"]["spent"] == 6_372_500_00
    sheet = client.get("/funds/report/download", params={"year": 2021, "format": "xlsx"})
    assert sheet.status_code == 200
    book = load_workbook(io.BytesIO(sheet.content))
    cells = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
    assert report["totals"]["spent"] / 100 in cells
    with world.session(world.member) as member:
        assert member.get("/funds/report?year=2021").status_code == 403
        denied = member.get("/funds/report/download", params={"year": 2021, "format": "json"})
        assert denied.status_code == 403


def test_the_report_submitted_and_its_difference_from_now(
    coordinator: tuple[WebWorld, httpx.Client],
) -> None:
    world, client = coordinator
    page = client.get("/funds/report?year=2021").text
    # The demo's 2021 report, submitted on 31 January 2022, then corrected.
    demo = re.search(r'href="(/funds/report/submissions/[0-9a-f-]+)">Inlämnad till SKR', page)
    assert demo
    diff = client.get(demo.group(1))
    assert diff.status_code == 200
    assert "VER-2021-SAMS-02" in diff.text and "150 000 kr" in diff.text
    empty = post_form(client, page, "/funds/report/submissions", year="2021", on="")
    assert empty.status_code == 422 and 'id="submit-recipient-error"' in empty.text
    page = _submit_2021_to_skr(client, page)
    assert "Sparat." in page and "Inlämnad till SKR den 15 feb 2022" in page
    latest = re.findall(r'href="(/funds/report/submissions/[0-9a-f-]+)"', page)[-1]
    assert "Inget har ändrats sedan dess." in client.get(latest).text
    with world.session(world.member) as member:
        assert member.get(latest).status_code == 403


def _report_2021(client: httpx.Client) -> dict[str, Any]:
    """The 2021 report as downloaded now, in JSON."""
    got = client.get("/funds/report/download", params={"year": 2021, "format": "json"})
    return cast(dict[str, Any], json.loads(got.content))


def _submit_2021_to_skr(client: httpx.Client, page: str) -> str:
    """Submits the 2021 report (from its page) to SKR on 15 February 2022;
    the page it leads to."""
    to_skr = {"year": "2021", "recipient": "SKR", "on": "2022-02-15"}
    return saved(client, page, "/funds/report/submissions", **to_skr)


def _correct_a_line(client: httpx.Client, grant: str) -> str:
    """Corrects the first line of the grant that may be corrected; its voucher."""
    page = client.get(grant).text
    for action, _entry in re.findall(r'action="(' + grant + r'/lines/([0-9a-f]+)/reverse)"', page):
        answer = post_form(client, page, action, reason="Fel belopp", on="2022-03-01")
        if answer.status_code == 303:
            return action
    raise AssertionError("no line of the grant could be corrected")


def test_a_submission_is_kept_as_submitted_after_later_corrections(
    coordinator: tuple[WebWorld, httpx.Client],
) -> None:
    world, client = coordinator
    page = client.get("/funds/report?year=2021").text
    before = _report_2021(client)
    page = _submit_2021_to_skr(client, page)
    latest = re.findall(r'href="(/funds/report/submissions/[0-9a-f-]+)"', page)[-1]

    # Later corrections to the year's ledger.
    grant = _grant_link(client.get("/funds").text, "Samsjuklighet")
    _correct_a_line(client, grant)

    shown = client.get(latest).text
    assert "Sparad som inlämnad" in shown and "ja: läses som den lämnades in" in shown
    assert "<dt>Återskapad ur loggen</dt><dd>ja</dd>" in shown
    assert "Rader ändrade sedan" in shown and "rättad sedan dess" in shown
    kept = client.get(f"{latest}/report.json")
    assert kept.status_code == 200
    assert hashlib.sha256(kept.content).hexdigest() == before["report_sha256"]
    as_submitted = json.loads(kept.content)
    assert as_submitted == {k: v for k, v in before.items() if k != "report_sha256"}
    now = _report_2021(client)
    assert now["report_sha256"] != before["report_sha256"]

    # A submission recorded before reports were kept (no document in its
    # event) is reproduced from the log instead.
    report = world.k.reports.compute(ReportQuery(2021))
    kept_too = submission(report, date(2022, 3, 2), "Socialstyrelsen")
    older = kept_too.model_copy(update={"document": None})
    old_id = world.k.app.execute(older, SYSTEM).aggregate_id
    world.k.projector.catch_up()
    old = client.get(f"/funds/report/submissions/{old_id}").text
    assert "nej: inlämnad innan rapporterna sparades" in old
    assert "<dt>Återskapad ur loggen</dt><dd>ja</dd>" in old
    assert client.get(f"/funds/report/submissions/{old_id}/report.json").status_code == 404
    diff = world.k.reports.submission_diff(world.k.funds.get_submission(latest.rsplit("/", 1)[1]))
    assert diff["kept"] is True and diff["reproduced"] is True
    assert [x["now"]["reversed_by"] is not None for x in diff["changed_lines"]] == [True]


def test_a_fund_coordinator_registers_an_agreement_and_grants_funds(
    coordinator: tuple[WebWorld, httpx.Client],
) -> None:
    world, client = coordinator
    page = client.get("/funds").text
    assert 'action="/funds/agreements"' in page and 'action="/funds/grants"' in page

    def post(action: str, **fields: str) -> httpx.Response:
        fresh = client.get("/funds").text
        return post_form(client, fresh, action, **fields)

    agreement = {"reference": "S2026/01234", "title": "Psykisk hälsa 2026–2027"}
    backwards = post("/funds/agreements", **agreement, first_year="2027", last_year="2026")
    assert backwards.status_code == 422
    assert 'id="agreement-last_year-error"' in backwards.text
    assert "Perioden slutar innan den börjar." in backwards.text
    assert 'value="S2026/01234"' in backwards.text  # kept as written
    no_year = post("/funds/agreements", **agreement, first_year="i år", last_year="2027")
    assert no_year.status_code == 422
    assert "Skriv ett år, till exempel 2026." in no_year.text
    made = post("/funds/agreements", **agreement, first_year="2026", last_year="2027")
    listing = followed(client, made)
    assert made.headers["location"] == "/funds?saved=agreement#agreement"
    assert "Sparat." in listing and "S2026/01234" in listing
    again = post("/funds/agreements", **agreement, first_year="2026", last_year="2027")
    assert again.status_code == 422 and 'id="agreement-reference-error"' in again.text
    assert "En överenskommelse med det diarienumret är redan registrerad." in again.text

    new_id = re.search(r'<option value="([0-9a-f-]+)">S2026/01234 ', listing)
    assert new_id, "the new agreement is offered for grants"
    grant = {
        "agreement": new_id.group(1),
        "principal": "Region Värmland",
        "kind": "region",
        "area": "suicidprevention",
        "on": "2026-02-01",
    }
    outside = post("/funds/grants", **grant, year="2025", amount="7 700 000")
    assert outside.status_code == 422 and 'id="grant-year-error"' in outside.text
    assert "Överenskommelsen gäller 2026–2027" in outside.text
    garbled = post("/funds/grants", **grant, year="2026", amount="mycket")
    assert garbled.status_code == 422 and 'id="grant-amount-error"' in garbled.text
    joint = post("/funds/grants", **{**grant, "kind": "lansgemensamt"}, year="2026", amount="1")
    assert joint.status_code == 422 and 'id="grant-county-error"' in joint.text
    for amount, year, expected in (
        ("7,7 mnkr", "2026", "7 700 000 kr"),
        ("1 250,50", "2027", "1 250,50 kr"),
    ):
        granted = post("/funds/grants", **grant, year=year, amount=amount)
        listing = followed(client, granted)
        section = listing.split("Psykisk hälsa 2026–2027", 1)[1]
        assert "Suicidprevention" in section and expected in section
    twice = post("/funds/grants", **grant, year="2026", amount="100")
    assert twice.status_code == 422 and 'id="grant-area-error"' in twice.text
    assert "Region Värmland har redan ett bidrag för det här området 2026" in twice.text
    with world.session(world.member) as member:
        token = csrf_of(member.get("/").text)
        refused = member.post(
            "/funds/agreements",
            data={"csrf": token, "form_id": "z" * 16, **agreement, "first_year": "2026"},
        )
        assert refused.status_code == 403
