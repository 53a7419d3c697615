"""Liveness and readiness.

Both answer anyone, so they say only whether the service is ready and, if
not, a short reason code; the details (which can name tables and values) go to
the log.
"""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from adapters.http import models as out
from adapters.http.deps import Services
from adapters.http.problems import problem

log = structlog.get_logger(__name__)
router = APIRouter(tags=["health"])

DATABASE_UNREACHABLE = "database_unreachable"
PROJECTOR_FAILING = "projector_failing"
LAGGING = "lagging"


@router.get("/healthz", summary="The process is alive", response_model=out.Status)
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="The store answers and the views are caught up",
    description="503 with `reason` database_unreachable, projector_failing or lagging.",
    response_model=out.Status,
)
def readyz(s: Services) -> Any:
    found = s.health.readiness()
    if not found.ready:
        return _not_ready(found.reason or "not_ready", **found.numbers)
    return JSONResponse({"status": "ready", **found.numbers})


def _not_ready(reason: str, **numbers: int) -> JSONResponse:
    extra: dict[str, Any] = {"reason": reason, **numbers}
    return problem(503, f"not ready: {reason}", code="not_ready", **extra)
