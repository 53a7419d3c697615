"""The fund ledger, återrapportering, the hash chain and erasure over real HTTP."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import httpx
import pytest
from openpyxl import load_workbook

from domain.access import ApiRole
from samverka.bootstrap import Container
from tests.e2e.server import role_clients
from tests.e2e.test_api import walk_pages

PROBLEM = "application/problem+json"


@pytest.fixture
def clients(container: Container) -> Iterator[dict[str, httpx.Client]]:
    with role_clients(
        container, ApiRole.FUND_COORDINATOR, ApiRole.AUDITOR, ApiRole.MEMBER, ApiRole.ADMIN
    ) as out:
        yield out


def spend(
    fund: httpx.Client, grant: str, booking: str, ore: int, on: str, voucher: str
) -> httpx.Response:
    """Posts an expenditure against the booking; the answer."""
    body = {"booking_id": booking, "amount_ore": ore, "spent_on": on, "voucher": voucher}
    return fund.post(f"/api/v1/funds/grants/{grant}/expenditures", json=body)


def one_year_agreement(fund: httpx.Client, year: int) -> str:
    """The id of a new agreement for one year, ÖK-<year>."""
    body = {"reference": f"ÖK-{year}", "title": f"ÖK {year}", "first_year": year, "last_year": year}
    created = fund.post("/api/v1/funds/agreements", json=body)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def suicide_prevention_grant(fund: httpx.Client, year: int, principal: str, amount: int) -> str:
    """The id of a grant for suicide prevention, decided on 15 January, in a
    new agreement for that year."""
    body = {
        "agreement_id": one_year_agreement(fund, year),
        "principal": principal,
        "area": "suicidprevention",
        "year": year,
        "amount_ore": amount,
        "decided_on": f"{year}-01-15",
    }
    created = fund.post("/api/v1/funds/grants", json=body)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def test_a_fund_coordinator_keeps_the_ledger_and_an_auditor_reads_the_report(
    clients: dict[str, httpx.Client],
) -> None:
    fund, auditor, member = clients["fund_coordinator"], clients["auditor"], clients["member"]
    agreement = fund.post(
        "/api/v1/funds/agreements",
        json={
            "reference": "DEMO-ÖK-2021",
            "title": "ÖK psykisk hälsa 2021–2022",
            "first_year": 2021,
            "last_year": 2022,
        },
    )
    assert agreement.status_code == 201, agreement.text
    grant = fund.post(
        "/api/v1/funds/grants",
        json={
            "agreement_id": agreement.json()["id"],
            "principal": "Region Dalarna",
            "principal_kind": "lansgemensamt",
            "county": "Dalarnas län",
            "area": "suicidprevention",
            "year": 2021,
            "amount_ore": 275_000_000,
            "decided_on": "2021-01-15",
        },
    )
    assert grant.status_code == 201, grant.text
    assert grant.json()["sek"]["granted"] == "2 750 000 kr"
    gid = grant.json()["id"]
    booked = fund.post(
        f"/api/v1/funds/grants/{gid}/bookings",
        json={
            "amount_ore": 275_000_000,
            "booked_on": "2021-02-19",
            "activity": "Suicidpreventionssamordnare",
        },
    )
    assert booked.status_code == 200, booked.text
    booking = booked.json()["bookings"][0]["entry_id"]
    over = fund.post(
        f"/api/v1/funds/grants/{gid}/bookings",
        json={"amount_ore": 1, "booked_on": "2021-02-19", "activity": "Mer"},
    )
    assert over.status_code == 422 and over.headers["content-type"] == PROBLEM
    assert "unbooked" in over.json()["detail"]
    spent = spend(fund, gid, booking, 261_250_000, "2021-12-20", "VER-1")
    assert spent.status_code == 200, spent.text
    assert spent.json()["sek"]["unspent"] == "137 500 kr"
    assert [line["balance_sek"] for line in spent.json()["lines"]] == [
        "2 750 000 kr",
        "2 750 000 kr",
        "137 500 kr",
    ]
    euro = fund.post(
        f"/api/v1/funds/grants/{gid}/repayments",
        json={"amount_ore": 1, "repaid_on": "2022-03-01", "currency": "EUR"},
    )
    assert euro.status_code == 422

    assert (
        member.post(
            f"/api/v1/funds/grants/{gid}/repayments",
            json={"amount_ore": 1, "repaid_on": "2022-03-01"},
        ).status_code
        == 403
    )
    assert member.get("/api/v1/reports/funds", params={"year": 2021}).status_code == 403

    report = auditor.get("/api/v1/reports/funds", params={"year": 2021})
    assert report.status_code == 200, report.text
    body = report.json()
    assert body["totals"]["spent"] == 261_250_000
    digest = auditor.get("/api/v1/audit/digest").json()
    assert body["source"]["log_position"] <= digest["position"]
    assert (
        auditor.get("/api/v1/audit/verify", params={"digest": digest["digest"]}).json()["ok"]
        is True
    )
    assert auditor.get("/api/v1/audit/verify", params={"digest": "nonsense"}).status_code == 422

    xlsx = auditor.get("/api/v1/reports/funds", params={"year": 2021, "format": "xlsx"})
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content))["Sammanställning"]
    total = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Totalt")
    assert round(total[5] * 100) == 261_250_000  # Utfall

    submitted = fund.post(
        "/api/v1/reports/funds/submissions", json={"year": 2021, "submitted_on": "2022-01-31"}
    )
    assert submitted.status_code == 201, submitted.text
    report_id = submitted.json()["id"]
    fund.post(
        f"/api/v1/funds/grants/{gid}/reversals",
        json={
            "entry_id": spent.json()["lines"][-1]["entry_id"],
            "reversed_on": "2021-12-20",
            "reason": "Fel konto",
        },
    )
    diff = auditor.get(f"/api/v1/reports/funds/submissions/{report_id}/diff")
    assert diff.status_code == 200, diff.text
    assert diff.json()["reproduced"] is True
    assert [x["kind"] for x in diff.json()["added_lines"]] == ["reversal"]
    assert {x["figure"]: x["difference"] for x in diff.json()["figures"]}["spent"] == -261_250_000


def test_money_is_a_json_integer(clients: dict[str, httpx.Client]) -> None:
    fund = clients["fund_coordinator"]
    agreement = one_year_agreement(fund, 2023)
    grant_body = {
        "agreement_id": agreement,
        "principal": "Region Värmland",
        "area": "suicidprevention",
        "year": 2023,
        "decided_on": "2023-01-15",
    }
    for amount in (True, "100", 100.0, "1e2"):
        refused = fund.post("/api/v1/funds/grants", json={**grant_body, "amount_ore": amount})
        assert refused.status_code == 422, (amount, refused.text)
        assert refused.headers["content-type"] == PROBLEM
        assert refused.json()["field"] == "amount_ore"
    grant = fund.post("/api/v1/funds/grants", json={**grant_body, "amount_ore": 100_000})
    assert grant.status_code == 201, grant.text
    gid = grant.json()["id"]
    for path, body in [
        ("bookings", {"booked_on": "2023-02-01", "activity": "Utbildning"}),
        ("requisitions", {"requisitioned_on": "2023-02-01"}),
        ("repayments", {"repaid_on": "2023-12-01"}),
    ]:
        for amount in (True, "100"):
            refused = fund.post(
                f"/api/v1/funds/grants/{gid}/{path}", json={**body, "amount_ore": amount}
            )
            assert refused.status_code == 422, (path, amount, refused.text)
            assert refused.json()["field"] == "amount_ore"
    after = fund.get(f"/api/v1/funds/grants/{gid}").json()
    assert (after["booked"], after["requisitioned"], after["repaid"]) == (0, 0, 0)


def test_text_that_looks_like_a_formula_stays_text_in_report_files(
    clients: dict[str, httpx.Client],
) -> None:
    fund, auditor = clients["fund_coordinator"], clients["auditor"]
    principal = '=HYPERLINK("http://evil.example","Klicka här")'
    grant = suicide_prevention_grant(fund, 2024, principal, 100_000)
    booked = fund.post(
        f"/api/v1/funds/grants/{grant}/bookings",
        json={"amount_ore": 50_000, "booked_on": "2024-02-01", "activity": "@SUMMA(A1:A9)"},
    )
    booking = booked.json()["bookings"][0]["entry_id"]
    spent = spend(fund, grant, booking, 20_000, "2024-03-01", "-VER-7")
    reversed_ = fund.post(
        f"/api/v1/funds/grants/{grant}/reversals",
        json={
            "entry_id": spent.json()["lines"][-1]["entry_id"],
            "reversed_on": "2024-03-02",
            "reason": "+1+1",
        },
    )
    assert reversed_.status_code == 200, reversed_.text
    texts = {principal, "@SUMMA(A1:A9)", "-VER-7", "+1+1"}

    xlsx = auditor.get("/api/v1/reports/funds", params={"year": 2024, "format": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    found = {cell.value: cell.data_type for cell in cells if cell.value in texts}
    assert found == dict.fromkeys(texts, "s")
    ledger = list(book["Huvudbok"].iter_rows(values_only=True))
    spent_column = [row[ledger[0].index("Utfall")] for row in ledger[1:]]
    assert spent_column == [0, 0, 200, -200]  # numbers, a negative one too

    # A control character a workbook cannot hold (here in the principal asked for).
    odd = auditor.get(
        "/api/v1/reports/funds", params={"year": 2024, "format": "xlsx", "principal": "x\x05"}
    )
    assert odd.status_code == 200, odd.text
    about = dict(load_workbook(io.BytesIO(odd.content))["Om rapporten"].iter_rows(values_only=True))
    assert about["Huvudman"] == "x\ufffd"

    report = auditor.get("/api/v1/reports/funds", params={"year": 2024, "format": "csv"})
    rows = list(csv.reader(io.StringIO(report.text)))
    head = rows[0]
    grant_row = next(row for row in rows if row[0] == "grant")
    assert grant_row[head.index("principal")] == "'" + principal
    lines = [row for row in rows if row[0] == "line"]
    assert {row[head.index("principal")] for row in lines} == {"'" + principal}
    assert [row[head.index("text")] for row in lines] == ["", "", "'-VER-7", "'+1+1"]
    reversal = lines[-1]
    assert reversal[head.index("kind")] == "reversal"
    assert reversal[head.index("spent_sek")] == "-200.00"  # a number, left as it is


def test_bookings_and_submissions_page_and_count_everything(
    clients: dict[str, httpx.Client],
) -> None:
    fund, auditor = clients["fund_coordinator"], clients["auditor"]
    grant = suicide_prevention_grant(fund, 2025, "Region Dalarna", 1_000_000)
    for n in range(5):
        booked = fund.post(
            f"/api/v1/funds/grants/{grant}/bookings",
            json={"amount_ore": 1_000 + n, "booked_on": "2025-02-01", "activity": f"Insats {n}"},
        )
        assert booked.status_code == 200, booked.text
    rows = walk_pages(auditor, "/api/v1/funds/bookings", 5)
    assert sorted(row["booked"] for row in rows) == [1_000, 1_001, 1_002, 1_003, 1_004]
    for day in ("2026-01-29", "2026-01-30", "2026-01-31"):
        submitted = fund.post(
            "/api/v1/reports/funds/submissions", json={"year": 2025, "submitted_on": day}
        )
        assert submitted.status_code == 201, submitted.text
    walk_pages(auditor, "/api/v1/reports/funds/submissions", 3, year=2025)


def test_an_admin_erases_a_person(clients: dict[str, httpx.Client]) -> None:
    admin, auditor = clients["admin"], clients["auditor"]
    person = admin.post(
        "/api/v1/persons", json={"name": "Karin Althen", "email": "karin@example.se"}
    )
    assert person.status_code == 201, person.text
    pid = person.json()["id"]
    assert auditor.post(f"/api/v1/persons/{pid}/forget").status_code == 403
    gone = admin.post(f"/api/v1/persons/{pid}/forget")
    assert gone.status_code == 200, gone.text
    assert (gone.json()["name"], gone.json()["email"], gone.json()["forgotten"]) == (
        "[borttagen person]",
        None,
        True,
    )
    assert admin.post(f"/api/v1/persons/{pid}/forget").status_code == 200  # again: only makes sure
    assert auditor.get("/api/v1/audit/verify").json()["ok"] is True
