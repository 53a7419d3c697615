"""Errors as application/problem+json (RFC 9457): a clear message, never a trace."""

from __future__ import annotations

from typing import Any

import structlog
from eventsourcing.persistence import InterfaceError, OperationalError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import OperationalError as SAOperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from domain.errors import (
    DomainError,
    Duplicate,
    Forbidden,
    IdempotencyKeyReused,
    InvalidTransition,
    NotFound,
    StaleVersion,
    ValidationFailed,
)
from services.application import TooMuchContention

log = structlog.get_logger(__name__)

PROBLEM_JSON = "application/problem+json"
_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Content too large",
    415: "Unsupported media type",
    431: "Request header fields too large",
    422: "Unprocessable content",
    500: "Internal server error",
    503: "Service unavailable",
}
_DOMAIN_STATUS: list[tuple[type[DomainError], int]] = [
    (StaleVersion, 409),
    (Duplicate, 409),
    (InvalidTransition, 409),
    (IdempotencyKeyReused, 422),
    (TooMuchContention, 409),
    (NotFound, 404),
    (Forbidden, 403),
    (ValidationFailed, 422),
]


def problem(
    status: int,
    detail: str,
    *,
    code: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"https://samverka.se/problems/{code or status}",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **{k: v for k, v in extra.items() if v is not None},
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _domain_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    status = next((s for kind, s in _DOMAIN_STATUS if isinstance(error, kind)), 422)
    extra: dict[str, Any] = {"field": error.field}
    headers = None
    if isinstance(error, StaleVersion):
        extra["current_version"] = error.current
        headers = {"ETag": f'"{error.current}"'}
    return problem(status, error.message, code=error.code, headers=headers, **extra)


def _validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = []
    for item in error.errors():
        loc = [str(part) for part in item.get("loc", ()) if part not in ("body",)]
        errors.append({"field": ".".join(loc) or "body", "message": item.get("msg", "invalid")})
    first = errors[0] if errors else {"field": "body", "message": "invalid"}
    detail = f"{first['field']}: {first['message']}"
    return problem(422, detail, code="validation_failed", field=first["field"], errors=errors)


def _http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    headers = dict(error.headers) if error.headers else None
    return problem(error.status_code, str(error.detail), headers=headers)


def _unavailable(_request: Request, error: Exception) -> JSONResponse:
    log.warning("http.store_unavailable", error=type(error).__name__)
    return problem(
        503,
        "the database is not reachable right now; try again shortly",
        code="store_unavailable",
        headers={"Retry-After": "2"},
    )


def _unexpected(_request: Request, error: Exception) -> JSONResponse:
    log.error("http.unexpected_error", error=type(error).__name__, exc_info=error)
    return problem(500, "an unexpected error occurred; it has been logged", code="internal")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for unavailable in (OperationalError, InterfaceError, SAOperationalError, DBAPIError):
        app.add_exception_handler(unavailable, _unavailable)
    app.add_exception_handler(Exception, _unexpected)
