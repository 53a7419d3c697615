"""Size limits on a request's headers and body, as plain ASGI (cheaper than
BaseHTTPMiddleware).

uvicorn with httptools sets no limit on headers, and FastAPI answers 400 to
anything that goes wrong while it reads a body, so both limits are kept here,
outside the application: 431 for headers, 413 for a body (declared or sent in
chunks), each an application/problem+json.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_TITLES = {
    400: "Bad request",
    413: "Content too large",
    431: "Request header fields too large",
}


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than {limit} bytes")
        self.limit = limit


# Paths that take a file, with the largest body each may send (an import of
# indicator values: services/indicator_import.py's MAX_BYTES, and the form's
# fields around it).
FILE_UPLOADS = {
    "/api/v1/indicators/imports": 50 * 1024 * 1024,
    "/indicators/import": 50 * 1024 * 1024 + 64 * 1024,
}


class RequestLimits:
    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int,
        max_header_bytes: int,
        uploads: dict[str, int] | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_header_bytes = max_header_bytes
        self.uploads = FILE_UPLOADS if uploads is None else uploads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.uploads.get(scope.get("path", ""), self.max_body_bytes)
        headers = scope.get("headers", ())
        if sum(len(name) + len(value) for name, value in headers) > self.max_header_bytes:
            most = self.max_header_bytes
            await _reject(send, 431, f"the request headers are larger than {most} bytes")
            return
        declared = _content_length(headers)
        if declared == -1:
            await _reject(send, 400, "Content-Length must be a number")
            return
        if declared is not None and declared > limit:
            await _reject(send, 413, str(BodyTooLarge(limit)))
            return
        seen = 0
        too_large = False
        started = False

        async def counting_receive() -> Message:
            nonlocal seen, too_large
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    too_large = True
                    raise BodyTooLarge(limit)
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if too_large and not started:
                return  # whatever the application makes of it, the answer is 413
            started = started or message["type"] == "http.response.start"
            await send(message)

        with contextlib.suppress(BodyTooLarge):  # the application may let it out, or not
            await self.app(scope, counting_receive, guarded_send)
        if too_large and not started:
            await _reject(send, 413, str(BodyTooLarge(limit)))


def _content_length(headers: Any) -> int | None:
    """The declared length; -1 when it is not a number."""
    for name, value in headers:
        if name == b"content-length":
            return int(value) if value.isdigit() else -1
    return None


async def _reject(send: Send, status: int, detail: str) -> None:
    body: dict[str, Any] = {
        "type": f"https://samverka.se/problems/{status}",
        "title": _TITLES[status],
        "status": status,
        "detail": detail,
    }
    data = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(data)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": data})
