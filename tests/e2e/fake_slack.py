"""A local fake of Slack's Web API over real HTTP, for tests and benchmarks.

It records every call, answers like Slack (`{"ok": true, ...}` or
`{"ok": false, "error": ...}`), keeps a few users, and enforces rate limits
the way Slack does: HTTP 429 with a `Retry-After` header in whole seconds.
Response URLs (`/response/<id>`) are recorded too.
"""

from __future__ import annotations

import itertools
import json
import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.e2e.server import serving
from tests.http_fakes import QuietHandler


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float


@dataclass
class Bucket:
    """A token bucket: `burst` calls at once, then `per_second`."""

    burst: float
    per_second: float
    tokens: float = 0.0
    stamp: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.tokens = self.burst

    def take(self) -> float:
        """0 when the call may go ahead; else the seconds until it may."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.per_second)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.per_second


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.limits: dict[str, Bucket] = {}
        self.forced_429: dict[str, int] = {}
        self.rate_limited = 0
        self.url = ""
        self._ts = itertools.count(1)
        self._lock = threading.Lock()

    # -- setup -------------------------------------------------------------------------

    def add_user(
        self, user_id: str, email: str | None = None, name: str = "", *, confirmed: bool = True
    ) -> None:
        """A workspace member; `confirmed`: whether they confirmed their e-mail
        address (Slack's `is_email_confirmed`, on the user, not the profile)."""
        self.users[user_id] = {
            "id": user_id,
            "name": name,
            "is_email_confirmed": confirmed,
            "profile": {"email": email},
        }

    def limit(self, method: str, *, burst: float, per_second: float) -> None:
        self.limits[method] = Bucket(burst, per_second)

    def throttle_next(self, method: str, times: int) -> None:
        """The next `times` calls of `method` get 429 with Retry-After: 1."""
        self.forced_429[method] = times

    # -- reading -----------------------------------------------------------------------

    def of(self, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [c.params for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.of(method)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"{method} was called {len(self.of(method))} times, not {count}")

    # -- answering ---------------------------------------------------------------------

    def answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        with self._lock:
            forced = self.forced_429.get(method, 0)
            if forced:
                self.forced_429[method] = forced - 1
                self.rate_limited += 1
                return 429, {"Retry-After": "1"}, {"ok": False, "error": "ratelimited"}
            bucket = self.limits.get(method)
            wait = bucket.take() if bucket else 0.0
            if wait:
                self.rate_limited += 1
                headers = {"Retry-After": str(max(1, math.ceil(wait)))}
                return 429, headers, {"ok": False, "error": "ratelimited"}
            self.calls.append(Call(method, params, time.monotonic()))
            return 200, {}, self._body(method, params)

    def _body(self, method: str, params: dict[str, Any]) -> Any:
        if method.startswith("response/"):
            return "ok"
        if method == "auth.test":
            return {
                "ok": True,
                "user_id": "UBOT",
                "bot_id": "BBOT",
                "team_id": "T1",
                "team": "Test",
            }
        if method == "users.info":
            user = self.users.get(str(params.get("user")))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "users.lookupByEmail":
            email = str(params.get("email", "")).lower()
            found = [
                u for u in self.users.values() if (u["profile"]["email"] or "").lower() == email
            ]
            return (
                {"ok": True, "user": found[0]}
                if found
                else {"ok": False, "error": "users_not_found"}
            )
        if method == "chat.postMessage":
            channel = str(params.get("channel"))
            if channel.startswith("U") and channel not in self.users:
                return {"ok": False, "error": "channel_not_found"}
            return {"ok": True, "channel": channel, "ts": f"1700000000.{next(self._ts):06d}"}
        if method == "chat.getPermalink":
            ts = str(params.get("message_ts", "")).replace(".", "")
            channel = params.get("channel")
            return {"ok": True, "permalink": f"https://test.slack.com/archives/{channel}/p{ts}"}
        if method in ("views.open", "views.publish", "views.update"):
            return {"ok": True, "view": {"id": f"V{next(self._ts):08d}"}}
        if method == "oauth.v2.access":
            return {
                "ok": True,
                "app_id": "A1",
                "authed_user": {"id": "U0ANNA001"},
                "scope": "chat:write,commands",
                "token_type": "bot",
                "access_token": "xoxb-installed",
                "bot_user_id": "UBOT",
                "team": {"id": "T9", "name": "Region"},
                "enterprise": None,
                "is_enterprise_install": False,
            }
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": f"D{params.get('users')}"}}
        return {"ok": False, "error": "unknown_method"}


def _handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        protocol_version = "HTTP/1.1"

        def _params(self) -> dict[str, Any]:
            query = dict(parse_qsl(urlsplit(self.path).query))
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            if "json" in (self.headers.get("Content-Type") or ""):
                body = json.loads(raw or "{}")
            else:
                body = dict(parse_qsl(raw))
            for key in ("blocks", "view", "metadata"):
                if isinstance(body.get(key), str):
                    body[key] = json.loads(body[key])
            return {**query, **body}

        def _serve(self) -> None:
            path = urlsplit(self.path).path
            params = self._params()
            method = path.removeprefix("/api/").strip("/")
            status, headers, body = fake.answer(method, params)
            data = (body if isinstance(body, str) else json.dumps(body)).encode()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            ctype = "text/plain" if isinstance(body, str) else "application/json; charset=utf-8"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = _serve
        do_POST = _serve

    return Handler


@contextmanager
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    with serving(_handler(fake)) as url:
        fake.url = url
        yield fake
