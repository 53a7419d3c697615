"""What a chat door (Slack, Teams) answers a request it cannot take: a
problem body (RFC 9457), and the route of a door that is not configured
(503, saying which variables to set)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse


def problem(status: int, title: str, detail: str) -> JSONResponse:
    return JSONResponse(
        {"type": "about:blank", "title": title, "status": status, "detail": detail},
        status_code=status,
        media_type="application/problem+json",
    )


def not_configured(path: str, title: str, detail: str) -> APIRouter:
    """A router whose `path` answers every POST with 503 `title`: `detail`."""

    async def unavailable(request: Request) -> JSONResponse:
        return problem(503, title, detail)

    router = APIRouter()
    router.add_api_route(path, unavailable, methods=["POST"], include_in_schema=False)
    return router
