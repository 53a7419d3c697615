"""The FastAPI application: routers, problem handlers, limits, lifecycle."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response

from adapters.http import (
    routes_audit,
    routes_decisions,
    routes_health,
    routes_initiatives,
    routes_people,
)
from adapters.http.problems import install_problem_handlers, problem
from samverka.bootstrap import Container

DESCRIPTION = """Samverka keeps the shared plan of regions, municipalities and their
partners in mental-health work: arenas (delarenor), initiatives, members and
decisions. Every change is an immutable event; everything here is read from
projections of those events. Authenticate with `Authorization: Bearer <token>`
(create one with `samverka token create`). Send `Idempotency-Key` to make a
command safe to retry and `If-Match: "<version>"` to guard against stale edits.
"""


def _limit_body_size(max_bytes: int) -> Callable[..., Awaitable[Response]]:
    async def middleware(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        length = request.headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                return problem(400, "Content-Length must be a number")
            if int(length) > max_bytes:
                return problem(413, f"the request body is larger than {max_bytes} bytes")
        elif request.method in ("POST", "PUT", "PATCH"):
            body = await request.body()
            if len(body) > max_bytes:
                return problem(413, f"the request body is larger than {max_bytes} bytes")
        return await call_next(request)

    return middleware


def create_app(container: Container, *, manage_lifecycle: bool = True) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if manage_lifecycle:
            container.start()
        try:
            yield
        finally:
            if manage_lifecycle:
                container.close()

    app = FastAPI(
        title="Samverka",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url="/docs",
    )
    app.state.container = container
    install_problem_handlers(app)
    app.middleware("http")(_limit_body_size(container.settings.max_body_bytes))
    for module in (
        routes_health,
        routes_people,
        routes_initiatives,
        routes_decisions,
        routes_audit,
    ):
        app.include_router(module.router)
    return app


def app_factory() -> Any:
    """For `uvicorn --factory adapters.http.app:app_factory` (multi-worker serve)."""
    from samverka.bootstrap import bootstrap
    from samverka.logging import configure_logging
    from samverka.settings import Settings

    settings = Settings.from_env()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(bootstrap(settings))
