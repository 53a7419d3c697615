"""Demo: Dalarna's joint stimulus funds 2021–2022 (seed 003, the PM of 16 February 2021).

Länsgemensamma medel with Region Dalarna as lead principal: samsjuklighet
≈ 7,7 mnkr (Bostad Först in Borlänge), brukarmedverkan 1 mnkr (the BISAM
coordinator post), suicidprevention ≈ 5,5 mnkr (the suicide-prevention
coordinator), ungdomsmottagningar ≈ 3,8 mnkr, split evenly over the two
years. The 2021 report is recorded as submitted on 31 January 2022, and a
correction dated December 2021 is recorded after it. The diarienummer, the
vouchers and the perspectives tagged on D4a–D4d are invented for the demo.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import select

from domain.commands import Command, TagPerspectives
from domain.funds import commands as f
from domain.funds.values import PrincipalKind
from domain.meta import Channel, make_meta
from domain.values import Perspective
from projections.funds import queries as fq
from projections.funds import tables as ft
from projections.funds.report import ReportQuery
from samverka.bootstrap import Container
from services.reports import Reports

AGREEMENT = "DEMO-ÖK-PH-2021/2022"
TITLE = "Överenskommelse om insatser inom området psykisk hälsa och suicidprevention 2021–2022"
KR = 100
# area -> (two-year amount in kronor, initiative key, activity)
AREAS = {
    "samsjuklighet": (7_700_000, "dal4a", "Bostad Först i Borlänge"),
    "brukarmedverkan": (1_000_000, "dal4b", "Brukarinflytandesamordnare (BISAM)"),
    "suicidprevention": (5_500_000, "dal4c", "Suicidpreventionssamordnare"),
    "ungdomsmottagningar": (3_800_000, "dal4d", "Ungdomsmottagningar, Region Dalarna"),
}
# 2021 outcome per area: (booked, spent) in kronor
PERSPECTIVES = {
    "dal4a": ["jamlikhet", "tillganglighet"],
    "dal4b": ["tillganglighet", "jamlikhet"],
    "dal4c": ["jamstalldhet", "hbtqi", "aldres-perspektiv"],
    "dal4d": ["barnperspektivet", "jamstalldhet", "hbtqi"],
}
OUTCOME_2021 = {
    "samsjuklighet": (3_000_000, 1_250_000),
    "brukarmedverkan": (500_000, 486_000),
    "suicidprevention": (2_750_000, 2_612_500),
    "ungdomsmottagningar": (1_900_000, 1_874_000),
}


def submission(report: dict[str, Any], submitted_on: date, recipient: str) -> f.SubmitFundReport:
    """The command recording the 2021 `report` as submitted, its document kept."""
    return f.SubmitFundReport(
        year=2021,
        log_position=report["source"]["log_position"],
        chain_link=report["source"]["chain_link"],
        report_sha256=report["report_sha256"],
        submitted_on=submitted_on,
        recipient=recipient,
        document=Reports.document(report),
    )


class FundDemo:
    def __init__(self, k: Container, initiatives: dict[str, UUID], actor: str) -> None:
        self.k = k
        self.initiatives = initiatives
        self.actor = actor
        self.new = 0

    def _do(self, key: str, command: Command) -> UUID:
        meta = make_meta(actor=self.actor, channel=Channel.CLI, source_id=f"demo:fund:{key}")
        result = self.k.app.execute(command, meta)
        self.new += 0 if result.replayed else 1
        return result.aggregate_id

    def load(self) -> int:
        agreement = self._do(
            "agreement",
            f.RegisterAgreement(reference=AGREEMENT, title=TITLE, first_year=2021, last_year=2022),
        )
        grants: dict[tuple[str, int], UUID] = {}
        for area, (total, _initiative, _activity) in AREAS.items():
            for year in (2021, 2022):
                grants[area, year] = self._do(
                    f"grant:{area}:{year}",
                    f.GrantFunds(
                        agreement_id=agreement,
                        principal="Region Dalarna",
                        principal_kind=PrincipalKind("lansgemensamt"),
                        county="Dalarnas län",
                        area=area,
                        year=year,
                        amount=total * KR // 2,
                        decided_on=date(year, 1, 15),
                    ),
                )
        for (area, year), grant in grants.items():
            total, _i, _a = AREAS[area]
            self._do(
                f"req:{area}:{year}",
                f.Requisition(
                    grant_id=grant,
                    amount=total * KR // 2,
                    requisitioned_on=date(year, 3, 31),
                    reference=f"Rekvisition {year} {area}",
                ),
            )
        for key, perspectives in PERSPECTIVES.items():
            self._do(
                f"perspectives:{key}",
                TagPerspectives(
                    initiative_id=self.initiatives[key],
                    perspectives=[Perspective(p) for p in perspectives],
                ),
            )
        for area, (booked, spent) in OUTCOME_2021.items():
            _total, initiative, activity = AREAS[area]
            grant = grants[area, 2021]
            booking = self._booking(
                f"book:{area}:2021",
                f.BookFunds(
                    grant_id=grant,
                    amount=booked * KR,
                    booked_on=date(2021, 2, 19),
                    initiative_id=self.initiatives[initiative],
                    activity=activity,
                ),
            )
            self._do(
                f"spend:{area}:2021",
                f.RecordExpenditure(
                    grant_id=grant,
                    booking_id=booking,
                    amount=spent * KR,
                    spent_on=date(2021, 12, 20),
                    voucher=f"VER-2021-{area[:4].upper()}-01",
                    description="Utfall 2021",
                ),
            )
        self._submit_and_correct(grants["samsjuklighet", 2021])
        return self.new

    def _booking(self, key: str, command: f.BookFunds) -> str:
        self._do(key, command)
        self.k.projector.catch_up()
        with self.k.engines.read.connect() as conn:
            e = ft.fund_entries.c
            found = conn.execute(
                select(e.entry_id).where(
                    e.grant_id == str(command.grant_id),
                    e.kind == "booking",
                    e.business_date == command.booked_on.isoformat(),
                )
            ).scalar()
        assert found is not None
        return str(found)

    def _submit_and_correct(self, grant: UUID) -> None:
        """The 2021 report is submitted on 31 January 2022; afterwards an invoice
        of 150 000 kr from December 2021 turns up and is booked as spent."""
        self.k.projector.catch_up()
        with self.k.engines.read.connect() as conn:
            submitted = fq.list_submissions(conn, year=2021)
        if not submitted:
            report = self.k.reports.compute(ReportQuery(2021))
            self._do("submit:2021", submission(report, date(2022, 1, 31), "SKR"))
        self.k.projector.catch_up()
        with self.k.engines.read.connect() as conn:
            booking = next(b for b in fq.get_grant(conn, str(grant))["bookings"])  # type: ignore[index]
        self._do(
            "correction:samsjuklighet:2021",
            f.RecordExpenditure(
                grant_id=grant,
                booking_id=booking["entry_id"],
                amount=150_000 * KR,
                spent_on=date(2021, 12, 28),
                voucher="VER-2021-SAMS-02",
                description="Faktura för december 2021, registrerad efter återrapporteringen",
            ),
        )
        self.k.projector.catch_up()
