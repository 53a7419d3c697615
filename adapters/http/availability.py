"""503 at once while the store probe says the database is down (plain ASGI)."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Receive, Scope, Send

from adapters.persistence.store_probe import StoreProbe

_BODY = json.dumps(
    {
        "type": "https://samverka.se/problems/store_unavailable",
        "title": "Service unavailable",
        "status": 503,
        "detail": "the database is not reachable right now; try again shortly",
    }
).encode()


class FailFastWhileDown:
    """Only API and Slack requests: /healthz answers, /readyz reports it itself."""

    def __init__(self, app: ASGIApp, probe: StoreProbe) -> None:
        self.app = app
        self.probe = probe

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if self.probe.available or not path.startswith(("/api/", "/slack/")):
            await self.app(scope, receive, send)
            return
        await send(
            {
                "type": "http.response.start",
                "status": 503,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(_BODY)).encode()),
                    (b"retry-after", b"2"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": _BODY})
