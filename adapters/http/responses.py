"""Turning command results and rows into HTTP responses."""

from __future__ import annotations

from typing import Annotated, Protocol, TypeVar

from fastapi import HTTPException, Query
from fastapi.responses import JSONResponse
from sqlalchemy import Connection

from services.application import CommandResult
from services.queries import Page, Row
from services.views import Views

# The log position of a command's events; send it back as X-Samverka-Min-Position
# on a query to read what the command changed (read-your-writes).
POSITION_HEADER = "X-Samverka-Position"


T = TypeVar("T")


class Fetch(Protocol):
    """A facade's read of one resource by id (services.queries)."""

    def __call__(self, resource_id: str, /, *, conn: Connection | None = None) -> Row | None: ...


def found(row: T | None, what: str) -> T:
    if row is None:
        raise HTTPException(404, f"no {what} with that id")
    return row


def with_etag(row: Row) -> JSONResponse:
    headers = {"ETag": f'"{row["version"]}"'} if "version" in row else None
    return JSONResponse(row, headers=headers)


# Paging of the lists that had none: `total` counts every match.
PageLimit = Annotated[int, Query(ge=1, le=1000, description="Items per page")]
PageOffset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip")]
# The older lists' paging, as it was documented: the plan's (50 a page, at
# most 500) and the fund ledger's (at most 1000).
PlanLimit = Annotated[int, Query(ge=1, le=500)]
FundLimit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


def page_body(page: Page) -> JSONResponse:
    """A page as it is: the rows are JSON already, so the route's response
    model only documents it (FastAPI checks no value it is not given)."""
    body = {"items": page.items, "total": page.total, "limit": page.limit, "offset": page.offset}
    return JSONResponse(body)


def cursor_body(items: list[Row], next_cursor: int | None, limit: int) -> JSONResponse:
    """A page of a trail read by cursor (audit, ledger), as page_body."""
    return JSONResponse({"items": items, "next_cursor": next_cursor, "limit": limit})


def after_command(
    views: Views,
    result: CommandResult,
    fetch: Fetch,
    *,
    created_at: str | None = None,
    minimal: bool = False,
) -> JSONResponse:
    """The resource as the views now show it; 202 if they have not caught up.

    With `Prefer: return=minimal` only id, version and position come back.
    """
    aggregate_id = str(result.aggregate_id)
    headers: dict[str, str] = {"ETag": f'"{result.version}"'}
    if result.position is not None:
        headers[POSITION_HEADER] = str(result.position)
    if created_at is not None and not result.replayed:
        headers["Location"] = f"{created_at}/{aggregate_id}"
    if result.replayed:
        headers["Idempotent-Replayed"] = "true"
    status = 201 if created_at is not None and not result.replayed else 200
    if minimal:
        body = {"id": aggregate_id, "version": result.version, "position": result.position}
        return JSONResponse(body, status_code=status, headers=headers)
    with views.connect() as conn:
        row = fetch(aggregate_id, conn=conn)
    if row is None or row.get("version", result.version) < result.version:
        body = {"id": aggregate_id, "version": result.version, "position": result.position}
        return JSONResponse(body, status_code=202, headers=headers)
    headers["ETag"] = f'"{row.get("version", result.version)}"'
    return JSONResponse(row, status_code=status, headers=headers)
