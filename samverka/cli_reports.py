"""`samverka report ...`, `samverka audit ...` and `samverka person forget`."""

from __future__ import annotations

import sys
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from domain.funds import commands as f
from domain.funds.values import check_area
from projections.funds.report import ReportQuery
from samverka.bootstrap import Container
from samverka.cli_common import (
    PersonArg,
    container,
    context,
    echo_json,
    fail,
    meta,
    ngettext,
    person_ref,
    t,
    told,
    tr,
    using,
)
from samverka.cli_plan import person_app
from services.integrity import BadDigest, Digest, head, verify
from services.report_formats import render

report_app = typer.Typer(
    help="Reports: the yearly återrapportering of stimulus funds.", no_args_is_help=True
)
audit_app = typer.Typer(
    help="The tamper-evident event log: digest and verify.", no_args_is_help=True
)


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"
    HTML = "html"


Year = Annotated[int, typer.Option(min=2000, max=2100, help="The year reported (by business date)")]
Principal = Annotated[str | None, typer.Option(help='Only this principal, e.g. "Region Dalarna"')]
Area = Annotated[str | None, typer.Option(help="Only this area, e.g. samsjuklighet")]
Plan = Annotated[
    str | None,
    typer.Option(help="A plan's code or id: the report carries its follow-up of the year"),
]
AsOf = Annotated[
    datetime | None,
    typer.Option("--as-of", help="As known at this moment (recorded time, ISO 8601); default now"),
]


def _query(
    k: Container, year: int, principal: str | None, area: str | None, plan: str | None
) -> ReportQuery:
    plan_id = None
    if plan is not None:
        found = k.reports.find_plan(plan)
        if found is None:
            k.close()
            fail(t("no plan {plan}", plan=plan))
        plan_id = str(found["id"])
    return ReportQuery(year, principal, check_area(area) if area else None, plan_id)


def _moment(value: datetime | None) -> datetime | None:
    return value if value is None or value.tzinfo else value.astimezone()


@report_app.command("funds")
def report_funds(
    year: Year,
    principal: Principal = None,
    area: Area = None,
    as_of: AsOf = None,
    position: Annotated[
        int | None, typer.Option(min=0, help="As known at this log position")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="json, csv, xlsx or html")] = Format.JSON,
    out: Annotated[Path | None, typer.Option(help="Write here (needed for xlsx)")] = None,
    plan: Plan = None,
) -> None:
    """Granted, requisitioned, spent and unspent per area, the activities funded and the
    perspectives they address; with --plan also the plan's follow-up of the year (per
    insatsområde the activities, the survey, the narrative, the indicators; per perspective).
    States the log position and chain link it was computed from."""
    if fmt is Format.XLSX and out is None:
        fail(t("an Excel workbook needs --out FILE.xlsx"))
    k = container()
    report = k.reports.compute(
        _query(k, year, principal, area, plan), as_of=_moment(as_of), position=position
    )
    k.close()
    data = render(report, fmt.value)
    if out is None:
        sys.stdout.write(data.decode())
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    typer.echo(
        t(
            "wrote {file} (position {position}, sha256 {sha256})",
            file=out,
            position=report["source"]["log_position"],
            sha256=report["report_sha256"],
        ),
        err=True,
    )


@report_app.command("submit")
def report_submit(
    year: Year,
    principal: Principal = None,
    area: Area = None,
    submitted_on: Annotated[
        str | None, typer.Option(help="Date submitted, YYYY-MM-DD (default today)")
    ] = None,
    recipient: Annotated[str, typer.Option(help="Who it was submitted to")] = "SKR",
    plan: Plan = None,
) -> None:
    """Record the report as it stands now as submitted (who, when, which digest)."""
    k = container()
    query = _query(k, year, principal, area, plan)
    report = k.reports.compute(query)
    when = date.fromisoformat(submitted_on) if submitted_on else k.clock.now().astimezone().date()
    command = f.SubmitFundReport(
        year=year,
        principal=principal,
        area=query.area,
        recipient=recipient,
        submitted_on=when,
        log_position=report["source"]["log_position"],
        chain_link=report["source"]["chain_link"],
        report_sha256=report["report_sha256"],
        document=k.reports.document(report),
        plan_id=query.plan_uuid,
    )
    result = k.app.execute(command, meta())
    k.projector.catch_up()
    echo_json(
        {
            "id": str(result.aggregate_id),
            "position": result.position,
            **report["source"],
            "report_sha256": report["report_sha256"],
        }
    )
    k.close()


@report_app.command("submissions")
def report_submissions(year: Annotated[int | None, typer.Option()] = None) -> None:
    """Reports recorded as submitted."""
    k = container()
    echo_json(k.funds.list_submissions(year=year))
    k.close()


@report_app.command("diff")
def report_diff_cmd(
    submission: Annotated[
        str | None, typer.Option(help="Submission id: then = as submitted")
    ] = None,
    year: Annotated[int | None, typer.Option(help="With --then: the year")] = None,
    then: Annotated[
        datetime | None, typer.Option(help="With --year: as known at this moment")
    ] = None,
    principal: Principal = None,
    area: Area = None,
    plan: Plan = None,
) -> None:
    """What the report said then and says now, and their difference line by line."""
    k = container()
    if submission:
        row = k.funds.get_submission(submission)
        if row is None:
            fail(t("no submitted report {id}", id=submission))
        echo_json(k.reports.submission_diff(row))
    elif year and then:
        query = _query(k, year, principal, area, plan)
        echo_json(
            k.reports.diff(k.reports.compute(query, as_of=_moment(then)), k.reports.compute(query))
        )
    else:
        fail(t("give --submission ID, or --year Y and --then T"))
    k.close()


@audit_app.command("digest")
def audit_digest() -> None:
    """Print the current head of the hash chain (position:hash) for an auditor to keep."""
    k = container()
    digest = head(k.app.recorder)
    k.close()
    echo_json({"position": digest.position, "hash": digest.link, "digest": str(digest)})


@audit_app.command("verify")
def audit_verify(
    digest: Annotated[
        str | None, typer.Option(help="A digest kept earlier (POSITION:HASH)")
    ] = None,
) -> None:
    """Recompute the hash chain; exit 1 naming the first bad position if anything was
    altered, removed or reordered, or the log no longer extends the given digest."""
    try:
        expected = Digest.parse(digest) if digest else None
    except BadDigest as error:
        fail(told(error))
    k = container()
    verdict = verify(k.app.recorder, expected)
    k.close()
    echo_json(verdict.as_dict())
    if not verdict.ok:
        problem = verdict.reason.say(tr()) if verdict.reason else verdict.problem
        typer.echo(
            t(
                "TAMPERED: first bad position {position}: {problem}",
                position=verdict.bad_position,
                problem=problem,
            ),
            err=True,
        )
        raise typer.Exit(1)
    typer.echo(
        ngettext(
            "ok: {n} event, head {head}",
            "ok: {n} events, head {head}",
            verdict.events,
            head=verdict.head,
        ),
        err=True,
    )


@person_app.command("forget")
def person_forget(person: PersonArg) -> None:
    """Erase a person: record the erasure, delete their key, purge the views."""
    k = container()
    result = k.erasure.forget(person_ref(person), context())
    k.projector.catch_up()
    echo_json({"id": person, "forgotten": True, "position": result.position if result else None})
    k.close()


@person_app.command("record")
def person_record(person: PersonArg) -> None:
    """A person's registerutdrag (GDPR article 15) as JSON: their own events
    decrypted, the audit trail by and about them, where they take part."""
    ref = str(person_ref(person))
    found = using(lambda k: k.records.extract(ref, made_at=k.clock.now(), lang="sv"))
    if found is None:
        fail(t("no such person"))
    echo_json(found)
