"""List endpoints from a table: a query facade's page read, its filters as
query parameters, limit and offset; the answer is the page as it is.

An entry names the read ("funds.grants_page" of ApiServices), the item
model, and the filters with their query types. A filter given as a UUID
reaches the facade as text, one given as an enum as its value, as the
facades take them (services.queries). A list under one resource
("/rounds/{round_id}/recipients") gives the facade its id first, and
answers 404 naming `what` when the facade finds no such resource; a list
`seen_by` the caller gives it the caller's authority (after the id).
A filter given as (type, default) has that default instead of None; where
a list's filters mean more than they say (a window, "mine"), `refine`
turns them into the facade's, given the caller and the services.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from operator import attrgetter
from typing import Any
from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import Connection

from adapters.http import models as out
from adapters.http.deps import Conn, Reader, Services
from adapters.http.responses import Offset, PageLimit, PageOffset, PlanLimit, found, page_body
from adapters.http.services import ApiServices


@dataclass(frozen=True)
class PageRoute:
    route: str  # "GET /grants", under the router's prefix
    name: str  # the endpoint's name (and so its operationId)
    reads: str  # the facade's page read, as "facade.method" of ApiServices
    item: type[BaseModel]
    summary: str
    filters: Mapping[str, Any] = field(default_factory=dict)  # query parameter: its type
    refine: Callable[[Any, ApiServices, dict[str, Any]], dict[str, Any]] | None = None
    who: Any = Reader  # the dependency that lets readers in
    limit: Any = PageLimit
    per_page: int = 100
    offset: Any = PageOffset
    seen_by: bool = False
    what: str = ""  # the resource a list is under, for its 404


# The plan's lists (persons, arenas, initiatives, decisions) page as they always did.
PlanPage = partial(PageRoute, limit=PlanLimit, per_page=50, offset=Offset)


def _plain(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


def _with_default(item: tuple[str, Any]) -> tuple[str, tuple[Any, Any]]:
    name, kind = item
    return name, kind if isinstance(kind, tuple) else (kind, None)


def add_page_routes(router: APIRouter, *routes: PageRoute) -> None:
    for route in routes:
        router.add_api_route(
            route.route.split(" ", 1)[1],
            _endpoint(route),
            methods=["GET"],
            summary=route.summary,
            response_model=out.Page[route.item],  # type: ignore[name-defined]
        )


def _endpoint(route: PageRoute) -> Any:
    read = attrgetter(route.reads)
    under = re.findall(r"{(\w+)}", route.route)

    def get(
        who: Any, s: ApiServices, conn: Connection, limit: int, offset: int, **given: Any
    ) -> JSONResponse:
        ids = [str(given.pop(name)) for name in under]
        viewer = [who.authority] if route.seen_by else []
        filters = {name: _plain(value) for name, value in given.items()}
        if route.refine is not None:
            filters = route.refine(who, s, filters)
        page = read(s)(*ids, *viewer, limit=limit, offset=offset, conn=conn, **filters)
        return page_body(found(page, route.what) if under else page)

    keyword = inspect.Parameter.KEYWORD_ONLY
    get.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            *(inspect.Parameter(name, keyword, annotation=UUID) for name in under),
            inspect.Parameter("who", keyword, annotation=route.who),
            inspect.Parameter("s", keyword, annotation=Services),
            inspect.Parameter("conn", keyword, annotation=Conn),
            *(
                inspect.Parameter(name, keyword, annotation=kind, default=default)
                for name, (kind, default) in map(_with_default, route.filters.items())
            ),
            inspect.Parameter("limit", keyword, annotation=route.limit, default=route.per_page),
            inspect.Parameter("offset", keyword, annotation=route.offset, default=0),
        ]
    )
    get.__name__ = route.name
    return get
