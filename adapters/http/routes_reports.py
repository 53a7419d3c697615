"""Återrapportering for auditors and fund coordinators; the hash chain; erasure."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import JSONResponse, Response

from adapters.http import models as out
from adapters.http.deps import Auditor, Cmd, Conn, FundReader, Principal, Services, aware
from adapters.http.models_reports import FundReportWithFollowUp, SubmissionWithPlan
from adapters.http.page_routes import PageRoute, add_page_routes
from adapters.http.responses import found
from adapters.http.schemas import SubmissionIn
from adapters.http.services import ApiServices
from domain.errors import Forbidden
from domain.funds import commands as f
from domain.funds.values import check_area
from services.integrity import BadDigest, Digest
from services.ports import today
from services.reports import MEDIA_TYPES, ReportQuery, render

router = APIRouter(prefix="/api/v1", tags=["reports and audit"])


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"
    HTML = "html"


def _query(
    year: int, principal: str | None, area: str | None, plan: str | None = None
) -> ReportQuery:
    return ReportQuery(year, principal, check_area(area) if area else None, plan)


def _plan(s: ApiServices, who: Principal, ref: str | None) -> str | None:
    """The plan's id (given by code or id) whose follow-up the report carries:
    404 when there is none, 403 when `who` may not read its compilation."""
    if ref is None:
        return None
    plan = found(s.reports.find_plan(ref), "plan")
    if not s.reports.may_follow_up(plan, who.authority):
        raise Forbidden(
            "the plan's follow-up is read by its secretaries and moderators",
            field="plan",
            rule="access.arena_role",
            params={"role": "secretary"},
        )
    return str(plan["id"])


PlanRef = Annotated[
    str | None,
    Query(
        max_length=100,
        description="A plan's code or id: the report then carries its follow-up of the year",
    ),
]


@router.get(
    "/reports/funds",
    summary="The yearly fund report (återrapportering), now or as known then",
    response_model=FundReportWithFollowUp,
)
def fund_report(
    who: FundReader,
    s: Services,
    year: Annotated[int, Query(ge=2000, le=2100)],
    principal: Annotated[str | None, Query(max_length=200)] = None,
    area: Annotated[str | None, Query(max_length=60)] = None,
    as_of: datetime | None = None,
    position: Annotated[int | None, Query(ge=0, le=2**62)] = None,
    format: Format = Format.JSON,
    plan: PlanRef = None,
) -> Response:
    query = _query(year, principal, area, _plan(s, who, plan))
    report = s.reports.compute(query, as_of=aware(as_of), position=position)
    if format is Format.JSON:
        return JSONResponse(report)
    name = f"aterrapportering-{year}.{format.value}"
    return Response(
        render(report, format.value),
        media_type=MEDIA_TYPES[format.value],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post(
    "/reports/funds/submissions",
    status_code=201,
    summary="Record the report as submitted",
    response_model=SubmissionWithPlan,
)
def submit_report(body: SubmissionIn, cmd: Cmd) -> JSONResponse:
    query = _query(body.year, body.principal, body.area, _plan(cmd.services, cmd.who, body.plan))
    report = cmd.services.reports.compute(query)
    command = f.SubmitFundReport(
        year=body.year,
        principal=body.principal,
        area=query.area,
        recipient=body.recipient,
        submitted_on=body.submitted_on or today(cmd.services.clock),
        log_position=report["source"]["log_position"],
        chain_link=report["source"]["chain_link"],
        report_sha256=report["report_sha256"],
        document=cmd.services.reports.document(report),
        plan_id=query.plan_uuid,
    )
    submissions = cmd.services.funds.get_submission
    return cmd.respond(command, submissions, created_at="/api/v1/reports/funds/submissions")


add_page_routes(
    router,
    PageRoute(
        "GET /reports/funds/submissions", "submissions", "funds.submissions_page",
        SubmissionWithPlan, "Reports recorded as submitted", who=FundReader,
        filters={"year": Annotated[int | None, Query(ge=2000, le=2100)]},
    ),
)  # fmt: skip


@router.get(
    "/reports/funds/submissions/{report_id}/diff",
    summary="What the submitted report said, what it says now, and the difference line by line",
    response_model=out.ReportDifference,
)
def submission_difference(
    report_id: UUID, who: FundReader, s: Services, conn: Conn
) -> dict[str, Any]:
    row = found(s.funds.get_submission(str(report_id), conn=conn), "submitted report")
    return s.reports.submission_diff(row)


@router.get(
    "/audit/digest",
    summary="The head of the hash chain (position:hash) to keep",
    response_model=out.Digest,
)
def audit_digest(who: Auditor, s: Services) -> dict[str, Any]:
    digest = s.audit.digest()
    return {"position": digest.position, "hash": digest.link, "digest": str(digest)}


@router.get(
    "/audit/verify",
    summary="Recompute the hash chain (and check it extends a digest)",
    response_model=out.Verification,
)
def audit_verify(
    who: Auditor, s: Services, digest: Annotated[str | None, Query(max_length=100)] = None
) -> dict[str, Any]:
    try:
        expected = Digest.parse(digest) if digest else None
    except BadDigest as error:
        raise HTTPException(422, str(error)) from None
    return s.audit.verify(expected).as_dict()


@router.post(
    "/persons/{person_id}/forget",
    summary="Erase a person (right to be forgotten)",
    response_model=out.Person,
)
def forget(person_id: UUID, cmd: Cmd) -> JSONResponse:
    result = cmd.services.erasure.forget(person_id, cmd.context)
    if result is not None:
        cmd.services.views.wait_for(result.position)
    return JSONResponse(found(cmd.services.plan.get_person(str(person_id)), "person"))
