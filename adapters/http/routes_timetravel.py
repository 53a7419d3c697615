"""Tidsresa in the API: one initiative (auditors, admins) or one grant (those
who read the ledger) as it was at a moment, from its own events, with what
differs from now and who changed it since (`services.timetravel`)."""

from __future__ import annotations

import re
from datetime import datetime
from operator import attrgetter
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, HTTPException, Query

from adapters.http import models_history as out
from adapters.http.command_routes import keyword_only
from adapters.http.deps import Auditor, FundReader, Services, aware
from adapters.http.services import ApiServices
from services.i18n import language_from_header
from services.timetravel import AsOf

router = APIRouter(prefix="/api/v1", tags=["audit and access"])
Language = Annotated[str | None, Header(max_length=200)]


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


def add_as_of_route(
    path: str,
    reads: str,
    what: str,
    who: Any,
    summary: str,
    *,
    description: str | None = None,
    paged: bool = False,
) -> None:
    """`GET /things/{thing_id}/as-of`: the thing as it was at `as_of`, from the
    time travel read `reads` ("timetravel.initiative"), with who changed what
    since; 404 naming `what` when it did not exist then. `who` is the
    dependency that lets readers in; a `paged` read also takes `before`, the
    cursor of its older lines."""
    (name,) = re.findall(r"{(\w+)}", path)
    read = attrgetter(reads)

    def as_of(s: ApiServices, **given: Any) -> dict[str, Any]:
        thing = str(given[name])
        page = {"before": given["before"]} if paged else {}
        found = read(s)(thing, aware(given["as_of"]), **page)
        return _body(s, thing, found, what, language_from_header(given["accept_language"]))

    parameters: dict[str, Any] = {name: UUID, "as_of": datetime, "who": who, "s": Services}
    if paged:
        parameters["before"] = Annotated[int | None, Query(ge=1)]
    parameters["accept_language"] = Language
    as_of.__signature__ = keyword_only(  # type: ignore[attr-defined]
        parameters, defaults={"accept_language": None, "before": None}
    )
    as_of.__name__ = f"{what}_as_of"
    router.add_api_route(
        path,
        as_of,
        methods=["GET"],
        summary=summary,
        description=description,
        response_model=out.AsOf,
    )


add_as_of_route(
    "/initiatives/{initiative_id}/as-of", "timetravel.initiative", "initiative", Auditor,
    "One initiative as it was at a moment, and who changed what since",
)  # fmt: skip
add_as_of_route(
    "/funds/grants/{grant_id}/as-of", "timetravel.grant", "grant", FundReader,
    "One grant with its bookings and ledger as it was at a moment",
    description=(
        "`then.lines` is a page of the ledger as it was (the latest lines, each with the "
        "balance after it); `then.older`, when not null, is the `before` that gives the "
        "lines before them."
    ),
    paged=True,
)  # fmt: skip
