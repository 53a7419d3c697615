"""A local fake of the parts of Microsoft Graph that Samverka's mail uses: a
real HTTP server in a thread, on loopback, checking every bearer token
against the fake token endpoint (tests/oauth_fixtures.py).

- `POST /v1.0/users/{mailbox}/sendMail` with a base64 MIME body (202);
- `GET  /v1.0/users/{mailbox}/mailFolders/{folder}` (the folder's counts);
- `GET  /v1.0/users/{mailbox}/mailFolders/{folder}/messages/delta`, paged by
  `Prefer: odata.maxpagesize`, ending in a deltaLink that later reports only
  what changed since;
- `GET  /v1.0/users/{mailbox}/messages/{id}/$value` (the MIME);
- `PATCH /v1.0/users/{mailbox}/messages/{id}` (`isRead`).

`throttle(n, seconds)` answers the next n calls 429 with Retry-After;
`expire_after(n)` lets the token run out after n more calls (mid-run);
`forbid` answers 403 as without the application permission.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.http_fakes import QuietHandler, serving
from tests.oauth_fixtures import MAILBOX, IdentityProvider


@dataclass
class Stored:
    id: str
    mime: bytes
    is_read: bool = False
    changed: int = 0


@dataclass
class FakeGraph:
    idp: IdentityProvider
    mailbox: str = MAILBOX
    folder: str = "inbox"
    base: str = ""
    sent: list[bytes] = field(default_factory=list)
    messages: list[Stored] = field(default_factory=list)
    calls: list[tuple[str, str, int]] = field(default_factory=list)
    forbid: bool = False
    throttled: int = 0
    retry_after: str = "7"
    expire_in: int | None = None
    version: int = 0
    lock: threading.RLock = field(default_factory=threading.RLock)

    @property
    def url(self) -> str:
        return f"{self.base}/v1.0"

    def throttle(self, times: int, seconds: str = "7") -> None:
        self.throttled, self.retry_after = times, seconds

    def expire_after(self, calls: int) -> None:
        self.expire_in = calls

    def deliver(self, mime: bytes) -> Stored:
        """A reply arrives in the folder."""
        with self.lock:
            self.version += 1
            stored = Stored(f"AAMk{uuid.uuid4().hex}", mime, changed=self.version)
            self.messages.append(stored)
            return stored

    def unread(self) -> list[Stored]:
        with self.lock:
            return [m for m in self.messages if not m.is_read]

    def handle(
        self, method: str, raw_path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            if self.expire_in is not None:
                if self.expire_in == 0:
                    self.idp.expire_all()
                    self.expire_in = None
                else:
                    self.expire_in -= 1
            status, extra, answer = self._route(method, raw_path, headers, body)
            self.calls.append((method, urlsplit(raw_path).path, status))
            return status, extra, answer

    def _route(
        self, method: str, raw_path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        token = headers.get("authorization", "").removeprefix("Bearer ")
        if self.idp.valid(token) is None:
            return _error(401, "InvalidAuthenticationToken", "Access token has expired.")
        if self.throttled > 0:
            self.throttled -= 1
            status, extra, answer = _error(429, "TooManyRequests", "Application is over its limit.")
            return status, {**extra, "Retry-After": self.retry_after}, answer
        if self.forbid:
            return _error(403, "ErrorAccessDenied", "Access is denied. Check credentials.")
        parts = urlsplit(raw_path)
        match = re.fullmatch(r"/v1\.0/users/([^/]+)(/.*)", parts.path)
        if match is None:
            return _error(404, "ResourceNotFound", "Resource not found.")
        if unquote(match.group(1)).lower() != self.mailbox:
            return _error(404, "ErrorInvalidUser", "The requested user is invalid.")
        rest = match.group(2)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if method == "POST" and rest == "/sendMail":
            try:
                self.sent.append(base64.b64decode(body, validate=True))
            except binascii.Error:
                return _error(400, "ErrorMimeContentInvalidBase64String", "Invalid base64.")
            return 202, {}, b""
        if method == "GET" and rest == f"/mailFolders/{self.folder}":
            unread = len(self.unread())
            return _json(
                {"id": "AQMk-inbox", "displayName": "Inkorgen", "totalItemCount": len(self.messages), "unreadItemCount": unread}
            )  # fmt: skip
        if method == "GET" and rest.startswith("/mailFolders/") and not rest.endswith("/delta"):
            return _error(404, "ErrorItemNotFound", "The specified object was not found.")
        if method == "GET" and rest == f"/mailFolders/{self.folder}/messages/delta":
            return self._delta(query, headers)
        found = re.fullmatch(r"/messages/([^/]+)(/\$value)?", rest)
        stored = next((m for m in self.messages if found and m.id == unquote(found.group(1))), None)
        if found is None or stored is None:
            return _error(404, "ErrorItemNotFound", "The specified object was not found.")
        if method == "GET" and found.group(2):
            return 200, {"Content-Type": "message/rfc822"}, stored.mime
        if method == "PATCH" and not found.group(2):
            change = json.loads(body or b"{}")
            if "isRead" in change:
                self.version += 1
                stored.is_read, stored.changed = bool(change["isRead"]), self.version
            return _json({"id": stored.id, "isRead": stored.is_read})
        return _error(405, "MethodNotAllowed", "No.")

    def _delta(
        self, query: dict[str, str], headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        size = 10
        wanted = re.search(r"odata\.maxpagesize=(\d+)", headers.get("prefer", ""))
        if wanted:
            size = int(wanted.group(1))
        since, offset = 0, 0
        if "$deltatoken" in query:
            since = int(query["$deltatoken"])
        if "$skiptoken" in query:
            since_text, offset_text = query["$skiptoken"].split(".")
            since, offset = int(since_text), int(offset_text)
        changed = [m for m in self.messages if m.changed > since]
        page = changed[offset : offset + size]
        base = f"{self.url}/users/{self.mailbox}/mailFolders/{self.folder}/messages/delta"
        body: dict[str, Any] = {
            "value": [{"id": m.id, "isRead": m.is_read, "internetMessageId": "<x>"} for m in page]
        }
        if offset + size < len(changed):
            body["@odata.nextLink"] = f"{base}?$skiptoken={since}.{offset + size}"
        else:
            body["@odata.deltaLink"] = f"{base}?$deltatoken={self.version}"
        return _json(body)


def _json(body: dict[str, Any], status: int = 200) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "application/json"}, json.dumps(body).encode()


def _error(status: int, code: str, message: str) -> tuple[int, dict[str, str], bytes]:
    return _json({"error": {"code": code, "message": message}}, status)


@contextmanager
def fake_graph(idp: IdentityProvider) -> Iterator[FakeGraph]:
    graph = FakeGraph(idp)

    class Handler(QuietHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, extra, answer = graph.handle(self.command, self.path, headers, body)
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        do_GET = do_POST = do_PATCH = _serve

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    graph.base = f"http://127.0.0.1:{server.server_address[1]}"
    with serving(server):
        yield graph
