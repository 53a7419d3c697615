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
from services.i18n import DEFAULT_LANGUAGE, N_, language_from_header, translator
from services.i18n.errors import api_detail, error_text

log = structlog.get_logger(__name__)

PROBLEM_JSON = "application/problem+json"
_TITLES = {
    400: N_("Bad request"),
    401: N_("Unauthorized"),
    403: N_("Forbidden"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    409: N_("Conflict"),
    413: N_("Content too large"),
    415: N_("Unsupported media type"),
    431: N_("Request header fields too large"),
    422: N_("Unprocessable content"),
    500: N_("Internal server error"),
    503: N_("Service unavailable"),
}
_UNAVAILABLE = N_("the database is not reachable right now; try again shortly")
_UNEXPECTED = N_("an unexpected error occurred; it has been logged")
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
    lang: str | None = None,
    **extra: Any,
) -> JSONResponse:
    """The problem document; `title` in `lang` when the client asked for one
    (Accept-Language), else in English as API clients have always had it."""
    title = _TITLES.get(status, N_("Error"))
    body: dict[str, Any] = {
        "type": f"https://samverka.se/problems/{code or status}",
        "title": translator(lang).gettext(title) if lang else title,
        "status": status,
        "detail": detail,
        **{k: v for k, v in extra.items() if v is not None},
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _language(request: Request) -> str | None:
    """The language the client asked for (Accept-Language). Without one of
    Samverka's, an API client gets None (English, as it always has) and a
    browser outside /api/ gets Swedish, like every page people read."""
    asked = language_from_header(request.headers.get("accept-language"))
    if asked is None and _a_browser(request):
        return DEFAULT_LANGUAGE
    return asked


def _a_browser(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "") and not request.url.path.startswith(
        "/api/"
    )


def _said(request: Request, message: str) -> str:
    """One of this module's own messages, in the client's language if it asked."""
    lang = _language(request)
    return translator(lang).gettext(message) if lang else message


def _domain_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    lang = _language(request)
    status = next((s for kind, s in _DOMAIN_STATUS if isinstance(error, kind)), 422)
    extra: dict[str, Any] = {"field": error.field}
    headers = None
    if isinstance(error, StaleVersion):
        extra["current_version"] = error.current
        headers = {"ETag": f'"{error.current}"'}
    detail = error_text(error, lang) if lang else api_detail(error)
    return problem(status, detail, code=error.code, headers=headers, lang=lang, **extra)


def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = []
    for item in error.errors():
        loc = [str(part) for part in item.get("loc", ()) if part not in ("body",)]
        errors.append({"field": ".".join(loc) or "body", "message": item.get("msg", "invalid")})
    first = errors[0] if errors else {"field": "body", "message": "invalid"}
    detail = f"{first['field']}: {first['message']}"
    return problem(
        422,
        detail,
        code="validation_failed",
        field=first["field"],
        errors=errors,
        lang=_language(request),
    )


def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    headers = dict(error.headers) if error.headers else None
    return problem(error.status_code, str(error.detail), headers=headers, lang=_language(request))


def _unavailable(request: Request, error: Exception) -> JSONResponse:
    log.warning("http.store_unavailable", error=type(error).__name__)
    return problem(
        503,
        _said(request, _UNAVAILABLE),
        code="store_unavailable",
        headers={"Retry-After": "2"},
        lang=_language(request),
    )


def _unexpected(request: Request, error: Exception) -> JSONResponse:
    log.error("http.unexpected_error", error=type(error).__name__, exc_info=error)
    return problem(500, _said(request, _UNEXPECTED), code="internal", lang=_language(request))


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for unavailable in (OperationalError, InterfaceError, SAOperationalError, DBAPIError):
        app.add_exception_handler(unavailable, _unavailable)
    app.add_exception_handler(Exception, _unexpected)
