"""Indicators: the list, one indicator, its series over time and history;
defining, targets, links, values as JSON, and the import of a file.

Reading is for every valid token. Changing is for plan coordinators and
admins (the token role `plan_coordinator`), and an arena's moderators for
the indicators their arena keeps: the domain decides.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from adapters.http import models_indicators as out
from adapters.http.command_routes import CommandRoute, add_command_routes, add_resource_route
from adapters.http.deps import Cmd, Conn, Reader, Services
from adapters.http.models import READS
from adapters.http.problems import problem
from adapters.http.responses import found
from domain.errors import Forbidden
from domain.indicators import commands as i
from services.i18n import language_from_header
from services.indicator_import import ImportRefused
from services.indicators import refusal_lines

router = APIRouter(prefix="/api/v1/indicators", tags=["indicators"])
READS["indicators.get_indicator"] = out.Indicator
AreaCode = Annotated[str, Query(min_length=2, max_length=4, pattern=r"^[0-9]+$")]


@router.get("", summary="Every indicator with its latest value, trend and target",
            response_model=list[out.Indicator])  # fmt: skip
def list_indicators(
    who: Reader,
    s: Services,
    conn: Conn,
    linked_to: Annotated[
        UUID | None, Query(description="A målbild, insatsområde or initiative")
    ] = None,
) -> list[dict[str, Any]]:
    return s.indicators.list_indicators(conn=conn, linked_to=str(linked_to) if linked_to else None)


add_resource_route(
    router, "GET /{indicator_id}", "indicators.get_indicator", "indicator",
    "One indicator with its areas, links and headline series",
)  # fmt: skip


@router.get("/{indicator_id}/series", summary="Values over time for an area and group",
            response_model=out.IndicatorSeries)  # fmt: skip
def series(
    indicator_id: UUID,
    who: Reader,
    s: Services,
    conn: Conn,
    area: AreaCode,
    gender: Annotated[str, Query(pattern="^[TKM]$")] = "T",
    age: Annotated[str, Query(max_length=8)] = "",
) -> dict[str, Any]:
    found(s.indicators.get_indicator(str(indicator_id), conn=conn), "indicator")
    return s.indicators.series(str(indicator_id), area, gender, age, conn=conn)


@router.get("/{indicator_id}/history", summary="Every figure recorded, revisions too",
            response_model=list[out.IndicatorFigure])  # fmt: skip
def history(
    indicator_id: UUID, who: Reader, s: Services, conn: Conn, area: AreaCode | None = None
) -> list[dict[str, Any]]:
    return s.indicators.history(str(indicator_id), area, conn=conn)


@router.post(
    "/imports",
    summary="Import values from a file (Kolada's CSV layout or the template, CSV or xlsx)",
    response_model=out.IndicatorImport,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        }
    },
)
async def import_file(
    request: Request,
    cmd: Cmd,
    indicator: Annotated[UUID | None, Query(description="The indicator every row is for")] = None,
    filename: Annotated[str, Query(max_length=200)] = "values.csv",
) -> JSONResponse:
    """The whole file is recorded or nothing: a bad file answers 422 with
    each bad line (`errors`: line and text)."""
    data = await request.body()
    lang = language_from_header(request.headers.get("accept-language")) or "en"
    try:
        done = await _run_import(cmd, data, filename, indicator)
    except ImportRefused as refused:
        lines = refusal_lines(refused, lang)
        errors = [
            {"line": e.line or None, "field": e.error.field, "detail": text}
            for e, text in zip(refused.errors, lines, strict=False)
        ]
        forbidden = isinstance(refused.errors[0].error, Forbidden)
        status, code = (403, "forbidden") if forbidden else (422, "import_refused")
        return problem(status, lines[0], code=code, errors=errors, count=refused.count)
    body = {
        "values": done.values,
        "skipped": done.skipped,
        "indicators": done.indicators,
        "position": done.position,
    }
    return JSONResponse(body)


async def _run_import(cmd: Any, data: bytes, filename: str, indicator: UUID | None) -> Any:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(
        cmd.services.indicator_import.run,
        data,
        filename,
        cmd.context,
        indicator=str(indicator) if indicator else None,
        wait=not cmd.minimal,
    )


ON = "POST /{indicator_id}"
# fmt: off
COMMANDS = [
    CommandRoute("POST ", i.DefineIndicator, "Define an indicator", created=True),
    CommandRoute(f"{ON}/target", i.SetIndicatorTarget,
                 "Set an indicator's target (no value: remove it)"),
    CommandRoute(f"{ON}/links", i.LinkIndicator,
                 "Link an indicator to a målbild, insatsområde or initiative"),
    CommandRoute(f"{ON}/unlink", i.UnlinkIndicator, "Remove a link of an indicator"),
    CommandRoute("POST /values", i.RecordIndicatorValues,
                 "Record values (all or none; a changed figure is a revision)"),
]
# fmt: on
add_command_routes(router, COMMANDS, reads="indicators.get_indicator")
