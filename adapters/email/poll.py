"""`samverka mail poll`: read unseen mail from an IMAP mailbox (imap-tools).

IMAP_URL is `imap://user:pass@host[:143]/INBOX` (plain, or STARTTLS with
`?starttls=1`) or `imaps://user:pass@host[:993]/INBOX`; with `?auth=xoauth2`
and no password (`imaps://samverka%40region.se@outlook.office365.com/INBOX?auth=xoauth2`)
it signs in with XOAUTH2 and an OAuth 2.0 token (adapters/email/oauth.py), and
a refused token gets one new token and one more try. Unseen messages are
fetched without marking them, processed, and only then flagged \\Seen: a crash
in between reprocesses them, which the Message-ID makes harmless.
"""

from __future__ import annotations

import contextlib
import imaplib
import ipaddress
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

import structlog
from imap_tools import AND, BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import MailboxLoginError

from adapters.email.inbound import Inbound, Outcome
from adapters.email.oauth import TokenError, TokenSource
from adapters.email.transport import PASSWORD, XOAUTH2, AuthFailed, SmtpConfigError, auth_of
from services.i18n import N_, CatalogValueError

log = structlog.get_logger(__name__)
BATCH = 100


@dataclass(frozen=True)
class ImapTarget:
    host: str
    port: int
    user: str
    password: str = field(repr=False)
    folder: str
    tls: str  # "implicit" | "starttls" | "none"
    auth: str = PASSWORD


def parse_imap_url(url: str) -> ImapTarget:
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps") or not parts.hostname or not parts.username:
        raise CatalogValueError(N_("IMAP_URL is imap[s]://user:pass@host[:port]/FOLDER"))
    implicit = parts.scheme == "imaps"
    starttls = parse_qs(parts.query).get("starttls", ["0"])[0] in ("1", "true", "yes")
    try:
        auth = auth_of(parts.query, "IMAP_URL")
    except SmtpConfigError as error:
        raise ValueError(str(error)) from None
    if auth == XOAUTH2 and parts.password:
        raise ValueError("IMAP_URL with ?auth=xoauth2 holds no password")
    return ImapTarget(
        host=parts.hostname,
        port=parts.port or (993 if implicit else 143),
        user=unquote(parts.username),
        password=unquote(parts.password or ""),
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
        tls="implicit" if implicit else "starttls" if starttls else "none",
        auth=auth,
    )


def connect(
    target: ImapTarget, timeout: float = 30.0, *, tokens: TokenSource | None = None
) -> BaseMailBox:
    """A signed-in mailbox with `target.folder` selected."""
    if target.auth != XOAUTH2:
        return open_mailbox(target, timeout).login(
            target.user, target.password, initial_folder=target.folder
        )
    if tokens is None:
        raise AuthFailed("IMAP_URL asks for ?auth=xoauth2 but no OAuth client is set")
    if target.tls == "none" and not loopback(target.host):
        # A bearer token opens the mailbox like a password: never in clear text.
        raise AuthFailed("IMAP_URL is plain imap://: not sending a token without TLS")
    try:
        return _xoauth2(target, timeout, _token(tokens, renew=False))
    except Refused:
        # An expired or revoked token: one new token, one more try.
        log.info("mail.imap_token_refused", renewing=True)
    try:
        return _xoauth2(target, timeout, _token(tokens, renew=True))
    except Refused as error:
        raise AuthFailed(f"the IMAP server refused the OAuth token: {error}"[:300]) from None


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Refused(Exception):
    """AUTHENTICATE answered NO (imaplib says so with IMAP4.error, not abort)."""


def _token(tokens: TokenSource, *, renew: bool) -> str:
    try:
        return tokens.renew() if renew else tokens.token()
    except TokenError as error:
        raise AuthFailed(f"no OAuth token: {error}"[:300]) from None


def _xoauth2(target: ImapTarget, timeout: float, token: str) -> BaseMailBox:
    box = open_mailbox(target, timeout)
    try:
        return box.xoauth2(target.user, token, initial_folder=target.folder)
    except MailboxLoginError as error:
        shut(box)
        raise Refused(str(error)) from None
    except imaplib.IMAP4.error as error:
        shut(box)
        if isinstance(error, imaplib.IMAP4.abort):
            raise
        raise Refused(str(error)) from None
    except BaseException:
        shut(box)
        raise


def shut(box: BaseMailBox) -> None:
    with contextlib.suppress(Exception):
        box.client.shutdown()


def open_mailbox(target: ImapTarget, timeout: float) -> BaseMailBox:
    box: BaseMailBox
    if target.tls == "implicit":
        box = MailBox(target.host, target.port, timeout=timeout)
    elif target.tls == "starttls":
        box = MailBoxStartTls(target.host, target.port, timeout=timeout)
    else:
        box = MailBoxUnencrypted(target.host, target.port, timeout=timeout)
    return box


def poll_once(
    inbound: Inbound,
    target: ImapTarget,
    *,
    on_outcome: Callable[[Outcome], None] | None = None,
    tokens: TokenSource | None = None,
) -> int:
    """Processes every unseen message once; returns how many.

    Messages are fetched a chunk at a time in one FETCH and flagged \\Seen in
    one STORE once the whole chunk is processed: a crash in between
    reprocesses at most one chunk, which the Message-ID makes harmless.
    """
    done = 0
    with connect(target, tokens=tokens) as box:
        uids = box.uids(AND(seen=False))
        for start in range(0, len(uids), BATCH):
            chunk = uids[start : start + BATCH]
            processed: list[str] = []
            for message in box.fetch(AND(uid=chunk), mark_seen=False, bulk=True):
                if not message.uid and not message.obj.keys():
                    continue  # an unsolicited FETCH with flags only, not a message
                outcome = inbound.process(message.obj.as_bytes())
                if message.uid:
                    processed.append(message.uid)
                done += 1
                if on_outcome is not None:
                    on_outcome(outcome)
            if processed:
                # STORE directly: imap-tools' flag() also expunges, a round trip more.
                box.client.uid("STORE", ",".join(processed), "+FLAGS", "(\\Seen)")
    log.info("mail.polled", messages=done, host=target.host, folder=target.folder)
    return done


def poll_forever(
    inbound: Inbound, target: ImapTarget, interval: float, *, tokens: TokenSource | None = None
) -> None:
    while True:
        try:
            poll_once(inbound, target, tokens=tokens)
        except AuthFailed as error:  # the server's or provider's words, no mail content
            log.warning("mail.poll_failed", error="AuthFailed", reason=str(error))
        except Exception as error:
            log.warning("mail.poll_failed", error=type(error).__name__)
        time.sleep(interval)
