"""Funding agreements (överenskommelser) and submitted fund reports."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain.base import SamverkaAggregate, derived_id
from domain.errors import ValidationFailed
from domain.funds.commands import RegisterAgreement, SubmitFundReport
from domain.funds.money import check_currency
from domain.funds.values import check_year
from domain.meta import Meta
from domain.values import optional_text, require_text

_DIGEST = re.compile(r"^[0-9a-f]{64}$")
# A submitted report's canonical JSON, kept in its event: a year's ledger of
# 100,000 lines is about 40 MB; more than this is refused.
DOCUMENT_MAX_CHARS = 64_000_000


def agreement_id(reference: str) -> UUID:
    return derived_id("funding-agreement", " ".join(reference.casefold().split()))


class FundingAgreement(SamverkaAggregate):
    """An agreement such as "Överenskommelse om insatser inom området psykisk
    hälsa och suicidprevention 2021–2022", by its diarienummer."""

    @staticmethod
    def create_id(reference: str) -> UUID:
        return agreement_id(reference)

    @event("Registered")
    def __init__(
        self,
        reference: str,
        title: str,
        first_year: int,
        last_year: int,
        currency: str,
        meta: Meta,
    ) -> None:
        self.reference = reference
        self.title = title
        self.first_year = first_year
        self.last_year = last_year
        self.currency = currency

    @classmethod
    def register(cls, cmd: RegisterAgreement, *, meta: Meta) -> FundingAgreement:
        check_year(cmd.first_year, "first_year")
        check_year(cmd.last_year, "last_year")
        if cmd.last_year < cmd.first_year:
            raise ValidationFailed(
                "the period ends before it starts", field="last_year", rule="funds.period"
            )
        return cls(
            reference=require_text(cmd.reference, "reference", max_len=100),
            title=require_text(cmd.title, "title", max_len=500),
            first_year=cmd.first_year,
            last_year=cmd.last_year,
            currency=check_currency(cmd.currency),
            meta=meta,
        )

    def check_year_in_period(self, year: int) -> None:
        check_year(year)
        if not self.first_year <= year <= self.last_year:
            raise ValidationFailed(
                f"the agreement covers {self.first_year}–{self.last_year}, not {year}",
                field="year",
                rule="funds.year_outside",
                params={"first": self.first_year, "last": self.last_year},
            )


class FundReport(SamverkaAggregate):
    """A fund report (återrapportering) recorded as submitted: who, when, which
    digest, and (since issue 19) the report itself: `document`, its canonical
    JSON exactly as submitted, whose SHA-256 is `report_sha256`. Submissions
    recorded before that have no document (None): "as submitted" is then
    the report reproduced from the log at `log_position`. `plan_id` (since
    issue 22) names the plan whose follow-up the report carries; None, as in
    every submission recorded before, when it carries the ledger only."""

    @event("Submitted")
    def __init__(
        self,
        year: int,
        principal: str | None,
        area: str | None,
        log_position: int,
        chain_link: str,
        report_sha256: str,
        submitted_on: date,
        recipient: str,
        meta: Meta,
        document: str | None = None,
        plan_id: UUID | None = None,
    ) -> None:
        self.year = year
        self.principal = principal
        self.area = area
        self.log_position = log_position
        self.chain_link = chain_link
        self.report_sha256 = report_sha256
        self.submitted_on = submitted_on
        self.recipient = recipient
        self.document = document
        self.plan_id = plan_id

    @classmethod
    def submit(cls, cmd: SubmitFundReport, *, meta: Meta) -> FundReport:
        if type(cmd.log_position) is not int or cmd.log_position < 0:
            raise ValidationFailed("log_position must be a log position", field="log_position")
        for name, value in (("chain_link", cmd.chain_link), ("report_sha256", cmd.report_sha256)):
            if not _DIGEST.match(value):
                raise ValidationFailed(f"{name} must be 64 hex digits", field=name)
        return cls(
            year=check_year(cmd.year),
            principal=optional_text(cmd.principal, "principal", max_len=200, multiline=False)
            or None,
            area=optional_text(cmd.area, "area", max_len=60, multiline=False) or None,
            log_position=cmd.log_position,
            chain_link=cmd.chain_link,
            report_sha256=cmd.report_sha256,
            submitted_on=cmd.submitted_on,
            recipient=optional_text(cmd.recipient, "recipient", max_len=200, multiline=False)
            or "SKR",
            meta=meta,
            document=check_document(cmd.document, cmd.report_sha256),
            plan_id=cmd.plan_id,
        )


def check_document(document: str | None, report_sha256: str) -> str | None:
    """The report's canonical JSON, which must be what its digest covers."""
    if document is None:
        return None
    if not isinstance(document, str) or len(document) > DOCUMENT_MAX_CHARS:
        raise ValidationFailed("the report is too large to keep", field="document")
    if hashlib.sha256(document.encode()).hexdigest() != report_sha256:
        raise ValidationFailed("the report kept is not the one its digest covers", field="document")
    return document
