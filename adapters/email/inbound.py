"""One inbound pipeline for both ways in (SMTP listener, IMAP poll):
raw bytes -> checks -> one command on the person's behalf -> an `Outcome`.

Checks, in order: size; parse (stdlib `email`, policy.default); attachments
(only a text/calendar part is accepted); the reply token in the recipient
addresses (To, Cc, Delivered-To, X-Original-To, the SMTP envelope) must be
ours, well formed, signed by us and not expired; the From address must be the
person's, and, when SAMVERKA_MAIL_AUTHSERV_ID names a receiving server we
trust, that server's Authentication-Results must vouch for its domain
(`authresults`). What fails records nothing and gets a short, polite Swedish answer,
except automatic mail (auto-replies, bounces, lists), which never gets one.

Anyone can claim any sender, so an answer to a sender we have not verified
(a valid token AND the person's From) quotes nothing of the mail, and answers
are rate-limited per address and, for unverified senders, altogether
(`ledger.AnswerLimit`): Samverka cannot be made to spray mail. Answers to a
verified sender go to the person's address, not to the envelope sender.
Each command carries channel `email` and the Message-ID as `source_id`, so a
message delivered twice (or re-read after a crash) records once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from email.utils import getaddresses, parseaddr
from enum import StrEnum
from uuid import UUID
from zoneinfo import ZoneInfo

import structlog

from adapters.email import authresults, bounce, tokens
from adapters.email.actions import Actions, Done, Reply
from adapters.email.itip import calendar_answers, has_calendar
from adapters.email.ledger import AnswerLimit
from adapters.email.services import MailServices

log = structlog.get_logger(__name__)

TEXT_TYPES = frozenset({"text/plain", "text/html"})
RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "To", "Cc", "Envelope-To")
_SOURCE_ID = re.compile(r"^[\x21-\x7e]{1,200}$")
_ADDRESS = re.compile(r"^[\x21-\x3f\x41-\x7e]{1,64}@[a-z0-9.-]{1,200}$")
STOCKHOLM = ZoneInfo("Europe/Stockholm")


class Status(StrEnum):
    RECORDED = "recorded"  # a command changed something
    DUPLICATE = "duplicate"  # this Message-ID was recorded before, or nothing changed
    BOUNCED = "bounced"  # token or sender refused; nothing recorded
    REFUSED = "refused"  # too large or attachments; nothing recorded
    HELP = "help"  # understood who, not what: nothing recorded, help sent
    IGNORED = "ignored"  # automatic or unreadable mail: nothing recorded, no answer


@dataclass(frozen=True)
class Outcome:
    status: Status
    reason: str
    message_id: str | None = None
    aggregate_id: UUID | None = None
    replied: bool = False


def _header(message: EmailMessage, name: str) -> str:
    """A header as text; malformed headers read as empty, never raise."""
    try:
        values = message.get_all(name) or []
        return " ".join(str(v) for v in values)[:2000]
    except Exception:
        raw = [v for k, v in message.raw_items() if k.lower() == name.lower()]
        return " ".join(str(v) for v in raw)[:2000]


def _address(value: str) -> str:
    return parseaddr(value)[1].strip().lower()


def is_automatic(message: EmailMessage, envelope_from: str | None = None) -> bool:
    """Auto-replies, bounces, list and bulk mail: never answered (no mail loops)."""
    auto = _header(message, "Auto-Submitted").strip().lower()
    if auto and auto != "no":
        return True
    if _header(message, "Precedence").strip().lower() in ("bulk", "junk", "list", "auto_reply"):
        return True
    if any(_header(message, h) for h in ("X-Autoreply", "X-Autorespond", "List-Id")):
        return True
    return_path = _header(message, "Return-Path").strip()
    if return_path in ("<>", "") and "Return-Path" in message:
        return True
    if envelope_from is not None and envelope_from.strip() in ("", "<>"):
        return True
    for who in (_address(_header(message, "From")), _address(return_path), envelope_from or ""):
        local = who.rsplit("@", 1)[0].lower()
        if local in ("mailer-daemon", "postmaster"):
            return True
    return message.get_content_type() == "multipart/report"


def message_source(message: EmailMessage, raw: bytes) -> str:
    """The Message-ID as source_id; a digest of the bytes when it is missing or odd."""
    value = _header(message, "Message-ID").strip()
    if _SOURCE_ID.match(value):
        return value
    return "<sha256." + hashlib.sha256(raw).hexdigest()[:40] + "@samverka.invalid>"


def has_attachments(message: EmailMessage) -> bool:
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        if kind == "text/calendar":
            continue
        if kind not in TEXT_TYPES or part.get_content_disposition() == "attachment":
            return True
    return False


def recipient_tokens(message: EmailMessage, envelope_to: Iterable[str], domain: str) -> list[str]:
    values = [_header(message, name) for name in RECIPIENT_HEADERS]
    addresses = [a for _, a in getaddresses([v for v in values if v])] + list(envelope_to)
    found = []
    for address in addresses:
        if address.rsplit("@", 1)[-1].strip(" >").lower() != domain.lower():
            continue
        token = tokens.token_from_address(address)
        if token is not None and token not in found:
            found.append(token)
    return found


@dataclass(frozen=True)
class InboundConfig:
    domain: str  # reply addresses: svar+<token>@<domain>
    secret: str  # signs the reply tokens
    mail_from: str  # the sender of Samverka's answers
    max_bytes: int = 1024 * 1024
    authserv_ids: tuple[str, ...] = ()  # trusted Authentication-Results writers


class Inbound:
    """Turns one raw message into at most one recorded change (see module doc)."""

    def __init__(
        self,
        services: MailServices,
        config: InboundConfig,
        now: Callable[[], datetime],
        send: bounce.Send,
        *,
        limit: AnswerLimit,
    ) -> None:
        self.config = config
        self.services = services
        self.now = now
        self.send = send
        self.limit = limit
        self.actions = Actions(services, now)

    # -- the pipeline ------------------------------------------------------------

    def process(
        self, raw: bytes, *, envelope_to: Iterable[str] = (), envelope_from: str | None = None
    ) -> Outcome:
        if len(raw) > self.config.max_bytes:
            try:
                head = BytesHeaderParser(policy=policy.default).parsebytes(raw[:65536])
            except Exception:
                return Outcome(Status.IGNORED, "unreadable")
            assert isinstance(head, EmailMessage)
            return self._refuse(head, raw, "too_large", envelope_from)
        try:
            parsed = BytesParser(policy=policy.default).parsebytes(raw)
            assert isinstance(parsed, EmailMessage)
            message = parsed
            source = message_source(message, raw)
        except Exception:
            log.info("mail.unreadable", size=len(raw))
            return Outcome(Status.IGNORED, "unreadable")
        try:
            checked = self._check(message, source, envelope_to, envelope_from)
            if isinstance(checked, Outcome):
                return checked
            token, person_email = checked
            if token.kind == "s" and has_calendar(message):
                answers = calendar_answers(message)
                if answers:
                    done = self.actions.rsvp(token, person_email, answers, source)
                    return self._finish(message, source, done, envelope_from, person_email)
            if is_automatic(message, envelope_from):
                log.info("mail.automatic_ignored", message_id=source)
                return Outcome(Status.IGNORED, "automatic", source)
            if token.kind == "c":
                done = self.actions.checkin(token, message, source)
            else:
                done = self.actions.series_mail(token, message, source)
        except Exception as error:
            if not _is_parse_error(error):
                raise  # the store or read model failed: let the caller retry later
            log.warning("mail.unreadable", message_id=source, error=type(error).__name__)
            return Outcome(Status.IGNORED, "unreadable", source)
        return self._finish(message, source, done, envelope_from, person_email)

    def _check(
        self,
        message: EmailMessage,
        source: str,
        envelope_to: Iterable[str],
        envelope_from: str | None,
    ) -> Outcome | tuple[tokens.ReplyToken, str]:
        if has_attachments(message):
            return self._refuse(message, source, "attachment", envelope_from)
        found = recipient_tokens(message, envelope_to, self.config.domain)
        if not found:
            return self._bounce(message, source, "token", "token_missing", envelope_from)
        today = self.now().astimezone(STOCKHOLM).date()
        reason = "token_forged"
        meetings, plan = self.services.meetings, self.services.plan
        with meetings.connect() as conn:  # the token and its person in one read

            def resolve(kind: str, target: bytes, person: bytes) -> list[tuple[UUID, UUID]]:
                return meetings.reply_token_candidates(kind, target, person, conn=conn)

            for text in found:
                try:
                    token = tokens.decode(self.config.secret, text, resolve, today)
                except tokens.TokenError as error:
                    reason = "token_" + error.reason
                    continue
                person = plan.get_person(str(token.person), conn=conn)
                break
            else:
                return self._bounce(message, source, "token", reason, envelope_from)
        sender = _address(_header(message, "From"))
        email = (person or {}).get("email") or ""
        if not sender or person is None or person["forgotten"] or sender != email.lower():
            return self._bounce(message, source, "sender", "sender_mismatch", envelope_from)
        trusted = self.config.authserv_ids
        if trusted and not authresults.vouched(message, sender, trusted):
            reason = "sender_unauthenticated"
            return self._bounce(message, source, "unauthenticated", reason, envelope_from)
        return token, email.lower()

    # -- answers -----------------------------------------------------------------

    def _finish(
        self,
        message: EmailMessage,
        source: str,
        done: Done,
        envelope_from: str | None,
        person_email: str,
    ) -> Outcome:
        if done.reply is None:
            log.info("mail.processed", status=done.status, reason=done.reason, message_id=source)
            return Outcome(Status(done.status), done.reason, source, done.aggregate_id)
        replied = self._answer(message, source, done.reply, envelope_from, verified=person_email)
        log.info("mail.answered", status=done.status, reason=done.reason, message_id=source)
        return Outcome(Status(done.status), done.reason, source, done.aggregate_id, replied)

    def _bounce(
        self,
        message: EmailMessage,
        source: str,
        kind: str,
        reason: str,
        envelope_from: str | None,
    ) -> Outcome:
        replied = self._answer(message, source, Reply(kind), envelope_from)
        log.info("mail.bounced", reason=reason, message_id=source, replied=replied)
        return Outcome(Status.BOUNCED, reason, source, None, replied)

    def _refuse(
        self, message: EmailMessage, source_or_raw: str | bytes, kind: str, env: str | None
    ) -> Outcome:
        source = (
            source_or_raw
            if isinstance(source_or_raw, str)
            else message_source(message, source_or_raw[:65536])
        )
        replied = self._answer(message, source, Reply(kind), env)
        log.info("mail.refused", reason=kind, message_id=source, replied=replied)
        return Outcome(Status.REFUSED, kind, source, None, replied)

    def _answer(
        self,
        message: EmailMessage,
        source: str,
        reply: Reply,
        envelope_from: str | None,
        *,
        verified: str | None = None,
    ) -> bool:
        """Sends the answer unless the mail is automatic or the address had its
        answers for now; True if sent. `verified`: the person's own address,
        once the token and the From were found to be theirs; answers to anyone
        else quote nothing of the mail (subject, Message-ID)."""
        to = verified or (
            _address(envelope_from or "")
            or _address(_header(message, "Return-Path"))
            or _address(_header(message, "From"))
        )
        if not _ADDRESS.match(to) or is_automatic(message, envelope_from):
            return False
        limited = self.limit.take(to, verified=verified is not None, now=self.now())
        if limited is not None:
            log.warning("mail.answer_limited", limit=str(limited), message_id=source)
            return False
        subject = ""
        if verified:
            subject = "".join(c for c in _header(message, "Subject") if c.isprintable())
            subject = subject.strip()[:120]
        answer = bounce.compose(
            reply.kind,
            to=to,
            sender=self.config.mail_from,
            subject=subject,
            in_reply_to=source if verified and _SOURCE_ID.match(source) else None,
            detail=reply.detail,
            format_lines=reply.format_lines,
            lang=reply.lang,
        )
        try:
            self.send(answer)
        except OSError as error:  # smtplib errors are OSErrors: the answer is best effort
            log.warning("mail.answer_failed", error=type(error).__name__, message_id=source)
            return False
        return True


def _is_parse_error(error: Exception) -> bool:
    """Errors that come from odd input, not from the store (those are retried)."""
    return isinstance(error, ValueError | LookupError | TypeError | AttributeError | AssertionError)
