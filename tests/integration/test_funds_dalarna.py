"""Dalarna's joint stimulus funds 2021 (seed 003) end to end, on SQLite and PostgreSQL:
grants, bookings, expenditures, the report submitted on 31 January 2022, a
correction recorded afterwards, and the report as known then and now."""

from __future__ import annotations

import csv
import io
import time
from datetime import UTC, date, datetime
from uuid import UUID

import pytest
from openpyxl import load_workbook

from domain import commands as c
from domain.errors import ValidationFailed
from domain.funds import commands as f
from projections.amounts import format_sek
from projections.funds import queries as fq
from projections.funds.report import ReportQuery
from projections.rebuild import rebuild
from samverka.bootstrap import Container
from samverka.demo_funds import AREAS, KR, OUTCOME_2021
from services.integrity import Digest, verify
from services.report_formats import render
from tests.integration.scenario import meta, new_year_grant

# area: (granted 2021, initiative code, booked, spent) in kronor: the demo's
# figures, half of each area's two-year sum in seed 003 granted for 2021.
FUNDS = {
    area: (total // 2, f"D4{key[-1]}", *OUTCOME_2021[area])
    for area, (total, key, _activity) in AREAS.items()
}


def run(k: Container, command: c.Command, actor: str = "system") -> UUID:
    return k.app.execute(command, meta(actor=actor, channel="cli")).aggregate_id


def spend(
    k: Container,
    grant: UUID,
    booking: str,
    kronor: int,
    spent_on: date,
    voucher: str,
    actor: str = "system",
) -> UUID:
    """Records `kronor` spent on the grant's `booking`."""
    expenditure = f.RecordExpenditure(
        grant_id=grant, booking_id=booking, amount=kronor * KR, spent_on=spent_on, voucher=voucher
    )
    return run(k, expenditure, actor)


def entry_of(k: Container, grant: UUID, kind: str, voucher: str | None = None) -> str:
    k.projector.catch_up()
    with k.engines.read.connect() as conn:
        lines = fq.get_grant(conn, str(grant))["lines"]  # type: ignore[index]
    return next(
        line["entry_id"]
        for line in lines
        if line["kind"] == kind and (voucher is None or line["voucher"] == voucher)
    )


def dalarna(k: Container) -> dict[str, UUID]:
    coordinator = str(
        run(k, c.RegisterPerson(name="Samordnare Stimulansmedel", email="s@example.se"))
    )
    arena = run(k, c.CreateArena(code="dalarna", name="Länschefsnätverket", kind="natverk"))
    initiatives = {
        code: run(
            k,
            c.CreateInitiative(
                arena_id=arena,
                code=code,
                title=f"Insats {code}",
                status="active",
                perspectives=["jamlikhet"] if code == "D4d" else [],
            ),
        )
        for _g, code, _b, _s in FUNDS.values()
    }
    run(
        k,
        c.RecordDecision(
            text="Verksamhetsplanen för BISAM 2021 godkänns.",
            decision_date=date(2020, 12, 18),
            decided_by_body="Länschefsnätverket",
            arena_id=arena,
            initiative_ids=[initiatives["D4b"]],
        ),
    )
    agreement = run(
        k,
        f.RegisterAgreement(
            reference="DEMO-ÖK-2021",
            first_year=2021,
            last_year=2022,
            title="Överenskommelse om insatser inom området psykisk hälsa och suicidprevention 2021–2022",
        ),
    )
    grants: dict[str, UUID] = {}
    for area, (granted, code, booked, spent) in FUNDS.items():
        grant = grants[area] = run(
            k,
            f.GrantFunds(
                agreement_id=agreement,
                principal="Region Dalarna",
                principal_kind="lansgemensamt",
                county="Dalarnas län",
                area=area,
                year=2021,
                amount=granted * KR,
                decided_on=date(2021, 1, 15),
            ),
            coordinator,
        )
        run(
            k,
            f.Requisition(grant_id=grant, amount=granted * KR, requisitioned_on=date(2021, 3, 31)),
            coordinator,
        )
        run(
            k,
            f.BookFunds(
                grant_id=grant,
                amount=booked * KR,
                booked_on=date(2021, 2, 19),
                initiative_id=initiatives[code],
            ),
            coordinator,
        )
        booking = entry_of(k, grant, "booking")
        spend(k, grant, booking, spent, date(2021, 12, 20), f"VER-{code}-1", coordinator)
    run(
        k,
        f.GrantFunds(
            agreement_id=agreement,
            principal="Region Dalarna",
            principal_kind="lansgemensamt",
            county="Dalarnas län",
            area="samsjuklighet",
            year=2022,
            amount=3_850_000 * KR,
            decided_on=date(2022, 1, 14),
        ),
    )
    k.projector.catch_up()
    return grants


def test_dalarna_report_as_submitted_as_known_now_and_the_difference(container: Container) -> None:
    k = container
    grants = dalarna(k)
    year = ReportQuery(2021)
    submitted = k.reports.compute(year)
    totals = submitted["totals"]
    assert totals["granted"] == 9_000_000 * KR  # 3,85 + 0,5 + 2,75 + 1,9 mnkr
    assert totals["spent"] == sum(s for _g, _c, _b, s in FUNDS.values()) * KR
    assert totals["unspent"] == totals["granted"] - totals["spent"]
    bisam = next(a for a in submitted["areas"] if a["area"] == "brukarmedverkan")
    (activity,) = bisam["activities"]
    assert activity["code"] == "D4b" and activity["status"] == "active"
    assert activity["decisions"][0]["text"].startswith("Verksamhetsplanen för BISAM")
    ungdom = next(a for a in submitted["areas"] if a["area"] == "ungdomsmottagningar")
    assert next(p for p in ungdom["perspectives"] if p["perspective"] == "jamlikhet")[
        "initiatives"
    ] == ["D4d"]

    # The report names the log position and chain link it was computed from.
    source = submitted["source"]
    assert verify(k.app.recorder, Digest(source["log_position"], source["chain_link"])).ok
    run(
        k,
        f.SubmitFundReport(
            year=2021,
            log_position=source["log_position"],
            chain_link=source["chain_link"],
            report_sha256=submitted["report_sha256"],
            submitted_on=date(2022, 1, 31),
        ),
    )
    k.projector.catch_up()
    # A recording time (the event store stamps events with the machine's
    # clock), for the report "as submitted": no date matters.
    submitted_at = datetime.now(UTC)
    time.sleep(0.01)

    # Afterwards: the samsjuklighet invoice was booked at the wrong amount. It is
    # reversed and entered again (never edited), both dated December 2021; and
    # spending in January 2022 belongs to the next report.
    grant = grants["samsjuklighet"]
    wrong = entry_of(k, grant, "expenditure", "VER-D4a-1")
    booking = entry_of(k, grant, "booking")
    run(
        k,
        f.ReverseEntry(
            grant_id=grant, entry_id=wrong, reversed_on=date(2021, 12, 20), reason="Fel belopp"
        ),
    )
    for amount, spent_on, voucher in (
        (1_205_000, date(2021, 12, 20), "VER-D4a-1b"),
        (99_000, date(2022, 1, 10), "VER-D4a-2"),
    ):
        spend(k, grant, booking, amount, spent_on, voucher)
    k.projector.catch_up()

    then = k.reports.compute(year, as_of=submitted_at)
    now = k.reports.compute(year)
    assert then["areas"] == submitted["areas"] and then["lines"] == submitted["lines"]
    assert now["totals"]["spent"] == totals["spent"] - 45_000 * KR
    assert [x["voucher"] for x in now["lines"] if x["business_date"] > "2021-12-31"] == []

    with k.engines.read.connect() as conn:
        (submission,) = fq.list_submissions(conn, year=2021)
    diff = k.reports.submission_diff(submission)
    assert diff["reproduced"] is True  # recomputed at its position, the same bytes as submitted
    assert [(x["kind"], x["amount"]) for x in diff["added_lines"]] == [
        ("reversal", 1_250_000 * KR),
        ("expenditure", 1_205_000 * KR),
    ]
    assert [x["now"]["reversed_by"] is not None for x in diff["changed_lines"]] == [True]
    assert {(x["area"], x["figure"], x["difference"]) for x in diff["figures"]} == {
        ("samsjuklighet", "spent", -45_000 * KR),
        ("samsjuklighet", "unspent", 45_000 * KR),
    }

    # The live tables rebuilt from the events give the same report.
    rebuild(k.app, k.engines)
    assert k.reports.compute(year)["report_sha256"] == now["report_sha256"]


def test_every_format_agrees_to_the_ore(container: Container) -> None:
    dalarna(container)
    report = container.reports.compute(
        ReportQuery(2021, principal="region dalarna", area="samsjuklighet")
    )
    total = report["totals"]
    assert total["granted"] == 3_850_000 * KR and len(report["areas"]) == 1

    rows = list(csv.DictReader(io.StringIO(render(report, "csv").decode())))
    (csv_total,) = [r for r in rows if r["row"] == "total"]
    for figure in ("granted", "requisitioned", "booked", "spent", "repaid", "unspent"):
        assert round(float(csv_total[f"{figure}_sek"]) * 100) == total[figure]
        assert sum(
            round(float(r[f"{figure}_sek"] or 0) * 100) for r in rows if r["row"] == "line"
        ) == (total[figure] if figure != "unspent" else 0)

    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    sheet = book["Sammanställning"]
    heads = [cell.value for cell in sheet[1]]
    (last,) = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "Totalt"]
    assert round(last[heads.index("Utfall")] * 100) == total["spent"]
    assert round(last[heads.index("Ej förbrukat")] * 100) == total["unspent"]
    assert sheet.cell(row=2, column=3).number_format == '#,##0.00 "kr"'
    about = {r[0]: r[1] for r in book["Om rapporten"].iter_rows(values_only=True)}
    assert about["Loggposition"] == report["source"]["log_position"]
    assert about["Rapportens SHA-256"] == report["report_sha256"]

    page = render(report, "html").decode()
    assert format_sek(total["spent"]) in page and "3 850 000 kr" in page


def test_the_ledger_refuses_what_breaks_its_rules(container: Container) -> None:
    grants = dalarna(container)
    grant = grants["brukarmedverkan"]  # fully booked
    with pytest.raises(ValidationFailed, match="unbooked"):
        run(
            container,
            f.BookFunds(grant_id=grant, amount=1, booked_on=date(2021, 6, 1), activity="Mer"),
        )
    with pytest.raises(ValidationFailed, match="SEK"):
        run(
            container,
            f.RepayFunds(grant_id=grant, amount=1, repaid_on=date(2022, 3, 1), currency="EUR"),
        )
    with pytest.raises(ValidationFailed, match="2021–2022"):
        agreement = container.app.repository.get(grant).agreement_id  # type: ignore[attr-defined]
        run(
            container,
            new_year_grant(agreement, "Falu kommun", "kommun", "samsjuklighet", 2023, 1),
        )
