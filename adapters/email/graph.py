"""Microsoft Graph as the mail transport, where neither SMTP AUTH nor IMAP is allowed.

Sending: `POST /users/{mailbox}/sendMail` with the message as MIME (base64 of
the exact bytes SMTP would carry), so a calendar invitation arrives
byte for byte as built (adapters/email/ical.py). Reading: the mailbox folder
by delta query (`/mailFolders/{folder}/messages/delta`), each unread message
fetched as MIME (`/$value`), processed, and only then marked read (`isRead`)
— the same exactly-once rule as IMAP's \\Seen: a crash in between reads it
again, which the Message-ID makes harmless.

Every call carries an app-only OAuth token (adapters/email/oauth.py). A 401
gets one new token and one more try; 429, 503 and 504 wait as long as
`Retry-After` says (at most `max_wait` seconds) a few times. What is left
maps onto the SMTP transport's errors: `AuthFailed` (no token, token refused
again, 403 no permission, 404 no such mailbox: nobody's address is at fault),
`Permanent` (400: this message or address will not go), `Transient`.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import SMTP
from typing import Any
from urllib.parse import quote

import httpx
import structlog

from adapters.email.inbound import Inbound, Outcome
from adapters.email.oauth import TokenError, TokenSource
from adapters.email.transport import AuthFailed, Permanent, Transient

log = structlog.get_logger(__name__)
THROTTLED = frozenset({429, 503, 504})


def _reason(response: httpx.Response) -> str:
    """Graph's error code and message (never a token: Graph does not echo it)."""
    try:
        error = response.json().get("error", {})
        said = f"{error.get('code', '')}: {error.get('message', '')}".strip(": ")
    except (ValueError, AttributeError):
        said = response.reason_phrase
    return f"{response.status_code} {said}"[:300]


class GraphClient:
    """Authenticated calls to Graph for one mailbox, with the retry rules above."""

    def __init__(
        self,
        base_url: str,
        mailbox: str,
        tokens: TokenSource,
        *,
        http: httpx.Client | None = None,
        attempts: int = 4,
        max_wait: float = 120.0,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 30.0,
    ) -> None:
        self.base = base_url.rstrip("/")
        self.mailbox = mailbox
        self.tokens = tokens
        self.http = http or httpx.Client(timeout=timeout)
        self.attempts = attempts
        self.max_wait = max_wait
        self.sleep = sleep

    def url(self, path: str) -> str:
        return f"{self.base}/users/{quote(self.mailbox, safe='@')}{path}"

    def _token(self, *, renew: bool) -> str:
        try:
            return self.tokens.renew() if renew else self.tokens.token()
        except TokenError as error:
            raise AuthFailed(f"no OAuth token: {error}"[:300]) from None

    def call(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        renewed = False
        token = self._token(renew=False)
        attempt = 0
        while True:
            attempt += 1
            sent = {**(headers or {}), "Authorization": f"Bearer {token}"}
            try:
                response = self.http.request(method, url, headers=sent, **kwargs)
            except httpx.TransportError as error:
                raise Transient(f"Graph: {type(error).__name__}", connection=True) from None
            if response.status_code == 401 and not renewed:
                # An expired or revoked token: one new token, one more try.
                log.info("mail.graph_token_refused", renewing=True)
                token, renewed = self._token(renew=True), True
                continue
            if response.status_code in THROTTLED and attempt < self.attempts:
                wait = _retry_after(response, default=2.0**attempt)
                log.info("mail.graph_throttled", status=response.status_code, wait=wait)
                self.sleep(min(wait, self.max_wait))
                continue
            return self._checked(response)

    def _checked(self, response: httpx.Response) -> httpx.Response:
        status = response.status_code
        if status < 300:
            return response
        if status in (401, 403, 404):
            raise AuthFailed(f"Microsoft Graph refused: {_reason(response)}")
        if status in THROTTLED or status >= 500:
            raise Transient(f"Microsoft Graph: {_reason(response)}")
        raise Permanent(f"Microsoft Graph: {_reason(response)}")

    def close(self) -> None:
        self.http.close()


def _retry_after(response: httpx.Response, *, default: float) -> float:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return default


class GraphTransport:
    """Sends through Microsoft Graph; each call is a request of its own, so
    the transport is its own session."""

    def __init__(self, client: GraphClient) -> None:
        self.client = client

    def open(self) -> GraphTransport:
        return self

    def deliver(self, message: EmailMessage, recipient: str) -> None:
        """Sends `message` as MIME; Graph takes the recipients from its headers,
        which name exactly `recipient` for every message Samverka sends."""
        mime = message.as_bytes(policy=SMTP)
        self.client.call(
            "POST",
            self.client.url("/sendMail"),
            content=base64.b64encode(mime),
            headers={"Content-Type": "text/plain"},
        )
        log.info("mail.graph_sent")

    def close(self) -> None:
        return None


class GraphReader:
    """Replies from one folder of the mailbox, by delta query.

    The delta link is kept for the life of the process (`mail poll` without
    `--once` asks only for what changed); a new process starts with a full
    pass over the folder, where read messages are skipped.
    """

    def __init__(self, client: GraphClient, folder: str = "inbox") -> None:
        self.client = client
        self.folder = folder
        self.delta_link: str | None = None

    def folder_info(self) -> dict[str, Any]:
        response = self.client.call("GET", self.client.url(f"/mailFolders/{quote(self.folder)}"))
        body = response.json()
        return body if isinstance(body, dict) else {}

    def poll_once(
        self, inbound: Inbound, on_outcome: Callable[[Outcome], None] | None = None
    ) -> int:
        c = self.client
        url: str | None = self.delta_link or c.url(
            f"/mailFolders/{quote(self.folder)}/messages/delta?$select=isRead,internetMessageId"
        )
        done = 0
        while url:
            page = c.call("GET", url, headers={"Prefer": "odata.maxpagesize=50"}).json()
            for item in page.get("value", []):
                if "@removed" in item or item.get("isRead", False):
                    continue
                ident = quote(str(item["id"]), safe="")
                mime = c.call("GET", c.url(f"/messages/{ident}/$value")).content
                outcome = inbound.process(mime)
                c.call("PATCH", c.url(f"/messages/{ident}"), json={"isRead": True})
                done += 1
                if on_outcome is not None:
                    on_outcome(outcome)
            url = page.get("@odata.nextLink")
            if url is None:
                self.delta_link = page.get("@odata.deltaLink")
        log.info("mail.polled", messages=done, transport="graph")
        return done

    def poll_forever(self, inbound: Inbound, interval: float) -> None:
        while True:
            try:
                self.poll_once(inbound)
            except Exception as error:
                log.warning("mail.poll_failed", error=type(error).__name__, reason=str(error)[:200])
            time.sleep(interval)
