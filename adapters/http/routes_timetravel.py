"""Tidsresa in the API: one initiative (auditors, admins) or one grant (those
who read the ledger) as it was at a moment, from its own events, with what
differs from now and who changed it since (`services.timetravel`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, HTTPException, Query

from adapters.http import models_history as out
from adapters.http.deps import Auditor, FundReader, Services
from services.i18n import language_from_header
from services.timetravel import AsOf

router = APIRouter(prefix="/api/v1", tags=["audit and access"])


def _body(s: Any, thing: str, found: AsOf | None, what: str, lang: str | None) -> dict[str, Any]:
    if found is None:
        raise HTTPException(404, f"no such {what} at that moment")
    changes, more = s.timetravel.changes_since(thing, found.recorded_at, lang=lang)
    return {
        "at": found.at.isoformat(),
        "version": found.version,
        "position": found.position,
        "recorded_at": found.recorded_at.isoformat(),
        "then": found.then,
        "now": found.now,
        "diff": found.diff,
        "changes": changes,
        "more_changes": more,
    }


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise HTTPException(422, "as_of needs a time zone, e.g. 2026-01-31T12:00:00+01:00")
    return at


@router.get(
    "/initiatives/{initiative_id}/as-of",
    summary="One initiative as it was at a moment, and who changed what since",
    response_model=out.AsOf,
)
def initiative_as_of(
    initiative_id: UUID,
    as_of: datetime,
    who: Auditor,
    s: Services,
    accept_language: Annotated[str | None, Header(max_length=200)] = None,
) -> dict[str, Any]:
    thing = str(initiative_id)
    found = s.timetravel.initiative(thing, _aware(as_of))
    return _body(s, thing, found, "initiative", language_from_header(accept_language))


@router.get(
    "/funds/grants/{grant_id}/as-of",
    summary="One grant with its bookings and ledger as it was at a moment",
    description=(
        "`then.lines` is a page of the ledger as it was (the latest lines, each with the "
        "balance after it); `then.older`, when not null, is the `before` that gives the "
        "lines before them."
    ),
    response_model=out.AsOf,
)
def grant_as_of(
    grant_id: UUID,
    as_of: datetime,
    who: FundReader,
    s: Services,
    before: Annotated[int | None, Query(ge=1)] = None,
    accept_language: Annotated[str | None, Header(max_length=200)] = None,
) -> dict[str, Any]:
    thing = str(grant_id)
    found = s.timetravel.grant(thing, _aware(as_of), before=before)
    return _body(s, thing, found, "grant", language_from_header(accept_language))
