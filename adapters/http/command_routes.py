"""Command endpoints from a table: method, path, command, what is answered;
and the plain read of one resource by id.

The request body of a command endpoint is derived from the command model
itself (domain.commands and the feature packages): its fields minus those
the path gives, with the same limits, so a limit changes in one place. An
entry says only what differs from the command: a body field named otherwise
(`renamed`), a date the client may leave out (`today`), a moment the server
sets (`now`), a field the door never takes (`hidden`), a field whose HTTP
shape differs (`fields`: its type, default and how its value becomes the
command's). `expected_version` comes from the body or from If-Match
(deps.expected_version).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from copy import copy
from dataclasses import dataclass, field, replace
from datetime import date
from operator import attrgetter
from typing import Annotated, Any, Optional
from uuid import UUID

from fastapi import APIRouter, Header, HTTPException, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, create_model
from sqlalchemy import Connection

from adapters.http.deps import Cmd, CommandContext, Conn, Reader, Services, expected_version
from adapters.http.models import ACCEPTED, READS
from adapters.http.responses import found, with_etag
from adapters.http.services import ApiServices
from domain.commands import Command
from services.ports import today

IfMatch = Annotated[str | None, Header(max_length=40)]
OccurrenceDate = Annotated[date, Path(description="The meeting's date in the series (YYYY-MM-DD)")]
VERSION = "expected_version"


class Body(BaseModel):
    """A request body: unknown fields refused, texts stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


@dataclass(frozen=True)
class BodyField:
    """A body field shaped otherwise than the command's: its type, its default
    (or a pydantic Field), and how the value given becomes the command's."""

    annotation: Any
    default: Any = ...
    convert: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class CommandRoute:
    route: str  # "POST /persons/{person_id}/slack", under the router's prefix
    command: type[Command]
    summary: str
    # What is answered: a query facade's read by id, as "facade.method" of
    # ApiServices (default: the one add_command_routes is given).
    reads: str = ""
    # A new resource: 201 with a Location under this route's path.
    created: bool = False
    renamed: Mapping[str, str] = field(default_factory=dict)  # command field: outside name
    today: tuple[str, ...] = ()
    now: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    fields: Mapping[str, BodyField] = field(default_factory=dict)  # by command field
    doc: str | None = None  # the body's description, where it says more than the fields
    # Where the body's shape differs from the command's: the body, and how its
    # fields become the command's (given the request's CommandContext).
    body: type[BaseModel] | None = None
    convert: Callable[[Any, CommandContext], dict[str, Any]] | None = None

    @property
    def method(self) -> str:
        return self.route.split(" ", 1)[0]

    @property
    def path(self) -> str:
        return self.route.split(" ", 1)[1] if " " in self.route else ""

    def outside(self, name: str) -> str:
        return self.renamed.get(name, name)

    def params(self) -> dict[str, Any]:
        """The path's parameters, typed and limited as the command's fields."""
        inside = {self.outside(name): name for name in self.command.model_fields}
        found: dict[str, Any] = {}
        for name in re.findall(r"{(\w+)}", self.path):
            info = self.command.model_fields[inside[name]]
            if info.annotation is date:
                found[name] = OccurrenceDate
            elif info.metadata:
                found[name] = Annotated.__class_getitem__((info.annotation, *info.metadata))  # type: ignore[attr-defined]
            else:
                found[name] = info.annotation
        return found


def body_model(route: CommandRoute) -> type[BaseModel] | None:
    """The request body of a command endpoint, or None when it takes none (a
    DELETE never does: its expected version comes in If-Match)."""
    if route.method == "DELETE":
        return None
    params = route.params()
    fields: dict[str, Any] = {}
    for name, info in route.command.model_fields.items():
        public = route.outside(name)
        if public in params or name in route.hidden or name in route.now:
            continue
        if name in route.fields:
            given = route.fields[name]
            fields[public] = (given.annotation, given.default)
        elif name in route.today:
            optional = copy(info)
            optional.default = None
            fields[public] = (Optional[info.annotation], optional)  # noqa: UP045
        else:
            fields[public] = (info.annotation, info)
    if not fields:
        return None
    name = f"{route.command.__name__}Body"
    return create_model(name, __base__=Body, __doc__=route.doc, **fields)


def _in_range(day: date) -> date:
    if not 2000 <= day.year <= 2100:
        raise HTTPException(422, "give a date between 2000 and 2100")
    return day


def endpoint(route: CommandRoute, created_at: str | None) -> Callable[..., JSONResponse]:
    """A FastAPI endpoint for the route: path parameters, body, If-Match."""
    inside = {route.outside(name): name for name in route.command.model_fields}
    versioned = VERSION in route.command.model_fields
    body_type = route.body or body_model(route)
    reads = attrgetter(route.reads)

    def run(cmd: CommandContext, **given: Any) -> JSONResponse:
        body: BaseModel | None = given.pop("body", None)
        if_match: str | None = given.pop("if_match", None)
        values = {k: _in_range(v) if isinstance(v, date) else v for k, v in given.items()}
        if route.convert is not None:
            data = route.convert(body, cmd)
        else:
            # iter(): dict(model) would first look for a `keys` attribute,
            # which a pydantic model answers by raising AttributeError.
            data = {inside[k]: v for k, v in (iter(body) if body else ())}
            for name, shape in route.fields.items():
                if shape.convert is not None and name in data:
                    data[name] = shape.convert(data[name])
        data |= {inside[k]: v for k, v in values.items()}
        for name in route.today:
            if data.get(name) is None:
                data[name] = today(cmd.services.clock)
        for name in route.now:
            data[name] = cmd.services.clock.now()
        if versioned:
            data[VERSION] = expected_version(if_match, data.get(VERSION))
        fetch = reads(cmd.services)
        return cmd.respond(route.command(**data), fetch, created_at=created_at)

    parameters = route.params()
    if body_type is not None:
        parameters["body"] = body_type
    parameters["cmd"] = Cmd
    if versioned:
        parameters["if_match"] = IfMatch
    run.__signature__ = keyword_only(parameters, defaults={"if_match": None})  # type: ignore[attr-defined]
    run.__name__ = _snake(route.command.__name__)
    return run


def keyword_only(
    parameters: Mapping[str, Any], *, defaults: Mapping[str, Any] | None = None
) -> inspect.Signature:
    """The signature of an endpoint built at run time: keyword-only parameters
    with their annotations (FastAPI reads from it what to inject and what the
    path, query and headers give), and the defaults of those that have one."""
    keyword, none = inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.empty
    given = defaults or {}
    return inspect.Signature(
        [
            inspect.Parameter(name, keyword, annotation=annotation, default=given.get(name, none))
            for name, annotation in parameters.items()
        ]
    )


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def add_command_routes(router: APIRouter, routes: list[CommandRoute], *, reads: str = "") -> None:
    """Registers the routes; `reads` is what they answer with unless they say."""
    for route in routes:
        answers = route.reads or reads
        created_at = f"{router.prefix}{route.path}" if route.created else None
        router.add_api_route(
            route.path,
            endpoint(replace(route, reads=answers), created_at),
            methods=[route.method],
            status_code=201 if route.created else 200,
            summary=route.summary,
            response_model=READS[answers],
            responses=ACCEPTED,
        )


def add_resource_route(
    router: APIRouter, route: str, reads: str, what: str, summary: str, *, who: Any = Reader
) -> None:
    """`GET /things/{thing_id}`: one resource by id, from a facade's read, with
    its version as ETag; 404 naming `what` when there is none. `who` is the
    dependency that lets readers in (any valid token unless told)."""
    path = route.split(" ", 1)[1]
    (name,) = re.findall(r"{(\w+)}", path)
    read = attrgetter(reads)

    def get(s: ApiServices, conn: Connection, **given: Any) -> JSONResponse:
        return with_etag(found(read(s)(str(given[name]), conn=conn), what))

    get.__signature__ = keyword_only(  # type: ignore[attr-defined]
        {name: UUID, "who": who, "s": Services, "conn": Conn}
    )
    get.__name__ = reads.rsplit(".", maxsplit=1)[-1]
    router.add_api_route(path, get, methods=["GET"], summary=summary, response_model=READS[reads])
