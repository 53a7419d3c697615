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

from adapters.http.deps import Kontainer
from adapters.http.problems import problem

log = structlog.get_logger(__name__)
router = APIRouter(tags=["health"])

DATABASE_UNREACHABLE = "database_unreachable"
PROJECTOR_FAILING = "projector_failing"
LAGGING = "lagging"


@router.get("/healthz", summary="The process is alive")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="The store answers and the views are caught up",
    description="503 with `reason` database_unreachable, projector_failing or lagging.",
)
def readyz(k: Kontainer) -> Any:
    if k.probe is not None and not k.probe.available:
        log.warning("readyz.not_ready", reason=DATABASE_UNREACHABLE, error=k.probe.last_error)
        return _not_ready(DATABASE_UNREACHABLE)
    try:
        head = k.app.recorder.max_notification_id() or 0
        position = k.projector.position
        if not k.projector.running:
            from projections.runner import read_position

            position = read_position(k.engines.read)
    except Exception as error:
        log.warning("readyz.not_ready", reason=DATABASE_UNREACHABLE, error=type(error).__name__)
        return _not_ready(DATABASE_UNREACHABLE)
    numbers = {"head": head, "position": position, "lag": head - position}
    if k.projector.last_error:
        # The projector logs its error itself; its text may hold row values.
        kind = k.projector.last_error.partition(":")[0]
        log.warning("readyz.not_ready", reason=PROJECTOR_FAILING, error=kind, **numbers)
        return _not_ready(PROJECTOR_FAILING, **numbers)
    if numbers["lag"] > k.settings.ready_max_lag:
        log.info("readyz.not_ready", reason=LAGGING, **numbers)
        return _not_ready(LAGGING, **numbers)
    return JSONResponse({"status": "ready", **numbers})


def _not_ready(reason: str, **numbers: int) -> JSONResponse:
    extra: dict[str, Any] = {"reason": reason, **numbers}
    return problem(503, f"not ready: {reason}", code="not_ready", **extra)
