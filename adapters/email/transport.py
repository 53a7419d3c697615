"""Getting a message out: SMTP (stdlib smtplib) or, without SMTP, .eml files.

`SMTP_URL`: `smtp://[user:pass@]host[:port]` upgrades with STARTTLS when the
server offers it (a local test server without TLS works as is);
`smtps://` is implicit TLS (port 465 by default). A password is only sent
over TLS or to a server on the loopback interface. With `?auth=xoauth2`
(`smtp://samverka%40region.se@smtp.office365.com:587?auth=xoauth2`) the
session signs in with `AUTH XOAUTH2` and an OAuth 2.0 bearer token for the
user named in the URL (adapters/email/oauth.py): a 535 gets one new token
and one more try on a fresh connection, never a loop; a second refusal, or
no token at all, is `AuthFailed` — nobody's address is at fault, so every
recipient waits for the dispatcher's next round with the reason recorded.

Errors are sorted the way SMTP means them: a 5xx reply is permanent
(`Permanent`, the address will not work), a 4xx reply or a lost connection is
transient (`Transient`); `SmtpTransport.deliver` retries transient failures a
few times with backoff on a fresh connection before giving up for now.
"""

from __future__ import annotations

import contextlib
import ipaddress
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import parseaddr
from pathlib import Path
from types import TracebackType
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

import structlog
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from adapters.email.oauth import TokenError, TokenSource

log = structlog.get_logger(__name__)
PASSWORD, XOAUTH2 = "password", "xoauth2"


class Permanent(Exception):
    """The server refused the message for good (5xx)."""


class Transient(Exception):
    """Try again later (4xx, connection trouble: `connection` is True then)."""

    def __init__(self, reason: str, *, connection: bool = False) -> None:
        super().__init__(reason)
        self.connection = connection


class Session(Protocol):
    def deliver(self, message: EmailMessage, recipient: str) -> None: ...

    def close(self) -> None: ...


class Transport(Protocol):
    def open(self) -> Session: ...


class SmtpConfigError(ValueError):
    pass


class AuthFailed(SmtpConfigError):
    """Signing in to the mail server (or Graph) failed: no token, or the token
    refused after one renewal. Not the recipient's fault: everyone waits."""


def auth_of(query: str, variable: str) -> str:
    """`password` or `xoauth2`, from a mail URL's `?auth=`."""
    value = parse_qs(query).get("auth", [PASSWORD])[0].lower()
    if value not in (PASSWORD, XOAUTH2):
        raise SmtpConfigError(f"{variable}: ?auth= is password or xoauth2")
    return value


def xoauth2(user: str, token: str) -> str:
    """The XOAUTH2 initial response (before base64), as Exchange and Gmail take it."""
    return f"user={user}\x01auth=Bearer {token}\x01\x01"


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    implicit_tls: bool
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    auth: str = PASSWORD

    @classmethod
    def parse(cls, url: str) -> SmtpTarget:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps"):
            raise SmtpConfigError("SMTP_URL is smtp://host:port or smtps://host:port")
        if not parts.hostname:
            raise SmtpConfigError("SMTP_URL needs a host")
        implicit = parts.scheme == "smtps"
        auth = auth_of(parts.query, "SMTP_URL")
        if auth == XOAUTH2 and not parts.username:
            raise SmtpConfigError("SMTP_URL with ?auth=xoauth2 names the mailbox: smtp://user@host")
        if auth == XOAUTH2 and parts.password:
            raise SmtpConfigError("SMTP_URL with ?auth=xoauth2 holds no password")
        return cls(
            host=parts.hostname,
            port=parts.port or (465 if implicit else 587),
            implicit_tls=implicit,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            auth=auth,
        )

    @property
    def loopback(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def greet(smtp: smtplib.SMTP, target: SmtpTarget, context: ssl.SSLContext) -> bool:
    """EHLO, then STARTTLS when the server offers it and the connection is
    not encrypted already; whether the connection is encrypted now."""
    smtp.ehlo()
    if target.implicit_tls or not smtp.has_extn("starttls"):
        return target.implicit_tls
    smtp.starttls(context=context)
    smtp.ehlo()
    return True


def classify(error: BaseException) -> Exception:
    """An smtplib/socket error as Permanent or Transient (with SMTP's reason)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()))
        return _by_code(code, text)
    if isinstance(error, smtplib.SMTPResponseException):
        return _by_code(error.smtp_code, error.smtp_error)
    if isinstance(error, smtplib.SMTPServerDisconnected | OSError):
        return Transient(str(error)[:300] or type(error).__name__, connection=True)
    if isinstance(error, smtplib.SMTPException):
        return Transient(str(error)[:300] or type(error).__name__)
    return Transient(repr(error)[:300])


def _said(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error
    said = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    return f"{error.smtp_code} {said}"


def _by_code(code: int, text: bytes | str) -> Exception:
    said = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    reason = f"{code} {said}"[:300]
    return Permanent(reason) if 500 <= code < 600 else Transient(reason)


@dataclass(eq=False)
class SmtpSession:
    """One connection, reopened after trouble; a retrying `deliver`."""

    target: SmtpTarget
    _: KW_ONLY
    timeout: float
    attempts: int
    backoff: float
    sleep: Callable[[float], None]
    local_hostname: str | None = None
    tokens: TokenSource | None = None
    _smtp: smtplib.SMTP | None = field(default=None, init=False)

    def _connect(self) -> smtplib.SMTP:
        if self.target.auth != XOAUTH2:
            return self._open(token=None)
        try:
            return self._open(token=self._token(renew=False))
        except smtplib.SMTPAuthenticationError as refused:
            # An expired or revoked token: one new token, one more try.
            log.info("mail.smtp_token_refused", code=refused.smtp_code, renewing=True)
        try:
            return self._open(token=self._token(renew=True))
        except smtplib.SMTPAuthenticationError as refused:
            raise AuthFailed(
                f"the SMTP server refused the OAuth token: {_said(refused)}"[:300]
            ) from None

    def _token(self, *, renew: bool) -> str:
        if self.tokens is None:
            raise AuthFailed("SMTP_URL asks for ?auth=xoauth2 but no OAuth client is set")
        try:
            return self.tokens.renew() if renew else self.tokens.token()
        except TokenError as error:
            raise AuthFailed(f"no OAuth token: {error}"[:300]) from None

    def _open(self, *, token: str | None) -> smtplib.SMTP:
        t = self.target
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if t.implicit_tls:
            smtp = smtplib.SMTP_SSL(
                t.host, t.port, timeout=self.timeout, context=context,
                local_hostname=self.local_hostname,
            )  # fmt: skip
        else:
            smtp = smtplib.SMTP(
                t.host, t.port, timeout=self.timeout, local_hostname=self.local_hostname
            )
        try:
            secure = greet(smtp, t, context)
            if token is not None and t.username:
                if not (secure or t.loopback):
                    raise SmtpConfigError("the SMTP server offers no TLS: not sending a token")
                offered = smtp.esmtp_features.get("auth", "").upper().split()
                if "XOAUTH2" not in offered:
                    raise AuthFailed(
                        f"the SMTP server does not offer AUTH XOAUTH2 (it offers: "
                        f"{' '.join(offered) or 'no AUTH'})"
                    )
                user = t.username
                smtp.auth(
                    "XOAUTH2",
                    # A second call carries the server's error challenge: answer empty (RFC 7628).
                    lambda challenge=None: "" if challenge else xoauth2(user, token),
                    initial_response_ok=True,
                )
            elif t.username:
                if not (secure or t.loopback):
                    raise SmtpConfigError("the SMTP server offers no TLS: not sending a password")
                smtp.login(t.username, t.password or "")
        except BaseException:
            with contextlib.suppress(Exception):
                smtp.close()
            raise
        log.info("mail.smtp_connected", host=t.host, port=t.port, tls=secure)
        return smtp

    def _drop(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(Exception):
                self._smtp.close()
            self._smtp = None

    def _once(self, message: EmailMessage, recipient: str) -> None:
        if self._smtp is None:
            self._smtp = self._connect()
        sender = message["Sender"] or message["From"]
        self._smtp.send_message(message, from_addr=parseaddr(str(sender))[1], to_addrs=[recipient])

    def deliver(self, message: EmailMessage, recipient: str) -> None:
        """Sends, trying again after a transient problem (waiting `backoff`,
        then twice as long each time); a permanent one is raised at once."""

        def retrying(state: RetryCallState) -> None:
            problem = state.outcome.exception() if state.outcome else None
            log.info(
                "mail.smtp_retry",
                recipient=recipient,
                attempt=state.attempt_number,
                error=str(problem),
            )

        attempts = Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential(multiplier=self.backoff),
            retry=retry_if_exception_type(Transient),
            sleep=self.sleep,
            before_sleep=retrying,
            reraise=True,
        )
        attempts(self._try, message, recipient)

    def _try(self, message: EmailMessage, recipient: str) -> None:
        try:
            self._once(message, recipient)
        except SmtpConfigError:
            self._drop()
            raise
        except (smtplib.SMTPException, OSError) as error:
            if isinstance(error, smtplib.SMTPServerDisconnected | OSError):
                self._drop()
            elif self._smtp is not None:
                with contextlib.suppress(Exception):
                    self._smtp.rset()
            raise classify(error) from error

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(Exception):
                self._smtp.quit()
        self._drop()

    def __enter__(self) -> SmtpSession:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class SmtpTransport:
    def __init__(
        self,
        url: str,
        *,
        timeout: float = 30.0,
        attempts: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        tokens: Callable[[str], TokenSource] | None = None,
    ) -> None:
        self.target = SmtpTarget.parse(url)
        # One token source per mailbox, kept across sessions (the cache is the point).
        self.tokens = (
            tokens(self.target.username or "")
            if tokens is not None and self.target.auth == XOAUTH2
            else None
        )
        self.timeout = timeout
        self.attempts = attempts
        self.backoff = backoff
        self.sleep = sleep

    def open(self) -> SmtpSession:
        return SmtpSession(
            self.target,
            timeout=self.timeout,
            attempts=self.attempts,
            backoff=self.backoff,
            sleep=self.sleep,
            tokens=self.tokens,
        )


class OutboxTransport:
    """No SMTP configured: one .eml per message in `folder` (`outbox_dir/mail`).
    There is nothing to connect to, so the transport is its own session."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def open(self) -> OutboxTransport:
        return self

    def deliver(self, message: EmailMessage, recipient: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        ident = str(message["Message-ID"]).strip("<>").split("@", 1)[0]
        path = self.folder / f"{ident}.eml"
        part = path.with_suffix(".part")
        part.write_bytes(message.as_bytes(policy=SMTP))
        part.replace(path)  # whole files only: a reader never sees half a message

    def close(self) -> None:
        return None


def transport_for(
    smtp_url: str | None,
    outbox_dir: str | Path,
    *,
    tokens: Callable[[str], TokenSource] | None = None,
) -> Transport:
    """SMTP when SMTP_URL is set; otherwise the .eml outbox `make run` shows.
    `tokens` gives the OAuth token source for a mailbox (`?auth=xoauth2`)."""
    if smtp_url:
        return SmtpTransport(smtp_url, tokens=tokens)
    return OutboxTransport(Path(outbox_dir) / "mail")
