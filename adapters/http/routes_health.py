"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from adapters.http.deps import Kontainer
from adapters.http.problems import problem

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is alive")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="The store answers and the views are caught up")
def readyz(k: Kontainer) -> Any:
    if k.probe is not None and not k.probe.available:
        return problem(
            503, f"the database is not reachable: {k.probe.last_error}", code="not_ready"
        )
    try:
        head = k.app.recorder.max_notification_id() or 0
        position = k.projector.position
        if not k.projector.running:
            from projections.runner import read_position

            position = read_position(k.engines.read)
    except Exception as error:
        return problem(
            503, f"the database is not reachable: {type(error).__name__}", code="not_ready"
        )
    lag = head - position
    body = {"status": "ready", "head": head, "position": position, "lag": lag}
    if k.projector.last_error:
        body["projector_error"] = k.projector.last_error
    if lag > k.settings.ready_max_lag:
        return problem(
            503,
            f"the read model is {lag} events behind",
            code="not_ready",
            head=head,
            position=position,
            lag=lag,
        )
    return JSONResponse(body)
