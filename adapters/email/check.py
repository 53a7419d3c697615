"""`samverka mail check`: tries the configured mail transport end to end and
says, step by step, what worked and what did not — the first thing an IT
department runs after registering the app.

SMTP: a token (with `?auth=xoauth2`), the connection, TLS, the sign-in (no
message is sent). IMAP: a token, the connection, the sign-in, the folder.
Graph: a token, then the mailbox's folder read (sending needs no mailbox
read, so a wrong Mail.Send permission shows only on the first message).
Each step is a `Step` whose text is an English message id with `{fields}`;
the door translates it (samverka/cli_mail.py). A failed step ends its check.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from imap_tools import BaseMailBox

from adapters.email.graph import GraphReader
from adapters.email.oauth import TokenError, TokenSource
from adapters.email.poll import ImapTarget, Refused, loopback, open_mailbox, shut
from adapters.email.transport import (
    XOAUTH2,
    AuthFailed,
    Permanent,
    SmtpTarget,
    Transient,
    greet,
    xoauth2,
)
from services.i18n import N_

T = TypeVar("T")


@dataclass(frozen=True)
class Step:
    ok: bool
    text: str  # an English message id, translated where shown
    values: dict[str, str] = field(default_factory=dict)


class _Stop(Exception):
    """A step failed: the rest of this check cannot run."""


class Report:
    def __init__(self) -> None:
        self.steps: list[Step] = []

    def ok(self, text: str, **values: object) -> None:
        self.steps.append(Step(True, text, {k: str(v) for k, v in values.items()}))

    def failed(self, text: str, **values: object) -> _Stop:
        self.steps.append(Step(False, text, {k: str(v)[:300] for k, v in values.items()}))
        return _Stop()

    def attempt(
        self,
        act: Callable[[], T],
        errors: tuple[type[Exception], ...],
        failed: str,
        done: str,
        **values: object,
    ) -> T:
        """A step: what `act` gives, said with `done`; `failed` (the error as
        its {reason}), and the check ends, when `act` raises one of `errors`."""
        try:
            result = act()
        except errors as error:
            raise self.failed(failed, **values, reason=error) from None
        self.ok(done, **values)
        return result


@contextlib.contextmanager
def _checking(report: Report) -> Iterator[None]:
    with contextlib.suppress(_Stop):
        yield


def _token(report: Report, tokens: TokenSource | None) -> str:
    if tokens is None:
        raise report.failed(N_("No OAuth client is set (SAMVERKA_MAIL_OAUTH_PROVIDER)."))
    try:
        token = tokens.token()
    except TokenError as error:
        raise report.failed(N_("Could not get an OAuth token: {reason}"), reason=error) from None
    report.ok(N_("Got an OAuth token."))
    return token


def _smtp(target: SmtpTarget, timeout: float, context: ssl.SSLContext) -> smtplib.SMTP:
    if target.implicit_tls:
        return smtplib.SMTP_SSL(target.host, target.port, timeout=timeout, context=context)
    return smtplib.SMTP(target.host, target.port, timeout=timeout)


def check_smtp(target: SmtpTarget, tokens: TokenSource | None, timeout: float = 20.0) -> list[Step]:
    report = Report()
    with _checking(report):
        token = _token(report, tokens) if target.auth == XOAUTH2 else None
        context = ssl.create_default_context()
        smtp = report.attempt(
            lambda: _smtp(target, timeout, context),
            (OSError, smtplib.SMTPException),
            N_("Could not connect to the SMTP server {server}: {reason}"),
            N_("Connected to the SMTP server {server}."),
            server=f"{target.host}:{target.port}",
        )
        try:
            _smtp_session(report, smtp, target, token, context)
        finally:
            with contextlib.suppress(Exception):
                smtp.quit()
    return report.steps


def _smtp_session(
    report: Report,
    smtp: smtplib.SMTP,
    target: SmtpTarget,
    token: str | None,
    context: ssl.SSLContext,
) -> None:
    try:
        secure = greet(smtp, target, context)
    except (OSError, smtplib.SMTPException) as error:
        raise report.failed(N_("TLS with the SMTP server failed: {reason}"), reason=error) from None
    if secure:
        report.ok(N_("The connection is encrypted (TLS)."))
    elif target.username and not target.loopback:
        raise report.failed(N_("The SMTP server offers no TLS: Samverka will not sign in."))
    if not target.username:
        report.ok(N_("SMTP_URL names no user: no sign-in (a relay that trusts this machine)."))
        return
    user = target.username
    if token is not None:
        offered = smtp.esmtp_features.get("auth", "").upper().split()
        if "XOAUTH2" not in offered:
            raise report.failed(
                N_("The SMTP server does not offer AUTH XOAUTH2 (it offers: {offered})."),
                offered=" ".join(offered) or "-",
            )
        try:
            smtp.auth(
                "XOAUTH2",
                lambda challenge=None: "" if challenge else xoauth2(user, token),
                initial_response_ok=True,
            )
        except smtplib.SMTPResponseException as error:
            raise report.failed(
                N_(
                    "The SMTP server refused the OAuth token for {user}: {reason}. In Exchange "
                    "Online check the app's SMTP.SendAsApp permission, its service principal "
                    "and its permission on the mailbox, and that SMTP AUTH is on for it."
                ),
                user=user,
                reason=f"{error.smtp_code} {error.smtp_error!r}",
            ) from None
        report.ok(N_("Signed in to the SMTP server as {user} with the OAuth token."), user=user)
    else:
        report.attempt(
            lambda: smtp.login(user, target.password or ""),
            (smtplib.SMTPException,),
            N_("The SMTP server refused the user name or password for {user}: {reason}"),
            N_("Signed in to the SMTP server as {user} with a password."),
            user=user,
        )
    report.ok(N_("Sending works as far as it can be tried without sending a message."))


def check_imap(target: ImapTarget, tokens: TokenSource | None, timeout: float = 20.0) -> list[Step]:
    report = Report()
    with _checking(report):
        if target.auth == XOAUTH2 and target.tls == "none" and not loopback(target.host):
            raise report.failed(
                N_(
                    "IMAP_URL is plain imap:// to another machine: "
                    "Samverka sends no token without TLS."
                )
            )
        token = _token(report, tokens) if target.auth == XOAUTH2 else None
        box = report.attempt(
            lambda: open_mailbox(target, timeout),
            (OSError, ssl.SSLError),
            N_("Could not connect to the IMAP server {server}: {reason}"),
            N_("Connected to the IMAP server {server}."),
            server=f"{target.host}:{target.port}",
        )
        try:
            _imap_session(report, box, target, token)
        finally:
            with contextlib.suppress(Exception):
                box.logout()
            shut(box)
    return report.steps


def _imap_session(report: Report, box: BaseMailBox, target: ImapTarget, token: str | None) -> None:
    import imaplib

    from imap_tools.errors import MailboxFolderSelectError, MailboxLoginError

    try:
        if token is not None:
            box.xoauth2(target.user, token, initial_folder=None)
        else:
            box.login(target.user, target.password, initial_folder=None)
    except (MailboxLoginError, imaplib.IMAP4.error, Refused) as error:
        if token is not None:
            raise report.failed(
                N_(
                    "The IMAP server refused the OAuth token for {user}: {reason}. In Exchange "
                    "Online check the app's IMAP.AccessAsApp permission, its service principal "
                    "and its permission on the mailbox."
                ),
                user=target.user,
                reason=error,
            ) from None
        raise report.failed(
            N_("The IMAP server refused the user name or password for {user}: {reason}"),
            user=target.user,
            reason=error,
        ) from None
    report.ok(N_("Signed in to the IMAP server as {user}."), user=target.user)
    report.attempt(
        lambda: box.folder.set(target.folder),
        (MailboxFolderSelectError, imaplib.IMAP4.error),
        N_("The folder {folder} could not be opened: {reason}"),
        N_("Opened the folder {folder}."),
        folder=target.folder,
    )


def check_graph(reader: GraphReader) -> list[Step]:
    report = Report()
    client = reader.client
    with _checking(report):
        _token(report, client.tokens)
        try:
            folder = reader.folder_info()
        except AuthFailed as error:
            raise report.failed(
                N_(
                    "Microsoft Graph refused to read the folder {folder} of {mailbox}: {reason}. "
                    "Check the app's Mail.ReadWrite and Mail.Send application permissions, the "
                    "admin consent, the application access policy and the mailbox address."
                ),
                folder=reader.folder,
                mailbox=client.mailbox,
                reason=error,
            ) from None
        except (Transient, Permanent) as error:
            raise report.failed(
                N_("Could not reach Microsoft Graph at {url}: {reason}"),
                url=client.base,
                reason=error,
            ) from None
        report.ok(
            N_("Read the folder {folder} of {mailbox}: {unread} unread of {total}."),
            folder=folder.get("displayName", reader.folder),
            mailbox=client.mailbox,
            unread=folder.get("unreadItemCount", "?"),
            total=folder.get("totalItemCount", "?"),
        )
        report.ok(N_("Sending through Graph is tried with the first message (sendMail)."))
    return report.steps
